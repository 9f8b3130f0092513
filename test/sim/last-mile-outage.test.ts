/**
 * Stalls the cache did not cause: the real Player on the virtual clock with
 * two pathways sharing one last mile (the TraceNetworkClient's single
 * link), which goes dead for 20 s. Switching cache cannot help there; the
 * transfer in flight must be kept (not dropped and restarted on the other
 * cache), and a cache that really dies mid-body while the other is healthy
 * must still be left — after one probe of the other cache — without a stall.
 */
import { describe, expect, it } from 'vitest';
import { HybridAbrStrategy, Player, type EdgeplayError } from '@edgeplay/core';
import { SimulatedMediaSink, TraceNetworkClient, VirtualClock, runSimulation, installAbrStrategy, syntheticPresentation, type FaultHook, type TracePoint } from '../../packages/sim/src/index.js';

async function play(options: { trace: TracePoint[]; ladder: number[]; segmentDuration: number; duration: number; bufferGoal: number; faults?: FaultHook }) {
  const clock = new VirtualClock();
  const content = syntheticPresentation({ ladder: options.ladder, duration: options.duration, segmentDuration: options.segmentDuration });
  const network = new TraceNetworkClient({ clock, trace: options.trace, content, rttMs: 80, ...(options.faults ? { faults: options.faults } : {}) });
  const sink = new SimulatedMediaSink({ clock });
  const player = new Player({ clock, network, sink }, { streaming: { bufferGoal: options.bufferGoal } });
  installAbrStrategy(player, new HybridAbrStrategy());
  const errors: EdgeplayError[] = [];
  const changes: string[] = [];
  player.on('error', (e) => errors.push(e));
  player.on('cdnchanged', (c) => changes.push(`${c.from}>${c.to} ${c.reason}`));
  await Promise.all([player.load(content.manifestUrl).catch(() => undefined), runSimulation(clock, () => sink.ended || player.state === 'error', 600_000)]);
  await player.destroy();
  const bytesOf = (url: string) => content.resolve(url)?.bytes ?? Infinity;
  return { sink, log: network.log, errors, changes, bytesOf };
}

/** 0.4 Mbit/s with the link dead for 20 s (one point per second, each the rate of the second before it). */
const outageTrace: TracePoint[] = Array.from({ length: 400 }, (_, t) => ({ time_s: t, mbps: t >= 50 && t < 70 ? 0 : 0.4 }));

describe('last-mile outage on a link every pathway shares', () => {
  it('the segment in flight is kept through the outage, not dropped and restarted on the other cache', async () => {
    const r = await play({ trace: outageTrace, ladder: [300e3], segmentDuration: 4, duration: 120, bufferGoal: 30 });
    expect(r.errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    expect(r.sink.ended).toBe(true);
    const segments = r.log.filter((l) => l.kind === 'segment');
    // The transfer caught by the outage (a trace point is the rate of the second before it: dead 49–69 s):
    // started before it, ended after it, on one pathway, complete.
    const spanning = segments.filter((l) => l.start < 49_000 && l.end !== null && l.end > 65_000);
    expect(spanning.map((l) => l.outcome)).toEqual(['ok']);
    // No transfer that had most of its bytes was thrown away.
    const dropped = segments.filter((l) => l.outcome === 'aborted' && l.bytes >= 0.5 * r.bytesOf(l.url));
    expect(dropped).toEqual([]);
    // The other cache was asked once whether it answers (a one-byte probe); it did not, so nothing moved.
    expect(r.log.filter((l) => l.kind === 'other').length).toBeGreaterThanOrEqual(1);
    expect(r.changes.filter((c) => c.includes('failure'))).toEqual([]);
    // Stall no longer than the dead time left after the buffer ran out (the outage is 20 s).
    expect(r.sink.stallMs).toBeLessThan(20_000);
  });

  it('a cache that dies after 80 % of a segment while the other is healthy is still left, after the probe, without a stall', async () => {
    const trace: TracePoint[] = [{ time_s: 0, mbps: 8 }];
    let bytesOf: (url: string) => number = () => Infinity;
    const content = syntheticPresentation({ ladder: [500e3, 1e6, 2e6], duration: 60, segmentDuration: 2 });
    bytesOf = (url) => content.resolve(url)?.bytes ?? Infinity;
    const r = await play({
      trace,
      ladder: [500e3, 1e6, 2e6],
      segmentDuration: 2,
      duration: 60,
      bufferGoal: 10,
      faults: (req, { now, pathwayId }) => (pathwayId === 'a' && now >= 20_000 && req.kind === 'segment' ? { kind: 'stall', afterBytes: Math.floor(0.8 * bytesOf(req.url)) } : null),
    });
    expect(r.errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    expect(r.sink.ended).toBe(true);
    expect(r.sink.stallCount).toBe(0);
    expect(r.changes).toContain('a>b failure:stalled');
    const probes = r.log.filter((l) => l.kind === 'other');
    expect(probes.length).toBeGreaterThanOrEqual(1);
    expect(probes.every((l) => l.pathwayId === 'b' && l.outcome === 'ok')).toBe(true);
    expect(r.log.filter((l) => l.kind === 'segment' && l.start >= 20_000 && l.outcome === 'ok').every((l) => l.pathwayId === 'b')).toBe(true);
  });
});
