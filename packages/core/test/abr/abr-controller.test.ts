import { describe, expect, it } from 'vitest';
import { AbrController, type AbrControllerDecision } from '../../src/abr/abr-controller.js';
import { applyCaps } from '../../src/abr/abr-caps.js';
import { ThroughputAbrStrategy } from '../../src/abr/throughput-abr-strategy.js';
import type { AbrContext, AbrDecision, AbrStrategy } from '../../src/abr/abr-strategy.js';
import { LADDER, context } from './ladder.js';

const kbps = (t: { bandwidth: number }) => t.bandwidth / 1000;

/** A strategy that answers whatever the test sets. */
class Scripted implements AbrStrategy {
  readonly name = 'scripted';
  next = LADDER[2]!;
  chooseTrack(): AbrDecision {
    return { track: this.next, reason: 'scripted' };
  }
}

describe('applyCaps', () => {
  it('removes tracks larger than display × dpr and above max resolution; never empties on soft caps', () => {
    const byDisplay = applyCaps(LADDER, { displaySize: { width: 640, height: 360 }, devicePixelRatio: 2 });
    expect(byDisplay.allowed.map(kbps)).toEqual([400, 800, 1500, 3000]);
    expect(byDisplay.excluded[0]!.reason).toMatch(/display/);
    expect(applyCaps(LADDER, { maxResolution: { width: 854, height: 480 } }).allowed.map(kbps)).toEqual([400, 800, 1500]);
    expect(applyCaps(LADDER, { maxResolution: { width: 10, height: 10 } }).allowed.map(kbps)).toEqual([400]);
  });
  it('removes restricted tracks outright', () => {
    expect(applyCaps(LADDER, { restrictedTrackIds: new Set(['v6000', 'v3000']) }).allowed.map(kbps)).toEqual([400, 800, 1500]);
    expect(applyCaps(LADDER, { restrictedTrackIds: new Set(LADDER.map((t) => t.id)) }).allowed).toEqual([]);
  });
});

