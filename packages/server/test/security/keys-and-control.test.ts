/**
 * Issue 15 #1 (content keys were public over HTTP) and #2 (the operator
 * control plane answered anyone, took text/plain bodies, unbounded faults).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { KEY } from '../support/tiny-fixtures.js';
import { call, OPERATOR, secureServer } from './support.js';

let server: RunningServer;
beforeAll(async () => {
  server = await secureServer();
});
afterAll(() => server.close());

describe('#1 content keys leave only through the license exchange', () => {
  it('GET /catalog lists titles and key ids but no key', async () => {
    const r = await call(server.url, 'GET', '/catalog');
    expect(r.status).toBe(200);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(KEY);
    expect(r.body.titles.find((t: { id: string }) => t.id === 'vod').encryption.kids).toHaveLength(1);
    expect(r.body.titles.every((t: { encryption: { keys?: unknown } | null }) => t.encryption?.keys === undefined)).toBe(true);
  });

  it('the fixture root catalog.json is served by neither the origin nor any cache', async () => {
    for (const base of [server.url, ...server.caches.map((c) => c.url)]) {
      for (const p of ['/media/catalog.json', '/s/x/media/catalog.json', '/media/./catalog.json', '/media/%63atalog.json']) {
        const res = await fetch(`${base}${p}`);
        const text = await res.text();
        expect(res.status, `${base}${p}`).toBeGreaterThanOrEqual(400);
        expect(text).not.toContain(KEY);
      }
    }
  });

  it('the in-process RunningServer still has the keys from the fixture files on disk (for tests)', () => {
    expect(server.catalog.titles.find((t) => t.id === 'vod')!.encryption!.keys[0]!.key).toBe(KEY);
  });
});

describe('#2 the control plane is authenticated and bounded', () => {
  const fault = { mode: 'http-error', status: 503, durationMs: 1000 };

  it('refuses every control route without the operator token, or with a wrong one', async () => {
    const routes: [string, string, unknown?][] = [
      ['POST', '/control/caches/isp-a/faults', fault],
      ['DELETE', '/control/caches/isp-a/faults'],
      ['PUT', '/control/steering', { priority: ['isp-b'] }],
      ['DELETE', '/control/steering'],
      ['GET', '/control/caches'],
      ['GET', '/control/sessions/x/requests'],
      ['GET', '/control/audit'],
      ['POST', '/control/accounts', { account: 'evil', credential: 'password123' }],
    ];
    for (const [method, path, body] of routes) {
      for (const auth of [undefined, 'wrong-token', `${OPERATOR}x`]) {
        const r = await call(server.url, method, path, body, auth ? { auth } : {});
        expect(r.status, `${method} ${path} auth=${auth}`).toBe(401);
        expect(r.body.error.code).toBe('OPERATOR_AUTH_REQUIRED');
      }
    }
    expect((await call(server.url, 'GET', '/control/caches', undefined, { auth: OPERATOR })).status).toBe(200);
  });

  it('a cross-site "simple" request (text/plain body, no preflight) cannot inject a fault even with the token', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', null, 'application/json-patch+json']) {
      const r = await call(server.url, 'POST', '/control/caches/isp-a/faults', fault, { auth: OPERATOR, type });
      expect(r.status, String(type)).toBe(415);
    }
    expect((await call(server.url, 'GET', '/control/caches', undefined, { auth: OPERATOR })).body.caches[0].faultSpecs).toEqual([]);
  });

  it('control answers carry no CORS headers and preflights are refused', async () => {
    const r = await call(server.url, 'GET', '/control/caches', undefined, { auth: OPERATOR, headers: { origin: 'https://evil.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await fetch(`${server.url}/control/caches/isp-a/faults`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    // Media routes keep their CORS (players on other origins fetch them).
    expect((await fetch(`${server.url}/catalog`)).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('fault lists are bounded in count and fields', async () => {
    const results: number[] = [];
    for (let i = 0; i < 40; i++) results.push((await call(server.url, 'POST', '/control/caches/isp-b/faults', { mode: 'latency', latencyMs: 1, pathPattern: `nothing-${i}` }, { auth: OPERATOR })).status);
    expect(results.filter((s) => s === 201)).toHaveLength(32);
    expect(results.slice(32).every((s) => s === 409)).toBe(true);
    expect((await call(server.url, 'POST', '/control/caches/isp-a/faults', { mode: 'down', evil: 'x'.repeat(100) }, { auth: OPERATOR })).status).toBe(400);
    expect((await call(server.url, 'POST', '/control/caches/isp-a/faults', { mode: 'down', pathPattern: 'x'.repeat(5000) }, { auth: OPERATOR })).status).toBe(413);
    await call(server.url, 'DELETE', '/control/caches/isp-b/faults', undefined, { auth: OPERATOR });
  });

  it('steering overrides expire, and every change is in the audit log with who, what and when', async () => {
    const before = Date.now();
    const put = await call(server.url, 'PUT', '/control/steering', { priority: ['isp-b'], ttlSeconds: 1 }, { auth: OPERATOR });
    expect(put.status).toBe(200);
    expect((await call(server.url, 'GET', '/steering/dash')).body['SERVICE-LOCATION-PRIORITY'][0]).toBe('isp-b');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call(server.url, 'GET', '/steering/dash')).body['SERVICE-LOCATION-PRIORITY'][0]).toBe('isp-a');
    expect((await call(server.url, 'PUT', '/control/steering', { priority: ['isp-b'], ttlSeconds: 10 ** 9 }, { auth: OPERATOR })).status).toBe(400);
    const audit = await call(server.url, 'GET', '/control/audit', undefined, { auth: OPERATOR });
    const entry = audit.body.entries.find((e: { action: string }) => e.action === 'steering.override');
    expect(entry).toMatchObject({ action: 'steering.override', actor: expect.stringMatching(/^operator:[0-9a-f]{8}@/) });
    expect(entry.time).toBeGreaterThanOrEqual(before);
    expect(JSON.parse(entry.detail)).toEqual({ priority: ['isp-b'], ttlSeconds: 1 });
    expect(entry.actor).not.toContain(OPERATOR);
  });
});
