/**
 * The player's QoE figures against the simulator's ground truth: the
 * time-weighted bitrate in `getStats()` must describe what was played (the
 * simulated decoder knows which track's samples it rendered), not what was
 * being downloaded a buffer goal ahead.
 */
import { describe, expect, it } from 'vitest';
import { HybridAbrStrategy, Player } from '@edgeplay/core';
import { SimulatedMediaSink, TraceNetworkClient, VirtualClock, installAbrStrategy, runSimulation, syntheticPresentation } from '../../packages/sim/src/index.js';

describe('QoE accuracy on the simulator', () => {
  it('averageBitrate is the played (not the downloaded) time-weighted bitrate, within 3 %', async () => {
    const clock = new VirtualClock();
    const content = syntheticPresentation({ ladder: [300e3, 750e3, 1.5e6, 3e6, 6e6], duration: 120, segmentDuration: 4 });
    // Fast, then slow, then fast: with a 30 s buffer the downloader runs far ahead of the playhead.
    const network = new TraceNetworkClient({ clock, trace: [{ time_s: 0, mbps: 12 }, { time_s: 30, mbps: 1.2 }, { time_s: 70, mbps: 12 }], content, rttMs: 40 });
    const sink = new SimulatedMediaSink({ clock });
    const player = new Player({ clock, network, sink }, { streaming: { bufferGoal: 30 } });
    installAbrStrategy(player, new HybridAbrStrategy());
    void player.load(content.manifestUrl);
    let midway: { stats: number; truth: number } | null = null;
    await runSimulation(
      clock,
      () => {
        if (!midway && sink.currentTime() >= 60) {
          midway = { stats: player.getStats().averageBitrate, truth: sink.playedQuality('video', sink.currentTime(), (id) => Number(id.slice(1))).meanBitrate };
        }
        return sink.ended;
      },
      400_000,
    );
    const stats = player.getStats();
    const truth = sink.playedQuality('video', sink.currentTime(), (id) => Number(id.slice(1)));
    await player.destroy();
    expect(sink.ended).toBe(true);
    expect(truth.switches).toBeGreaterThan(0);
    expect(Math.abs(stats.averageBitrate / truth.meanBitrate - 1)).toBeLessThan(0.03);
    // Halfway, after the slow phase began, download-time accounting would be far off; played accounting is not.
    expect(midway).not.toBeNull();
    expect(Math.abs(midway!.stats / midway!.truth - 1)).toBeLessThan(0.03);
  });
});