describe('AbrController', () => {
  it('passes the strategy decision through with its reason and emits a decision event on switch', () => {
    const c = new AbrController(new ThroughputAbrStrategy());
    const events: AbrControllerDecision[] = [];
    c.on('decision', (d) => events.push(d));
    const d = c.choose(context({ estimatedBandwidth: 4e6 }));
    expect(kbps(d.track)).toBe(3000);
    expect(d).toMatchObject({ switched: true, kind: 'strategy' });
    expect(events).toHaveLength(1);
    expect(events[0]!.reason).toMatch(/throughput/);
  });

  it('holds count segments of media, not wall-clock time, and the up-hold ends on evidence', () => {
    const s = new Scripted();
    // 4 s segments: a one-segment minimum interval, a 3-segment no-return-up hold.
    const c = new AbrController(s, { minSwitchIntervalMs: 4000, upSwitchHoldAfterDownMs: 12_000, upHoldReleaseFactor: 1.25 });
    let current = LADDER[3]!;
    const next = (want: number, estimatedBandwidth = 2e6, now = 0) => {
      s.next = LADDER[want]!;
      const d = c.choose(context({ current, now, estimatedBandwidth, segmentDuration: 4 }));
      current = d.track;
      return d;
    };
    expect(next(2)).toMatchObject({ switched: true }); // down 3000 → 1500 (segment 1)
    // Wall-clock does not matter: 100 s later, but only one segment decided since the down-switch.
    expect(next(3, 2e6, 100_000)).toMatchObject({ switched: false, kind: 'held' });
    expect(next(3)).toMatchObject({ switched: false, kind: 'held' });
    expect(next(3)).toMatchObject({ switched: true, kind: 'strategy' }); // 12 s of media since the down-switch
    // Evidence ends the hold early: a fresh estimate of 1.25 × the track left.
    expect(next(2)).toMatchObject({ switched: true }); // down again
    expect(next(3, 3.75e6)).toMatchObject({ switched: true, kind: 'strategy' });
    // A strategy flapping every segment between two tracks, with a weak estimate: at most one down+up pair per 4 segments.
    let switches = 0;
    for (let i = 0; i < 60; i++) if (next(i % 2 ? 3 : 2).switched) switches++;
    expect(switches).toBeLessThanOrEqual(2 * Math.ceil(60 / 4));
    expect(switches).toBeGreaterThan(0);
  });

  it('a strategy that owns its hysteresis is not held', () => {
    const s = new Scripted();
    const owning: AbrStrategy = { name: 'owning', ownsHysteresis: true, chooseTrack: (ctx) => s.chooseTrack() ?? { track: ctx.tracks[0]!, reason: '' } };
    const c = new AbrController(owning, { minSwitchIntervalMs: 4000, upSwitchHoldAfterDownMs: 60_000 });
    s.next = LADDER[1]!;
    expect(c.choose(context({ current: LADDER[3]!, segmentDuration: 4 })).switched).toBe(true);
    s.next = LADDER[3]!;
    expect(c.choose(context({ current: LADDER[1]!, segmentDuration: 4, estimatedBandwidth: 1e6 }))).toMatchObject({ switched: true, kind: 'strategy' });
  });

  it('after a down-switch, climbing is allowed only to tracks below the one left', () => {
    const s = new Scripted();
    const c = new AbrController(s, { minSwitchIntervalMs: 1000, upSwitchHoldAfterDownMs: 10_000 });
    s.next = LADDER[0]!;
    const down = c.choose(context({ current: LADDER[3]!, segmentDuration: 2, estimatedBandwidth: 1e6 })); // 3000 → 400
    expect(down.track.id).toBe('v400');
    s.next = LADDER[4]!;
    const up = c.choose(context({ current: LADDER[0]!, segmentDuration: 2, estimatedBandwidth: 1e6 }));
    expect(up.track.id).toBe('v1500'); // highest below the 3000 just left
    expect(up.reason).toMatch(/limited below/);
  });

  it('emergency down-switch bypasses hysteresis when the buffer is nearly empty', () => {
    const s = new Scripted();
    s.next = LADDER[4]!;
    const c = new AbrController(s, { emergencyBufferS: 3 });
    c.choose(context({ current: LADDER[3]!, now: 0 })); // switched up at t=0
    const d = c.choose(context({ current: LADDER[4]!, now: 500, bufferLevel: 1.5, estimatedBandwidth: 2e6 }));
    expect(d.kind).toBe('emergency');
    expect(kbps(d.track)).toBe(800); // highest under 0.5 × 2 Mbit/s
    // Without an estimate it still steps down at least once.
    const d2 = c.choose(context({ current: LADDER[4]!, now: 600, bufferLevel: 1, estimatedBandwidth: 50e6, rebuffering: true }));
    expect(d2.kind).toBe('emergency');
    expect(d2.track.bandwidth).toBeLessThan(LADDER[4]!.bandwidth);
  });

  it('manual selection disables ABR until re-enabled', () => {
    const c = new AbrController(new ThroughputAbrStrategy());
    c.selectManually(LADDER[0]!);
    expect(c.enabled).toBe(false);
    const d = c.choose(context({ current: LADDER[2]!, estimatedBandwidth: 50e6 }));
    expect(d).toMatchObject({ kind: 'manual', switched: true });
    expect(d.track.id).toBe('v400');
    expect(c.choose(context({ current: LADDER[0]!, estimatedBandwidth: 50e6 })).track.id).toBe('v400');
    c.enable(true);
    expect(c.choose(context({ current: LADDER[0]!, estimatedBandwidth: 50e6, now: 1e6 })).track.id).toBe('v6000');
  });

  it('forces a switch off a track that became restricted, immediately', () => {
    const c = new AbrController(new ThroughputAbrStrategy());
    c.choose(context({ current: LADDER[2]!, estimatedBandwidth: 8e6, now: 0 }));
    c.setCaps({ restrictedTrackIds: new Set(['v6000']) });
    const d = c.choose(context({ current: LADDER[4]!, estimatedBandwidth: 8e6, now: 10 }));
    expect(d.kind).toBe('forced');
    expect(d.track.id).toBe('v3000');
  });

  it('respects display-size caps for the strategy', () => {
    const c = new AbrController(new ThroughputAbrStrategy());
    c.setCaps({ displaySize: { width: 480, height: 270 }, devicePixelRatio: 2 });
    expect(c.choose(context({ current: null, estimatedBandwidth: 100e6 })).track.id).toBe('v1500');
  });

  it('throws a RangeError when every track is restricted', () => {
    const c = new AbrController(new ThroughputAbrStrategy());
    c.setCaps({ restrictedTrackIds: new Set(LADDER.map((t) => t.id)) });
    expect(() => c.choose(context())).toThrow(RangeError);
  });

  it('async strategy: keeps the current track, then applies the late answer on the next decision', async () => {
    let resolve: (d: AbrDecision) => void = () => undefined;
    const slow: AbrStrategy = {
      name: 'async',
      chooseTrack: (_ctx: AbrContext) => new Promise<AbrDecision>((r) => (resolve = r)),
    };
    const c = new AbrController(slow);
    const d1 = c.choose(context({ current: LADDER[1]!, now: 0 }));
    expect(d1).toMatchObject({ kind: 'held', switched: false });
    resolve({ track: LADDER[3]!, reason: 'model says 3000' });
    await Promise.resolve();
    await Promise.resolve();
    const d2 = c.choose(context({ current: LADDER[1]!, now: 100 }));
    expect(d2).toMatchObject({ kind: 'strategy', switched: true, reason: 'model says 3000' });
    expect(d2.track.id).toBe('v3000');
  });

  it('checkAbandon delegates to the strategy and counts as a down-switch', () => {
    const c = new AbrController({
      name: 'x',
      chooseTrack: () => ({ track: LADDER[4]!, reason: 'up' }),
      shouldAbandon: () => ({ track: LADDER[1]!, reason: 'too slow' }),
    });
    const inFlight = { track: LADDER[4]!, bytesLoaded: 1, bytesTotal: 10, elapsedMs: 1000, segmentDuration: 4 };
    const d = c.checkAbandon(context({ current: LADDER[4]!, inFlight, now: 0 }));
    expect(d).toMatchObject({ kind: 'abandon', switched: true });
    // Up-switch right after is held.
    expect(c.choose(context({ current: LADDER[1]!, now: 5000 })).kind).toBe('held');
  });
});
