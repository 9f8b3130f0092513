/**
 * Multi-cache failover and content steering on the simulator, with the real
 * Player (request engine, pathway manager, transfer supervision, schedulers)
 * on a virtual clock: the primary cache fails at t = 20 s in each of the ways
 * a CDN fails — refused connections, 503s, hanging without a first byte,
 * stalling mid-body, throttled below the lowest rendition — with a 10 s
 * buffer goal, and playback must go on from the other cache without a stall.
 * Also: a cache whose penalty expires is used again, a steering update moves
 * new requests within one TTL, and all caches down is a bounded, typed fatal
 * error.
 */
import { describe, expect, it } from 'vitest';
import type { EdgeplayError, NetworkRequest } from '@edgeplay/core';
import {
  TraceNetworkClient,
  VirtualClock,
  runSimulation,
  syntheticPresentation,
  type NetworkFault,
} from '../../packages/sim/src/index.js';
import { simulatedPlayer } from './support/sim-player.js';

interface Scenario {
  fault: (req: NetworkRequest, now: number, pathwayId: string | null) => NetworkFault | null;
  steering?: (req: NetworkRequest, now: number) => { status: number; body: string } | null;
  durationS?: number;
  limitMs?: number;
}

async function play(s: Scenario) {
  const clock = new VirtualClock();
  const content = syntheticPresentation({
    ladder: [500e3, 1e6, 2e6],
    duration: s.durationS ?? 60,
    segmentDuration: 2,
    ...(s.steering ? { contentSteering: { serverUri: 'https://steering.sim.invalid/steer?session=1' } } : {}),
  });
  const network = new TraceNetworkClient({
    clock,
    trace: [{ time_s: 0, mbps: 8 }],
    content,
    rttMs: 40,
    faults: (req, { now, pathwayId }) => s.fault(req, now, pathwayId),
    ...(s.steering ? { routes: (req: NetworkRequest, now: number) => (req.kind === 'steering' ? s.steering!(req, now) : null) } : {}),
  });
  const { player, sink } = simulatedPlayer(clock, network);
  const errors: EdgeplayError[] = [];
  const changes: { from: string | null; to: string; reason: string; at: number }[] = [];
  player.on('error', (e) => errors.push(e));
  player.on('cdnchanged', (c) => changes.push({ ...c, at: clock.now() }));
  const limit = s.limitMs ?? 200_000;
  await Promise.all([
    player.load(content.manifestUrl).catch(() => undefined),
    runSimulation(clock, () => sink.ended || player.state === 'error', limit),
  ]);
  const stats = player.getStats();
  const state = player.state;
  const segments = network.log.filter((l) => l.kind === 'segment');
  await player.destroy();
  return { sink, network, segments, errors, changes, stats, state, now: clock.now() };
}

const fatal = (errors: EdgeplayError[]) => errors.filter((e) => e.severity === 'fatal').map((e) => `${e.code}: ${e.message}`);
const onAFrom20s = (fault: NetworkFault) => (req: NetworkRequest, now: number, pathwayId: string | null) => (pathwayId === 'a' && now >= 20_000 && req.kind === 'segment' ? fault : null);

