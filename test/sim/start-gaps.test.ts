/**
 * Start gaps (issue 13.4) on the simulator: the real Player on a virtual
 * clock, with media that starts later than the MPD says. The synthetic
 * payloads carry their media time, so shifting a type's headers is exactly
 * "the media of this type starts N s later than the manifest implies" (a
 * presentationTimeOffset / EPT mismatch, or muxer start offsets).
 * Playback must start where every type has media, and a start that cannot
 * happen must be a typed error within a bound, never an endless spinner.
 */
import { describe, expect, it } from 'vitest';
import { Player, type EdgeplayError, type DeepPartial, type PlayerConfig } from '@edgeplay/core';
import { SimulatedMediaSink, TraceNetworkClient, VirtualClock, runSimulation, syntheticPresentation, type NetworkFault, type SyntheticPresentation } from '../../packages/sim/src/index.js';

/** `content` with each type's media times moved by `offsets[type]` seconds (init segments untouched). */
function withMediaOffsets(content: SyntheticPresentation, offsets: Partial<Record<'video' | 'audio', number>>): SyntheticPresentation {
  return {
    ...content,
    resolve: (url) => {
      const r = content.resolve(url);
      const d = r && !r.header.init ? (offsets[r.header.type as 'video' | 'audio'] ?? 0) : 0;
      return r && d ? { ...r, header: { ...r.header, start: r.header.start + d, end: r.header.end + d } } : r;
    },
  };
}

interface Run {
  errors: EdgeplayError[];
  state: string;
  /** Media time when playback first left buffering, or null. */
  startedAt: number | null;
  /** Virtual time of the first fatal error, ms, or null. */
  failedAt: number | null;
  playedS: number;
}

async function play(offsets: Partial<Record<'video' | 'audio', number>>, options: { config?: DeepPartial<PlayerConfig>; fault?: NetworkFault; limitMs?: number } = {}): Promise<Run> {
  const clock = new VirtualClock();
  const content = withMediaOffsets(syntheticPresentation({ ladder: [1e6], audioBandwidth: 128e3, duration: 40, segmentDuration: 2 }), offsets);
  const fault = options.fault;
  const network = new TraceNetworkClient({ clock, trace: [{ time_s: 0, mbps: 20 }], content, rttMs: 20, ...(fault ? { faults: (req) => (req.kind === 'segment' ? fault : null) } : {}) });
  const sink = new SimulatedMediaSink({ clock });
  const player = new Player({ clock, network, sink }, options.config ?? {});
  const errors: EdgeplayError[] = [];
  let startedAt: number | null = null;
  let failedAt: number | null = null;
  player.on('error', (e) => {
    errors.push(e);
    if (e.severity === 'fatal') failedAt ??= clock.now();
  });
  player.on('buffering', ({ buffering }) => {
    if (!buffering && startedAt === null) startedAt = sink.currentTime();
  });
  await Promise.all([player.load(content.manifestUrl).catch((e: EdgeplayError) => ((failedAt ??= clock.now()), errors.push(e))), runSimulation(clock, () => sink.ended || player.state === 'error', options.limitMs ?? 120_000)]);
  const run = { errors, state: player.state, startedAt, failedAt, playedS: sink.playedS };
  await player.destroy();
  return run;
}

const fatal = (r: Run) => r.errors.filter((e) => e.severity === 'fatal').map((e) => e.code);

describe('start gaps on the virtual clock', () => {
  it('video media 10 s later than the MPD: starts at 10 s, where both types have media, and plays to the end', async () => {
    const r = await play({ video: 10 });
    expect(fatal(r)).toEqual([]);
    expect(r.startedAt).toBeGreaterThanOrEqual(10);
    expect(r.startedAt).toBeLessThan(10.1);
    // Audio ends at 40 s, video at 50 s: the common media is 10–40 s.
    expect(r.playedS).toBeGreaterThan(29);
  });

  it.each([
    ['video 1 s early, audio 1 s late', { video: -1, audio: 1 }, 1],
    ['audio 1 s early, video 1 s late', { video: 1, audio: -1 }, 1],
    ['audio only 1 s late', { audio: 1 }, 1],
  ] as const)('A/V start offsets (%s): starts at the first common time', async (_name, offsets, expected) => {
    const r = await play(offsets);
    expect(fatal(r)).toEqual([]);
    expect(r.startedAt).toBeGreaterThanOrEqual(expected);
    expect(r.startedAt).toBeLessThan(expected + 0.1);
    expect(r.state === 'ended' || r.playedS > 30).toBe(true);
  });

  it('no time where both types have media: START_STALLED once everything is fetched, not a hang', async () => {
    const r = await play({ video: 100 });
    expect(fatal(r)).toEqual(['START_STALLED']);
    expect(r.state).toBe('error');
    expect(r.startedAt).toBeNull();
    // 40 s of media per type at 20 Mbit/s arrive in a few seconds; the error follows within a tick.
    expect(r.failedAt).toBeLessThan(10_000);
  });

  it('nothing ever buffered (every segment request hangs): START_STALLED within streaming.startTimeoutMs', async () => {
    const r = await play({}, { fault: { kind: 'hang' }, config: { streaming: { startTimeoutMs: 5000 } } });
    expect(fatal(r)).toContain('START_STALLED');
    expect(r.startedAt).toBeNull();
    expect(r.failedAt).toBeGreaterThanOrEqual(5000);
    expect(r.failedAt).toBeLessThan(5000 + 500); // one 250 ms supervision tick late at most
  });

  it('nothing ever buffered with the default bound: a typed fatal error, never a hang', async () => {
    const r = await play({}, { fault: { kind: 'hang' }, limitMs: 200_000 });
    expect(r.state).toBe('error');
    expect(fatal(r).length).toBeGreaterThan(0);
    expect(r.failedAt).toBeLessThanOrEqual(90_000 + 500);
  });
});
