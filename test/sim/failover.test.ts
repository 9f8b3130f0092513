/**
 * Groundwork for the failover issue, on the simulator with the real Player:
 * when the primary cache starts refusing connections or answering 503 at
 * t = 20 s, playback continues from the second cache without a stall.
 * (Hangs and mid-body stalls need the TTFB/slow-transfer detection the
 * failover issue adds on top of the request engine.)
 */
import { describe, expect, it } from 'vitest';
import { Player } from '@edgeplay/core';
import { HybridAbrStrategy } from '@edgeplay/core';
import {
  SimulatedMediaSink,
  TraceNetworkClient,
  VirtualClock,
  flushMicrotasks,
  installAbrStrategy,
  syntheticPresentation,
  type NetworkFault,
} from '../../packages/core/src/sim/index.js';

async function playWithFault(fault: NetworkFault) {
  const clock = new VirtualClock();
  const content = syntheticPresentation({ ladder: [500e3, 1e6, 2e6], duration: 60, segmentDuration: 2 });
  const network = new TraceNetworkClient({
    clock,
    trace: [{ time_s: 0, mbps: 8 }],
    content,
    rttMs: 40,
    faults: (req, { now, pathwayId }) => (pathwayId === 'a' && now >= 20_000 && req.kind === 'segment' ? fault : null),
  });
  const sink = new SimulatedMediaSink({ clock });
  const player = new Player({ clock, network, sink }, { streaming: { bufferGoal: 10 } });
  installAbrStrategy(player, new HybridAbrStrategy());
  const errors: string[] = [];
  player.on('error', (e) => errors.push(`${e.code} ${e.severity}`));
  await Promise.all([
    player.load(content.manifestUrl),
    (async () => {
      while (!sink.ended && clock.now() < 200_000) {
        await flushMicrotasks();
        const due = clock.nextDue();
        if (due === Infinity) break;
        clock.runUntil(due);
      }
    })(),
  ]);
  const after = network.log.filter((l) => l.kind === 'segment' && l.start >= 20_000);
  await player.destroy();
  return { sink, after, errors };
}

describe('cache failover on the simulator (Player + RequestEngine)', () => {
  for (const fault of [{ kind: 'refuse' }, { kind: 'status', status: 503 }] as NetworkFault[]) {
    it(`primary ${fault.kind === 'refuse' ? 'refuses connections' : 'answers 503'} from t=20 s: no stall, segments come from cache b`, async () => {
      const { sink, after, errors } = await playWithFault(fault);
      expect(sink.ended).toBe(true);
      expect(sink.stallCount).toBe(0);
      expect(after.some((l) => l.pathwayId === 'a' && l.outcome === 'error')).toBe(true);
      expect(after.filter((l) => l.outcome === 'ok').every((l) => l.pathwayId === 'b')).toBe(true);
      expect(errors.filter((e) => e.endsWith('fatal'))).toEqual([]);
    });
  }
});
