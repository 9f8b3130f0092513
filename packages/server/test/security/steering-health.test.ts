/**
 * Issue 15 #8: steering ignored real trouble (a cache stayed first under 45 %
 * resets, truncation, corruption, 8 kbit/s) and one client could move it (30
 * non-reading sockets dropped a cache from first to third). It now ranks on
 * measured health, median across clients.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { request as httpRequest } from 'node:http';
import type { RunningServer } from '../../src/index.js';
import { rankPathways, type CacheStatus } from '../../src/steering/steering-service.js';
import { call, OPERATOR, secureServer, session } from './support.js';

let server: RunningServer;
beforeEach(async () => {
  server = await secureServer({ caches: 3 });
});
afterEach(() => server.close());

const ranking = async () => (await call(server.url, 'GET', '/steering/dash')).body['SERVICE-LOCATION-PRIORITY'] as string[];
const fault = (id: string, spec: Record<string, unknown>) => call(server.url, 'POST', `/control/caches/${id}/faults`, spec, { auth: OPERATOR });
const cacheUrl = (id: string) => server.caches.find((c) => c.id === id)!.url;

/** `n` segment requests per client session against a cache, reading whatever arrives (errors included). */
async function traffic(id: string, clients: string[], n: number): Promise<void> {
  const one = (s: string) =>
    new Promise<void>((resolve) => {
      const req = httpRequest(`${cacheUrl(id)}/s/${s}/media/vod/video/v1/seg-1.m4s`, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve());
        res.on('error', () => resolve());
        res.on('aborted', () => resolve());
      });
      req.on('error', () => resolve());
      req.end();
    });
  for (let i = 0; i < n; i++) await Promise.all(clients.map(one));
}

describe('#8 steering ranks on measured health', () => {
  it('starts with isp-a first', async () => {
    expect((await ranking())[0]).toBe('isp-a');
  });

  it.each([
    ['45 % resets', { mode: 'down', probability: 0.45 }],
    ['truncated bodies', { mode: 'truncate' }],
    ['corrupted bodies', { mode: 'corrupt' }],
    ['injected 503s at 45 %', { mode: 'http-error', status: 503, probability: 0.45 }],
  ])('%s move isp-a down', async (_name, spec) => {
    expect((await fault('isp-a', spec)).status).toBe(201);
    await traffic('isp-a', ['c1', 'c2', 'c3'], 10);
    const r = await ranking();
    expect(r.indexOf('isp-a')).toBeGreaterThan(r.indexOf('isp-b'));
    expect(r.at(-1)).toBe('origin');
  });

  it('8 kbit/s moves isp-a down while its transfers are still running', async () => {
    await fault('isp-a', { mode: 'bandwidth', kbps: 8 });
    const reqs = ['c1', 'c2'].map((s) => httpRequest(`${cacheUrl('isp-a')}/s/${s}/media/vod/video/v1/seg-1.m4s`, (res) => res.resume()).on('error', () => undefined));
    for (const r of reqs) r.end();
    await new Promise((r) => setTimeout(r, 1500));
    const r = await ranking();
    for (const q of reqs) q.destroy();
    expect(r.indexOf('isp-a')).toBeGreaterThan(r.indexOf('isp-b'));
  });

  it('30 non-reading sockets from one client do not move isp-a', async () => {
    const u = new URL(cacheUrl('isp-a'));
    const sockets: Socket[] = await Promise.all(
      Array.from({ length: 30 }, () => new Promise<Socket>((resolve) => {
        const s = connect(Number(u.port), u.hostname, () => {
          s.write(`GET /media/vod/video/v1/seg-1.m4s HTTP/1.1\r\nHost: x\r\n\r\n`);
          s.pause(); // never read
          resolve(s);
        });
        s.on('error', () => undefined);
      })),
    );
    await new Promise((r) => setTimeout(r, 300));
    const r = await ranking();
    for (const s of sockets) s.destroy();
    expect(r[0]).toBe('isp-a');
  });

  it('one noisy client (all its requests fail) does not move isp-a while three others are fine', async () => {
    await fault('isp-a', { mode: 'http-error', status: 503, session: 'noisy' });
    await traffic('isp-a', ['noisy', 'ok1', 'ok2', 'ok3'], 8);
    expect((await ranking())[0]).toBe('isp-a');
  });

  it('client error reports naming a cache count, one per client and batch', async () => {
    for (const device of ['a', 'b', 'c']) {
      const s = await session(server.url, 'alice', device);
      expect((await call(server.url, 'POST', '/telemetry', { events: [{ type: 'error', t: 1, code: 'NETWORK', cdn: 'isp-a' }] }, { auth: s.token })).status).toBe(202);
    }
    const r = await ranking();
    expect(r.indexOf('isp-a')).toBeGreaterThan(r.indexOf('isp-b'));
  });

  it('scores (pure): an error rate outweighs a little load; load below the dead zone is ignored', () => {
    const base: CacheStatus = { id: 'a', kind: 'isp', healthy: true, load: 0, errorRate: 0, throughputBps: null, ttfbMs: null };
    expect(rankPathways([{ ...base, id: 'a', load: 1 }, { ...base, id: 'b' }])).toEqual(['a', 'b']);
    expect(rankPathways([{ ...base, id: 'a', errorRate: 0.2 }, { ...base, id: 'b', load: 6 }])).toEqual(['b', 'a']);
    expect(rankPathways([{ ...base, id: 'a', throughputBps: 8000 }, { ...base, id: 'b', kind: 'ixp' }])).toEqual(['b', 'a']);
    expect(rankPathways([{ ...base, id: 'a', ttfbMs: 2500 }, { ...base, id: 'b', kind: 'ixp' }])).toEqual(['b', 'a']);
  });
});
