/**
 * Multi-cache failover and content steering with Edgeplay in Chromium, on a
 * dedicated reference server (origin + 3 edge caches, steering TTL 3 s).
 *
 * The primary cache fails for this session only at t = 20 s of a VOD
 * playback with the default 30 s buffer goal — connection refused, 503,
 * stalling mid-body, throttled below the lowest rendition — and playback must
 * continue from another cache with zero `waiting` events after startup, the
 * server's request log showing the switch. A steering override moves new
 * requests within one TTL; a cache whose fault ended is used again once its
 * penalty expires.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../../packages/server/src/index.js';
import { control as controlPlane } from './support/server-auth.js';
import { useChromiumSession } from './support/chromium-session.js';
import { openEdgeplay, type EdgeplayPage } from './support/edgeplay-page.js';

const STEERING_TTL_S = 3;
const chromium = useChromiumSession({ server: () => startServer({ port: 0, caches: 3, steeringTtl: STEERING_TTL_S, dataDir: mkdtempSync(path.join(tmpdir(), 'edgeplay-failover-')) }) });

interface LogEntry {
  time: number;
  cache: string;
  path: string;
  rendition: string;
  status: number;
  bytes: number;
  durationMs: number;
  fault?: string;
}

const isSegment = (e: LogEntry) => /\/seg-\d+\.m4s$/.test(e.path) || /\.m4s$/.test(e.path);

/** The dedicated server's control plane (throws on a non-2xx answer). */
const control = (method: string, path: string, body?: unknown) => controlPlane(chromium.server.url, chromium.server.operatorToken, method, path, body);

/**
 * Opens the demo, records `cdnchanged` events, loads the title and returns the page.
 * `steering: false` isolates the client's own failure detection: the server's steering
 * is load-aware and would otherwise also move the client off a cache its slow requests load.
 */
async function start(name: string, format: 'dash' | 'hls', steering = true): Promise<EdgeplayPage> {
  const p = await openEdgeplay(chromium.browser, chromium.server.url, name, chromium.server.operatorToken);
  await p.page.evaluate((steer) => {
    const w = window as unknown as { __edgeplay: { player: { on(t: string, f: (e: unknown) => void): void; configure(c: object): void } }; __cdn: unknown[] };
    w.__cdn = [];
    w.__edgeplay.player.on('cdnchanged', (e) => w.__cdn.push(e));
    w.__edgeplay.player.configure({ failover: { steering: steer } });
  }, steering);
  await p.load(`/manifest/vod?format=${format}&session=${p.session}`);
  return p;
}

const cdnChanges = (p: EdgeplayPage) => p.page.evaluate(() => (window as unknown as { __cdn: { from: string; to: string; reason: string }[] }).__cdn);

/** The cache the session's recent segments came from. */
async function primaryOf(p: EdgeplayPage): Promise<string> {
  const log = ((await p.requests()) as LogEntry[]).filter((e) => isSegment(e) && e.status === 200);
  expect(log.length).toBeGreaterThan(3);
  return log[log.length - 1]!.cache;
}

const faults = [
  { name: 'killed (connection refused)', spec: { mode: 'down' }, format: 'dash' as const },
  { name: 'answering 503', spec: { mode: 'http-error', status: 503 }, format: 'hls' as const },
  { name: 'stalling mid-body', spec: { mode: 'stall' }, format: 'dash' as const },
  { name: 'throttled to 150 kbit/s (below the 300 kbit/s lowest rendition)', spec: { mode: 'bandwidth', kbps: 150 }, format: 'dash' as const },
];

