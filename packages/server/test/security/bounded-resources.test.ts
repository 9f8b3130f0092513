/**
 * Issue 15 #9: unbounded server structures and surfaces — the request log kept
 * every junk path, the edge cache read whole files per request, no socket
 * timeouts or per-client caps, `?device=__proto__` → 500, tokens in URLs and
 * logs, the server's own build served under /dist/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { RequestLog } from '../../src/caches/request-log.js';
import type { RunningServer } from '../../src/index.js';
import { call, OPERATOR, secureServer, session } from './support.js';

let server: RunningServer;
const logged: Record<string, unknown>[] = [];
beforeAll(async () => {
  const write = process.stdout.write.bind(process.stdout);
  // Capture the structured log (the server writes JSON lines to stdout with log: true).
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    for (const line of text.split('\n')) if (line.startsWith('{"t":')) logged.push(JSON.parse(line) as Record<string, unknown>);
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  server = await secureServer({ log: true, maxConnectionsPerClient: { origin: 20, cache: 20 } });
});
afterAll(() => server.close());

describe('#9 bounded structures', () => {
  it('the request log caps entries and bytes per session and evicts the least recently used session', () => {
    const log = new RequestLog(100, 3, 64 * 1024);
    const junk = 'x'.repeat(10_000);
    for (let i = 0; i < 1000; i++) log.add({ time: i, cache: 'a', session: 's1', path: `${junk}${i}`, title: 't', rendition: '', bytes: 0, durationMs: 0, status: 404 });
    const kept = log.forSession('s1');
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(kept.reduce((n, e) => n + e.path.length, 0)).toBeLessThanOrEqual(64 * 1024);
    expect(kept.every((e) => e.path.length <= 256)).toBe(true);
    for (const s of ['s2', 's3']) log.add({ time: 0, cache: 'a', session: s, path: 'p', title: 't', rendition: '', bytes: 0, durationMs: 0, status: 200 });
    log.add({ time: 0, cache: 'a', session: 's1', path: 'p', title: 't', rendition: '', bytes: 0, durationMs: 0, status: 200 }); // s1 is now the most recent
    log.add({ time: 0, cache: 'a', session: 's4', path: 'p', title: 't', rendition: '', bytes: 0, durationMs: 0, status: 200 });
    expect(log.forSession('s2')).toEqual([]); // least recently used went first
    expect(log.forSession('s1').length).toBeGreaterThan(0);
  });

  it('?device=__proto__ and other Object.prototype names are a 400, not a 500', async () => {
    for (const d of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const r = await call(server.url, 'GET', `/manifest/vod?device=${d}`);
      expect(r.status, d).toBe(400);
      expect(r.body.error.code).toBe('UNKNOWN_DEVICE');
    }
  });

  it('the server’s own build, source maps and package metadata are not served under /dist/', async () => {
    for (const p of ['/dist/server/index.js', '/dist/server/index.js.map', '/dist/web/index.js.map', '/dist/web/package.json', '/dist/core/types/index.d.ts']) {
      expect((await fetch(`${server.url}${p}`)).status, p).toBe(404);
    }
  });

  it('tokens never reach the log, not even when a client puts them in the URL', async () => {
    const s = await session(server.url, 'alice');
    await fetch(`${server.url}/license/clearkey?token=${encodeURIComponent(s.token)}`, { method: 'POST', body: '{}' });
    await fetch(`${server.url}/manifest/vod?token=${encodeURIComponent(s.token)}`);
    await new Promise((r) => setTimeout(r, 50));
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain(s.token.split('.')[1]!);
  });

  it('one client cannot hold more than its connection cap; others still get answers', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 40 }, () => new Promise<import('node:net').Socket>((resolve) => {
        const u = new URL(server.caches[0]!.url);
        const s = connect(Number(u.port), u.hostname, () => resolve(s));
        s.on('error', () => undefined);
      })),
    );
    await new Promise((r) => setTimeout(r, 100));
    const open = sockets.filter((s) => !s.destroyed && s.readyState === 'open').length;
    expect(open).toBeLessThanOrEqual(20);
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect((await fetch(`${server.caches[0]!.url}/media/vod/video/v1/seg-1.m4s`)).status).toBe(200);
  });

  it('a client that sends headers slowly is cut off by the header timeout (slowloris)', async () => {
    const u = new URL(server.url);
    const closedAfter = await new Promise<number>((resolve) => {
      const started = Date.now();
      const s = connect(Number(u.port), u.hostname, () => s.write('GET /health HTTP/1.1\r\nHost: x\r\n'));
      const drip = setInterval(() => s.writable && s.write('X-a: b\r\n'), 1000);
      s.on('close', () => {
        clearInterval(drip);
        resolve(Date.now() - started);
      });
      s.on('error', () => undefined);
      s.resume();
    });
    expect(closedAfter).toBeLessThan(12_000);
  }, 20_000);

  it('control and request-log routes stay behind the operator token', async () => {
    expect((await call(server.url, 'GET', '/control/sessions/x/requests')).status).toBe(401);
    expect((await call(server.url, 'GET', '/control/sessions/x/requests', undefined, { auth: OPERATOR })).status).toBe(200);
  });
});
