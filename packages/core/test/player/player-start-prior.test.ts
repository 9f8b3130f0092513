import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { AbrContext, AbrStrategy } from '../../src/abr/abr-strategy.js';
import { LAST_SESSION_BANDWIDTH_KEY } from '../../src/abr/last-session-bandwidth.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, vodMpd } from './fakes.js';
import { MapStorage } from '../support/map-storage.js';

/** Lowest track always; records every context it is asked with. */
class RecordingStrategy implements AbrStrategy {
  readonly name = 'recording';
  readonly contexts: AbrContext[] = [];
  chooseTrack(context: AbrContext) {
    // A copy: the Player's sample list is live.
    this.contexts.push({ ...context, throughputSamples: [...(context.throughputSamples ?? [])] });
    return { track: context.tracks[0]!, reason: 'test' };
  }
}

async function play(storage: MapStorage, downlinkBps: number | undefined, seconds: number) {
  const clock = new VirtualClock();
  const net = new FakeNetwork(clock);
  net.text('manifest.mpd', vodMpd(120, 2));
  net.throughput = () => 8_000_000;
  const strategy = new RecordingStrategy();
  const player = new Player({ clock, network: net, sink: new FakeSink(clock), storage, networkHints: { downlinkBps: () => downlinkBps } }, { streaming: { bufferGoal: 10 } }, { abrStrategy: strategy });
  const loading = player.load('https://cdn.example/manifest.mpd');
  await clock.advanceAsync(50);
  await loading;
  await clock.advanceAsync(seconds * 1000);
  await player.destroy();
  return strategy.contexts;
}

describe('Player start prior', () => {
  it('feeds the first decision a prior from the last session and the downlink hint, until a segment is measured', async () => {
    const storage = new MapStorage();
    storage.set(LAST_SESSION_BANDWIDTH_KEY, JSON.stringify({ bps: 6_000_000, at: Date.now() }));
    const contexts = await play(storage, 3_000_000, 10);
    const first = contexts[0]!;
    expect(first.throughputSamples ?? []).toHaveLength(0);
    // Between the two sources (the fake manifest is too small to measure), nearer the heavier last session.
    expect(first.initialEstimate).toBeGreaterThan(4_000_000);
    expect(first.initialEstimate).toBeLessThan(6_000_000);
    const measured = contexts.find((c) => (c.throughputSamples ?? []).length > 0);
    expect(measured).toBeDefined();
    expect(measured!.initialEstimate).toBeUndefined();
  });

  it('persists the session’s estimate for the next one', async () => {
    const storage = new MapStorage();
    await play(storage, undefined, 10);
    const stored = JSON.parse(storage.get(LAST_SESSION_BANDWIDTH_KEY) ?? 'null') as { bps: number } | null;
    expect(stored?.bps).toBeGreaterThan(1_000_000);
    // The next session starts from it.
    const contexts = await play(storage, undefined, 1);
    expect(contexts[0]!.initialEstimate).toBeCloseTo(stored!.bps, -3);
  });
});
