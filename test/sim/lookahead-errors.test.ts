/**
 * Look-ahead segment errors (issue 13.5) on the simulator: the real Player
 * (request engine with two pathways, schedulers, load-error policy, playhead
 * supervisor) on a virtual clock, with one video segment (12–14 s) refused
 * with 404 by every cache. The buffered media must stay, another rendition of
 * the same time is tried, and when nothing serves it the playhead skips the
 * hole (a recoverable SEGMENT_UNAVAILABLE naming the URL) instead of a fatal
 * error or a stall at the hole.
 */
import { describe, expect, it } from 'vitest';
import { Player, type EdgeplayError } from '@edgeplay/core';
import { SimulatedMediaSink, TraceNetworkClient, VirtualClock, runSimulation, syntheticPresentation } from '../../packages/sim/src/index.js';

async function play(ladder: number[], missing: RegExp) {
  const clock = new VirtualClock();
  const content = syntheticPresentation({ ladder, audioBandwidth: 128e3, duration: 40, segmentDuration: 2 });
  const network = new TraceNetworkClient({ clock, trace: [{ time_s: 0, mbps: 10 }], content, rttMs: 30, faults: (req) => (missing.test(req.url) ? { kind: 'status', status: 404 } : null) });
  const sink = new SimulatedMediaSink({ clock });
  const player = new Player({ clock, network, sink }, { streaming: { bufferGoal: 30 } });
  const errors: EdgeplayError[] = [];
  player.on('error', (e) => errors.push(e));
  await Promise.all([player.load(content.manifestUrl).catch(() => undefined), runSimulation(clock, () => sink.ended || player.state === 'error', 200_000)]);
  const result = { errors, state: player.state, sink, log: network.log, now: clock.now() };
  await player.destroy();
  return result;
}

const fatal = (errors: EdgeplayError[]) => errors.filter((e) => e.severity === 'fatal').map((e) => `${e.code}: ${e.message}`);

describe('a look-ahead segment refused everywhere', () => {
  it('one rendition: the hole is skipped, the media around it plays, every attempt is in the request log', async () => {
    const r = await play([1e6], /\/video\/[^/]+\/seg-7\.m4s/);
    expect(fatal(r.errors)).toEqual([]);
    expect(r.sink.ended).toBe(true);
    // 40 s less the 2 s hole.
    expect(r.sink.playedS).toBeGreaterThan(37);
    const hole = r.errors.filter((e) => e.code === 'SEGMENT_UNAVAILABLE');
    expect(hole).toHaveLength(1);
    expect(hole[0]!.severity).toBe('recoverable');
    expect(String(hole[0]!.details.uri)).toMatch(/seg-7\.m4s$/);
    const attempts = r.log.filter((l) => /\/video\/.*seg-7\.m4s/.test(l.url));
    // Both caches asked, and asked again while the hole was far ahead (every 2 s until 8 s before it).
    expect(new Set(attempts.map((l) => l.pathwayId))).toEqual(new Set(['a', 'b']));
    expect(attempts.length).toBeGreaterThan(2);
    expect(attempts.every((l) => l.status === 404)).toBe(true);
    // Nothing already buffered was dropped: the playhead reached the hole with media ahead until it.
    expect(r.sink.appendLog.filter((a) => a.type === 'video' && a.start >= 12 && a.start < 14)).toEqual([]);
    expect(r.sink.appendLog.some((a) => a.type === 'video' && a.start >= 14)).toBe(true);
  });

  it('two renditions, one missing the segment: the other rendition fills the same time, no hole', async () => {
    const r = await play([500e3, 1e6], /\/video\/v1000000\/seg-7\.m4s/);
    expect(fatal(r.errors)).toEqual([]);
    expect(r.errors.filter((e) => e.code === 'SEGMENT_UNAVAILABLE')).toEqual([]);
    const seven = r.sink.appendLog.filter((a) => a.type === 'video' && Math.abs(a.start - 12) < 0.01);
    expect(seven.map((a) => a.trackId)).toContain('v500000');
    expect(r.sink.playedS).toBeGreaterThan(39);
  });

  it('every rendition missing it: both are tried, then the hole is skipped', async () => {
    const r = await play([500e3, 1e6], /\/video\/[^/]+\/seg-7\.m4s/);
    expect(fatal(r.errors)).toEqual([]);
    const tried = new Set(r.log.filter((l) => /seg-7\.m4s/.test(l.url) && l.url.includes('/video/')).map((l) => /\/video\/([^/]+)\//.exec(l.url)![1]));
    expect(tried).toEqual(new Set(['v500000', 'v1000000']));
    expect(r.errors.filter((e) => e.code === 'SEGMENT_UNAVAILABLE')).toHaveLength(1);
    expect(r.sink.ended).toBe(true);
  });

  it('nothing can be fetched at all (every video segment refused): fatal, bounded', async () => {
    const r = await play([1e6], /\/video\/[^/]+\/seg-\d+\.m4s/);
    expect(r.state).toBe('error');
    expect(fatal(r.errors).length).toBe(1);
    expect(fatal(r.errors)[0]).toMatch(/^SEGMENT_UNAVAILABLE/);
    expect(r.now).toBeLessThan(30_000);
  });
});
