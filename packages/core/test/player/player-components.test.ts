/**
 * Composition through the public API: a custom ABR strategy, throughput
 * estimator and load-error policy are injected with `new Player(deps,
 * config, components)` and the request log / events show they decided.
 */
import { describe, expect, it } from 'vitest';
import {
  Player,
  type AbrContext,
  type AbrDecision,
  type AbrStrategy,
  type LoadErrorAction,
  type LoadErrorPolicy,
  type SegmentFailureAction,
  type ThroughputEstimator,
  type TransferCheck,
  type TransferSample,
} from '@edgeplay/core';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, vodMpd } from './fakes.js';

/** Always the second-lowest track; records what it was asked. */
class SecondTrackStrategy implements AbrStrategy {
  readonly name = 'second';
  readonly contexts: AbrContext[] = [];
  chooseTrack(context: AbrContext): AbrDecision {
    this.contexts.push(context);
    return { track: context.tracks[Math.min(1, context.tracks.length - 1)]!, reason: 'test: always the second track' };
  }
}

/** A fixed estimate; counts the samples the player feeds it. */
class FixedEstimator implements ThroughputEstimator {
  samples: TransferSample[] = [];
  addSample(sample: TransferSample): void {
    this.samples.push(sample);
  }
  getEstimate(): number {
    return 1_234_567;
  }
  getConfidence(): number {
    return 0.5;
  }
  getLatencyEstimate(): number {
    return 20;
  }
  reset(): void {
    this.samples = [];
  }
}

/** Abandons the first download that starts with some buffer (>= 3 s) to the lowest track; otherwise keeps going. */
class AbandonOncePolicy implements LoadErrorPolicy {
  readonly checks: TransferCheck[] = [];
  private done = false;
  constructor(private readonly lowest: () => AbrContext['tracks'][number] | undefined) {}
  checkTransfer(check: TransferCheck): LoadErrorAction {
    this.checks.push(check);
    const low = this.lowest();
    if (this.done || !low || check.progress.track.id === low.id || check.progress.bytesLoaded === 0) return { kind: 'continue' };
    if (check.bufferLevel < 3) return { kind: 'continue' };
    this.done = true;
    return { kind: 'switch-track', track: low, reason: 'test policy: abandon' };
  }
  checkSegmentFailure(): SegmentFailureAction {
    return { kind: 'skip' };
  }
}

describe('Player composition (public API)', () => {
  it('uses the injected ABR strategy, estimator and load-error policy', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    net.text('manifest.mpd', vodMpd(40, 2));
    net.throughput = () => 3_000_000; // slow enough that segments report progress (> 200 ms transfers)
    const sink = new FakeSink(clock);
    const strategy = new SecondTrackStrategy();
    const estimator = new FixedEstimator();
    const ladder: { lowest?: AbrContext['tracks'][number] } = {};
    const policy = new AbandonOncePolicy(() => ladder.lowest);
    const player = new Player({ clock, network: net, sink }, { streaming: { bufferGoal: 8 }, abr: { emergencyBufferS: 0 } }, { abrStrategy: strategy, throughputEstimator: estimator, loadErrorPolicy: policy });
    const adaptations: { to: string; reason: string; detail?: string }[] = [];
    player.on('adaptation', (a) => adaptations.push({ to: a.to.id, reason: a.reason, ...(a.detail ? { detail: a.detail } : {}) }));
    const errors: unknown[] = [];
    player.on('error', (e) => errors.push(e));

    const loading = player.load('https://cdn.example/manifest.mpd');
    await clock.advanceAsync(100);
    await loading;
    ladder.lowest = player.getTracks().find((t) => t.id === 'v1');
    await clock.advanceAsync(20_000);

    // The strategy decided (the controller's emergency rule is off: abr.emergencyBufferS = 0): every context carried the injected estimator's figure, and v2 was fetched.
    expect(strategy.contexts.length).toBeGreaterThan(3);
    expect(strategy.contexts.every((c) => c.estimatedBandwidth === 1_234_567 && c.confidence === 0.5)).toBe(true);
    const segments = net.requests.filter((r) => r.kind === 'segment');
    expect(segments[0]!.url).toMatch(/seg-v2-1\.m4s$/);
    // The estimator was fed by the request engine (segment and init transfers).
    expect(estimator.samples.length).toBeGreaterThan(3);
    expect(player.getStats().estimatedBandwidth).toBe(1_234_567);
    // The policy was consulted with the transfer's progress, and its abandon was carried out:
    // the v2 download in flight was aborted and the same segment fetched from v1.
    expect(policy.checks.length).toBeGreaterThan(0);
    expect(policy.checks.every((c) => c.estimatedBandwidth === 1_234_567)).toBe(true);
    const aborted = segments.find((r) => r.aborted);
    expect(aborted?.url).toMatch(/seg-v2-\d+\.m4s$/);
    const n = /-(\d+)\.m4s$/.exec(aborted!.url)![1];
    expect(segments.find((r) => !r.aborted && r.url.endsWith(`seg-v1-${n}.m4s`))).toBeDefined();
    expect(adaptations).toContainEqual({ to: 'v1', reason: 'abandon', detail: 'test policy: abandon' });
    expect(errors).toEqual([]);
    await player.destroy();
  });

  it('a DASH-only composition refuses HLS with a typed error naming the registered formats', async () => {
    const { dashFormat } = await import('@edgeplay/core');
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    net.text('master.m3u8', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000000\nv.m3u8\n');
    const player = new Player({ clock, network: net, sink: new FakeSink(clock) }, {}, { manifestParsers: [dashFormat] });
    const loading = player.load('https://cdn.example/master.m3u8');
    loading.catch(() => undefined);
    await clock.advanceAsync(100);
    await expect(loading).rejects.toMatchObject({ code: 'MANIFEST_WRONG_FORMAT', message: expect.stringContaining('(dash)') });
    await player.destroy();
  });
});