describe('Edgeplay in Chromium: edge-cache failover at t = 20 s, 30 s buffer goal', () => {
  for (const f of faults) {
    it(`primary cache ${f.name} (${f.format.toUpperCase()}): playback continues from another cache with zero stalls`, async () => {
      const p = await start(`failover-${f.spec.mode}`, f.format, false);
      try {
        await p.waitForTime(20, 60_000);
        const before = await p.progress();
        const primary = await primaryOf(p);
        const faultAt = Date.now();
        await control('POST', `/control/caches/${primary}/faults`, { ...f.spec, session: p.session });
        await p.waitForTime(34, 40_000);
        const after = await p.progress();

        // Zero stalls after startup: no `waiting` since t = 20 s, frames kept coming.
        expect(after.waiting).toBe(before.waiting);
        expect(after.frames - before.frames).toBeGreaterThan(250);
        expect(after.errors.filter((e) => e.severity === 'fatal')).toEqual([]);

        // The request log shows the switch: segments after the fault come from another cache.
        const log = ((await p.requests()) as LogEntry[]).filter((e) => isSegment(e) && e.time >= faultAt);
        const good = log.filter((e) => e.status === 200);
        expect(good.length).toBeGreaterThanOrEqual(3);
        // Anything the primary still completed started before the client noticed; new work went elsewhere.
        const lastGood = good.slice(-3);
        expect(lastGood.every((e) => e.cache !== primary)).toBe(true);
        // Quality was not sacrificed to the broken cache: video after the switch is not the lowest rung.
        expect(lastGood.some((e) => e.rendition.startsWith('video/') && e.rendition !== 'video/v300')).toBe(true);

        const changes = await cdnChanges(p);
        expect(changes.some((c) => c.from === primary && c.to !== primary && c.reason.startsWith('failure:'))).toBe(true);
        const stats = await p.call<{ cdnChanges: number; pathwayFailures: number }>('(player) => player.getStats()');
        expect(stats.cdnChanges).toBeGreaterThanOrEqual(1);
        expect(stats.pathwayFailures).toBeGreaterThanOrEqual(1);
      } finally {
        await control('DELETE', `/control/caches/isp-a/faults`).catch(() => undefined);
        await control('DELETE', `/control/caches/isp-b/faults`).catch(() => undefined);
        await control('DELETE', `/control/caches/ixp-1/faults`).catch(() => undefined);
        await p.close();
      }
    }, 150_000);
  }
});

describe('Edgeplay in Chromium: content steering and recovery', () => {
  for (const format of ['dash', 'hls'] as const) it(`${format.toUpperCase()}: a steering update that reorders caches moves new requests to the new first cache within one TTL (${STEERING_TTL_S} s)`, async () => {
    const p = await start(`steering-${format}`, format);
    try {
      await p.waitForTime(8, 60_000);
      const primary = await primaryOf(p);
      const other = ['isp-a', 'isp-b', 'ixp-1'].find((c) => c !== primary)!;
      const changedAt = Date.now();
      await control('PUT', '/control/steering', { priority: [other, primary] });
      await p.waitForTime(24, 40_000);
      const log = ((await p.requests()) as LogEntry[]).filter((e) => isSegment(e) && e.status === 200);
      // One TTL for the client to ask again, plus a second of slack for the request already in flight.
      const settled = log.filter((e) => e.time >= changedAt + STEERING_TTL_S * 1000 + 1000);
      expect(settled.length).toBeGreaterThanOrEqual(3);
      expect(settled.every((e) => e.cache === other)).toBe(true);
      const changes = await cdnChanges(p);
      expect(changes.some((c) => c.from === primary && c.to === other && c.reason === 'steering')).toBe(true);
      expect((await p.progress()).errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    } finally {
      await control('DELETE', '/control/steering').catch(() => undefined);
      await p.close();
    }
  }, 120_000);

  it('a cache whose fault ended is used again once its penalty expires', async () => {
    const p = await start('recovery', 'dash');
    try {
      await p.waitForTime(8, 60_000);
      const primary = await primaryOf(p);
      // 503s for 4 s: the client moves away, boxes the cache for 10 s, then probes it and comes back.
      await control('POST', `/control/caches/${primary}/faults`, { mode: 'http-error', status: 503, session: p.session, durationMs: 4000 });
      const faultAt = Date.now();
      await p.waitForTime(38, 60_000);
      const log = ((await p.requests()) as LogEntry[]).filter((e) => isSegment(e) && e.time >= faultAt);
      const failed = log.filter((e) => e.cache === primary && e.status === 503);
      const elsewhere = log.filter((e) => e.cache !== primary && e.status === 200);
      const back = log.filter((e) => e.cache === primary && e.status === 200 && e.time > faultAt + 4000);
      expect(failed.length).toBeGreaterThanOrEqual(1);
      expect(elsewhere.length).toBeGreaterThanOrEqual(1);
      expect(back.length).toBeGreaterThanOrEqual(1);
      // Not before the penalty (10 s after the first failure) expired.
      expect(back[0]!.time - failed[0]!.time).toBeGreaterThanOrEqual(9_000);
      const changes = await cdnChanges(p);
      expect(changes.some((c) => c.to === primary && c.reason === 'recovered')).toBe(true);
      expect((await p.progress()).errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    } finally {
      await p.close();
    }
  }, 120_000);
});