describe('cache failover on the simulator (10 s buffer goal, primary fails at t = 20 s)', () => {
  const cases: { name: string; fault: NetworkFault; reason: string }[] = [
    { name: 'refuses connections', fault: { kind: 'refuse' }, reason: 'failure:connection' },
    { name: 'answers 503', fault: { kind: 'status', status: 503 }, reason: 'failure:http-error' },
    { name: 'hangs without a first byte', fault: { kind: 'hang' }, reason: 'failure:slow-ttfb' },
    { name: 'stalls mid-body', fault: { kind: 'stall', afterBytes: 40_000 }, reason: 'failure:stalled' },
    { name: 'is throttled below the lowest rendition', fault: { kind: 'throttle', mbps: 0.2 }, reason: 'failure:too-slow' },
  ];
  for (const c of cases) {
    it(`primary ${c.name}: no stall, the rest comes from cache b, cdnchanged says why`, async () => {
      const r = await play({ fault: onAFrom20s(c.fault) });
      expect(fatal(r.errors)).toEqual([]);
      expect(r.sink.ended).toBe(true);
      expect(r.sink.stallCount).toBe(0);
      const after = r.segments.filter((l) => l.start >= 20_000);
      expect(after.some((l) => l.pathwayId === 'a' && l.outcome !== 'ok')).toBe(true);
      expect(after.filter((l) => l.outcome === 'ok').every((l) => l.pathwayId === 'b')).toBe(true);
      expect(r.changes.map((x) => `${x.from}>${x.to} ${x.reason}`)).toContain(`a>b ${c.reason}`);
      expect(r.stats.cdnChanges).toBeGreaterThanOrEqual(1);
      expect(r.stats.pathwayFailures).toBeGreaterThanOrEqual(1);
      // Time to switch: the first good segment from b within a segment duration or two of the first failure.
      const firstFailure = after.find((l) => l.pathwayId === 'a')!;
      const firstFromB = after.find((l) => l.pathwayId === 'b' && l.outcome === 'ok')!;
      expect(firstFromB.end! - firstFailure.start).toBeLessThan(6000);
    });
  }

  it('a cache that recovers is used again once its penalty expires', async () => {
    // a refuses from 20 s to 24 s; the penalty box holds it for 10 s, then a probe finds it healthy.
    const r = await play({ fault: (req, now, p) => (p === 'a' && now >= 20_000 && now < 24_000 && req.kind === 'segment' ? { kind: 'refuse' } : null), durationS: 90 });
    expect(fatal(r.errors)).toEqual([]);
    expect(r.sink.stallCount).toBe(0);
    expect(r.segments.some((l) => l.pathwayId === 'b' && l.outcome === 'ok' && l.start >= 20_000)).toBe(true);
    const back = r.segments.filter((l) => l.pathwayId === 'a' && l.outcome === 'ok' && l.start >= 24_000);
    expect(back.length).toBeGreaterThan(5);
    expect(back[0]!.start).toBeGreaterThanOrEqual(29_000); // not before the 10 s penalty
    expect(back[0]!.start).toBeLessThan(45_000);
    expect(r.changes.some((x) => x.to === 'a' && x.reason === 'recovered')).toBe(true);
  });

  it('all caches down: a typed fatal error after the bounded retry budget, not a hang', async () => {
    const r = await play({ fault: (req, now) => (now >= 20_000 && req.kind === 'segment' ? { kind: 'refuse' } : null), limitMs: 180_000 });
    expect(r.state).toBe('error');
    const f = r.errors.find((e) => e.severity === 'fatal');
    expect(f?.code).toBe('ALL_PATHWAYS_FAILED');
    // Refused everywhere looks like the client's own network being down: ridden out for
    // net.retry.outageToleranceMs (60 s) from the first failure, then the ordinary budget of
    // 4 rounds (≤ 4 s × 1.5 apart) and fatal — far from the limit.
    expect(r.now).toBeGreaterThan(20_000 + 60_000);
    expect(r.now).toBeLessThan(20_000 + 60_000 + 30_000);
  });
});

describe('content steering on the simulator', () => {
  it('a steering update that reorders caches moves new requests within one TTL, and queries carry pathway and throughput', async () => {
    const queries: string[] = [];
    const r = await play({
      fault: () => null,
      durationS: 90,
      steering: (req, now) => {
        queries.push(req.url);
        const priority = now < 30_000 ? ['a', 'b'] : ['b', 'a'];
        return { status: 200, body: JSON.stringify({ VERSION: 1, TTL: 5, 'RELOAD-URI': `https://steering.sim.invalid/steer?session=1&n=${queries.length}`, 'SERVICE-LOCATION-PRIORITY': priority }) };
      },
    });
    expect(fatal(r.errors)).toEqual([]);
    expect(r.sink.stallCount).toBe(0);
    const ok = r.segments.filter((l) => l.outcome === 'ok');
    expect(ok.filter((l) => l.start < 30_000).every((l) => l.pathwayId === 'a')).toBe(true);
    // The server changed its answer at 30 s; the client asks every 5 s: by 35 s every new request goes to b.
    expect(ok.filter((l) => l.start >= 35_000).every((l) => l.pathwayId === 'b')).toBe(true);
    expect(ok.some((l) => l.start >= 35_000)).toBe(true);
    expect(r.changes.some((x) => x.from === 'a' && x.to === 'b' && x.reason === 'steering')).toBe(true);
    // TTL honoured (about one request per 5 s over ~90 s) and RELOAD-URI followed.
    expect(queries.length).toBeGreaterThan(10);
    expect(queries.length).toBeLessThan(25);
    expect(queries[2]).toContain('n=2');
    const later = new URL(queries[queries.length - 1]!);
    expect(later.searchParams.get('_DASH_pathway')).toBe('b');
    expect(Number(later.searchParams.get('_DASH_throughput'))).toBeGreaterThan(1e6);
  });

  it('a broken steering server never stops playback (bad JSON, 500, then 410 Gone ends steering)', async () => {
    let n = 0;
    const r = await play({
      fault: () => null,
      durationS: 40,
      steering: () => {
        n++;
        if (n === 1) return { status: 200, body: '{"VERSION": 1, "TTL": 2, "SERVICE-LOCATION-PRIORITY": "b"}' };
        if (n === 2) return { status: 500, body: 'oops' };
        return { status: 410, body: '' };
      },
    });
    expect(fatal(r.errors)).toEqual([]);
    expect(r.sink.ended).toBe(true);
    expect(r.sink.stallCount).toBe(0);
    expect(r.errors.some((e) => e.code === 'MANIFEST_INVALID_VALUE')).toBe(true);
    expect(r.errors.some((e) => e.code === 'HTTP_ERROR' && e.message.includes('500'))).toBe(true);
    // Failures are retried with back-off (2 s, 4 s); 410 ends the loop for good.
    expect(n).toBe(3);
  });
});
