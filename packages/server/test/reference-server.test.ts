/**
 * The reference server observed from a client: static origin, caches and each
 * fault mode, manifest and steering services, sessions/licenses/concurrency,
 * telemetry and resume, and hostile requests against every endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDashManifest, parseHlsManifest } from '@edgeplay/core';
import { startServer, type RunningServer } from '../src/index.js';
import { KEY, KID, makeTinyFixtures, SEGMENT_BYTES, segmentBytes } from './support/tiny-fixtures.js';

let server: RunningServer;
const SEG1_V1 = segmentBytes(2);
const OPERATOR = 'reference-test-operator-token';
const CREDENTIAL = 'test-credential';
const ACCOUNTS = ['alice', 'bob', 'race', 'carol', 'x'];
const tempData = () => mkdtempSync(path.join(tmpdir(), 'edgeplay-data-'));

/** Options every test server shares: a private data folder, a known operator token, cheap scrypt. */
const testServer = (extra: Parameters<typeof startServer>[0] = {}) => {
  const { fixturesRoot, tracesRoot } = makeTinyFixtures();
  return startServer({
    fixturesRoot,
    tracesRoot,
    dataDir: tempData(),
    operatorToken: OPERATOR,
    scryptCost: 1024,
    plans: { basic: { maxStreams: 1, titles: ['other'] } },
    accounts: { ...Object.fromEntries(ACCOUNTS.map((a) => [a, { credential: CREDENTIAL }])), basic: { credential: CREDENTIAL, plan: 'basic' } },
    ...extra,
  });
};

/** The licence service's clock: moved by hand, so lease expiry does not depend on the machine's load. */
let licenceNow = Date.now();

beforeAll(async () => {
  server = await testServer({ caches: 3, leaseTtlMs: 400, licenceClock: () => licenceNow });
});
afterAll(async () => server?.close());

const cache = (id: string) => server.caches.find((c) => c.id === id)!;
const json = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const auth: Record<string, string> = path.startsWith('/control/') ? { authorization: `Bearer ${OPERATOR}` } : {};
  const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', ...auth, ...headers }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary JSON under test, asserted field by field
  return { status: res.status, body: parsed as Record<string, any> };
};
const fault = (id: string, spec: Record<string, unknown>) => json('POST', `/control/caches/${id}/faults`, spec);
const clear = (id: string) => json('DELETE', `/control/caches/${id}/faults`);

/** Reads a body chunk by chunk; resolves with what arrived when it ends, errors or `idleMs` passes without bytes. */
function download(url: string, idleMs = 3000): Promise<{ status: number; bytes: Buffer; complete: boolean; error?: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const req = httpRequest(url, (res) => {
      let timer = setTimeout(() => finish(false, 'idle'), idleMs);
      const finish = (complete: boolean, error?: string) => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks), complete, ...(error ? { error } : {}), ms: Date.now() - started });
      };
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        clearTimeout(timer);
        timer = setTimeout(() => finish(false, 'idle'), idleMs);
      });
      res.on('end', () => finish(res.complete));
      res.on('error', (e) => finish(false, e.message));
      res.on('aborted', () => finish(false, 'aborted'));
    });
    req.on('error', (e) => resolve({ status: 0, bytes: Buffer.concat(chunks), complete: false, error: e.message, ms: Date.now() - started }));
    req.end();
  });
}

describe('origin and caches', () => {
  it('serves fixtures with Range on the origin and on every cache, and logs session requests', async () => {
    const full = await fetch(`${server.url}/media/vod/video/v1/seg-1.m4s`);
    expect(full.status).toBe(200);
    expect(Buffer.from(await full.arrayBuffer()).equals(SEG1_V1)).toBe(true);
    const part = await fetch(`${cache('isp-a').url}/s/sess1/media/vod/video/v1/seg-1.m4s`, { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${SEGMENT_BYTES}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(SEG1_V1.subarray(100, 200))).toBe(true);
    const log = await json('GET', '/control/sessions/sess1/requests');
    expect(log.body.requests).toEqual([expect.objectContaining({ cache: 'isp-a', session: 'sess1', title: 'vod', rendition: 'video/v1', bytes: 100, status: 206 })]);
  });

  it('refuses path traversal and unknown files with 4xx JSON', async () => {
    // Raw request paths (fetch would normalise the dot segments away before sending).
    const raw = (base: string, p: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const u = new URL(base);
        const req = httpRequest({ host: u.hostname, port: u.port, path: p, method: 'GET' }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const p of ['/media/../secret.txt', '/media/vod/../../secret.txt', '/media/vod/%2e%2e/%2e%2e/secret.txt', '/media/vod/..%2f..%2fsecret.txt', '/s/x/media/..%2f..%2fsecret.txt', '/media/vod/video/v1/nope.m4s', '/media/vod%00/x', '/media/%2fetc%2fpasswd']) {
      for (const base of [server.url, cache('isp-b').url]) {
        const res = await raw(base, p);
        expect(res.status, `${base}${p}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${base}${p}`).toBeLessThan(500);
        expect(res.body).not.toContain('outside the fixtures folder');
        expect(res.body).not.toContain('root:');
        expect(res.body).not.toMatch(/at .*\.ts:\d+/); // no stack traces
      }
    }
  });
});

describe('fault injection', () => {
  const url = (id: string, s = 'f') => `${cache(id).url}/s/${s}/media/vod/video/v1/seg-1.m4s`;

  it('down: connections are reset', async () => {
    await fault('isp-a', { mode: 'down' });
    const r = await download(url('isp-a'));
    expect(r.status).toBe(0);
    expect(r.error).toBeDefined();
    expect((await json('GET', '/control/caches')).body.caches.find((c: { id: string }) => c.id === 'isp-a').healthy).toBe(false);
    await clear('isp-a');
    expect((await download(url('isp-a'))).complete).toBe(true);
  });

  it('http-error and 404 by path pattern; other paths unaffected', async () => {
    await fault('isp-b', { mode: 'http-error', status: 503, pathPattern: 'seg-1' });
    const hit = await fetch(url('isp-b'));
    expect(hit.status).toBe(503);
    expect((await hit.json()).error.code).toBe('INJECTED_FAULT');
    expect((await fetch(`${cache('isp-b').url}/media/vod/video/v1/seg-2.m4s`)).status).toBe(200);
    await clear('isp-b');
  });

  it('latency delays the response by at least the injected time', async () => {
    await fault('ixp-1', { mode: 'latency', latencyMs: 300 });
    const t0 = Date.now();
    await (await fetch(url('ixp-1'))).arrayBuffer();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    await clear('ixp-1');
  });

  it('bandwidth cap is met within ±25 %, and shared by a session’s parallel requests', async () => {
    await fault('isp-a', { mode: 'bandwidth', kbps: 4000 });
    const one = await download(url('isp-a', 'bw1'));
    const expectedMs = (SEGMENT_BYTES * 8) / 4000;
    expect(one.complete).toBe(true);
    expect(one.ms).toBeGreaterThan(expectedMs * 0.75);
    expect(one.ms).toBeLessThan(expectedMs * 1.25 + 150);
    const [a, b] = await Promise.all([download(url('isp-a', 'bw2')), download(`${cache('isp-a').url}/s/bw2/media/vod/video/v1/seg-2.m4s`)]);
    expect(Math.max(a.ms, b.ms)).toBeGreaterThan(expectedMs * 2 * 0.75); // two bodies through one 4 Mb/s link
    await clear('isp-a');
  });

  it('a client abandoning a shaped transfer frees the request (no leaked active request, logged)', async () => {
    await fault('isp-a', { mode: 'bandwidth', kbps: 200 });
    const controller = new AbortController();
    const res = await fetch(url('isp-a', 'bw-abort'), { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const active = async () => ((await json('GET', '/control/caches')).body.caches as { id: string; activeRequests: number }[]).find((c) => c.id === 'isp-a')!.activeRequests;
    const deadline = Date.now() + 3000;
    while ((await active()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await active()).toBe(0);
    const log = (await json('GET', '/control/sessions/bw-abort/requests')).body.requests as { bytes: number }[];
    expect(log.length).toBe(1);
    expect(log[0]!.bytes).toBeLessThan(SEGMENT_BYTES);
    await clear('isp-a');
  });

  it('trace-driven throughput follows the trace (flat 2 Mb/s)', async () => {
    await fault('isp-b', { mode: 'trace', traceFile: 'test/flat-2mbps.txt' });
    const r = await download(url('isp-b', 'tr'));
    const expectedMs = (SEGMENT_BYTES * 8) / 2000;
    expect(r.ms).toBeGreaterThan(expectedMs * 0.75);
    expect(r.ms).toBeLessThan(expectedMs * 1.25 + 150);
    expect((await fault('isp-b', { mode: 'trace', traceFile: '../../etc/passwd' })).status).toBe(400);
    await clear('isp-b');
  });

  it('stall: half the body, then silence', async () => {
    await fault('ixp-1', { mode: 'stall' });
    const r = await download(url('ixp-1', 'st'), 700);
    expect(r.error).toBe('idle');
    expect(r.bytes.length).toBe(SEGMENT_BYTES / 2);
    await clear('ixp-1');
  });

  it('truncate: fewer bytes than Content-Length, then the connection drops', async () => {
    await fault('ixp-1', { mode: 'truncate' });
    const r = await download(url('ixp-1', 'tr2'));
    expect(r.complete).toBe(false);
    expect(r.bytes.length).toBeLessThan(SEGMENT_BYTES);
    await clear('ixp-1');
  });

  it('corrupt: same length, different bytes', async () => {
    await fault('ixp-1', { mode: 'corrupt' });
    const r = await download(url('ixp-1', 'co'));
    expect(r.complete).toBe(true);
    expect(r.bytes.length).toBe(SEGMENT_BYTES);
    expect(r.bytes.equals(SEG1_V1)).toBe(false);
    await clear('ixp-1');
  });

  it('schedules: inactive before afterMs and after durationMs', async () => {
    await fault('isp-a', { mode: 'http-error', status: 500, afterMs: 300, durationMs: 400 });
    expect((await fetch(url('isp-a'))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 350));
    expect((await fetch(url('isp-a'))).status).toBe(500);
    await new Promise((r) => setTimeout(r, 450));
    expect((await fetch(url('isp-a'))).status).toBe(200);
    await clear('isp-a');
  });

  it('rejects invalid fault specs', async () => {
    for (const bad of [{ mode: 'explode' }, { mode: 'latency' }, { mode: 'bandwidth', kbps: -1 }, { mode: 'http-error', status: 200 }, { mode: 'latency', latencyMs: '5' }]) {
      expect((await fault('isp-a', bad)).status).toBe(400);
    }
    expect((await fault('nope', { mode: 'down' })).status).toBe(404);
  });
});

describe('manifest and steering services', () => {
  // Steering ranks on measured health: a fresh server, so the fault tests above leave no error history.
  let shared: RunningServer;
  beforeAll(async () => {
    shared = server;
    server = await testServer({ caches: 3 });
  });
  afterAll(async () => {
    await server.close();
    server = shared;
  });

  it('DASH: ranked BaseURLs with serviceLocation per cache (origin last) + ContentSteering, parsable by our parser', async () => {
    const res = await fetch(`${server.url}/manifest/vod?format=dash&session=m1`);
    expect(res.headers.get('content-type')).toBe('application/dash+xml');
    const p = parseDashManifest(await res.text(), { manifestUrl: `${server.url}/manifest/vod` });
    const v = p.periods[0]!.switchingSets[0]!.tracks[0]!;
    expect(v.baseUrls.map((b) => b.pathwayId)).toEqual(['isp-a', 'isp-b', 'ixp-1', 'origin']);
    expect(v.baseUrls[0]!.url).toBe(`${cache('isp-a').url}/s/m1/media/vod/`);
    expect(p.contentSteering).toMatchObject({ defaultPathwayId: 'isp-a' });
    expect(p.contentSteering!.serverUri).toContain('/steering/dash');
    const seg = await fetch(new URL(v.segmentIndex!.get(0)!.uri, v.baseUrls[0]!.url));
    expect(Buffer.from(await seg.arrayBuffer()).equals(SEG1_V1)).toBe(true);
  });

  it('HLS: pathway-cloned variants and EXT-X-CONTENT-STEERING, collapsed to one track per rendition by our parser', async () => {
    const text = await (await fetch(`${server.url}/manifest/vod?format=hls&session=m2`)).text();
    const p = parseHlsManifest(text, { manifestUrl: `${server.url}/manifest/vod` });
    const video = p.periods[0]!.switchingSets.find((s) => s.type === 'video')!;
    expect(video.tracks).toHaveLength(2);
    expect(video.tracks[0]!.baseUrls.map((b) => b.pathwayId)).toEqual(['isp-a', 'isp-b', 'ixp-1', 'origin']);
    expect(p.contentSteering!.defaultPathwayId).toBe('isp-a');
  });

  it('filters renditions by device profile and validates parameters', async () => {
    const low = parseDashManifest(await (await fetch(`${server.url}/manifest/vod?format=dash&device=low-480`)).text(), { manifestUrl: server.url + '/m' });
    expect(low.periods[0]!.switchingSets[0]!.tracks.map((t) => t.id)).toEqual(['v1']);
    expect((await json('GET', '/manifest/vod?format=smooth')).status).toBe(400);
    expect((await json('GET', '/manifest/vod?device=toaster')).status).toBe(400);
    expect((await json('GET', '/manifest/nope')).status).toBe(404);
    expect((await json('GET', '/manifest/vod?session=../../x')).status).toBe(400);
  });

  it('steering reacts to a fault within one TTL: a broken cache drops below the healthy ones', async () => {
    const before = await json('GET', '/steering/dash?session=x');
    expect(before.body).toMatchObject({ VERSION: 1, TTL: 10 });
    expect(before.body['SERVICE-LOCATION-PRIORITY'][0]).toBe('isp-a');
    expect(before.body['RELOAD-URI']).toContain('/steering/dash');
    await fault('isp-a', { mode: 'down' });
    const after = await json('GET', '/steering/hls?session=x');
    expect(after.body['PATHWAY-PRIORITY']).toEqual(['isp-b', 'ixp-1', 'isp-a', 'origin']);
    await clear('isp-a');
  });

  it('an operator override reorders steering answers and new manifests; bad overrides are refused; DELETE restores', async () => {
    expect((await json('PUT', '/control/steering', { priority: ['isp-b'] })).status).toBe(200);
    expect((await json('GET', '/steering/dash?session=x')).body['SERVICE-LOCATION-PRIORITY']).toEqual(['isp-b', 'isp-a', 'ixp-1', 'origin']);
    const mpd = await (await fetch(`${server.url}/manifest/vod?format=dash`)).text();
    expect(mpd.indexOf('serviceLocation="isp-b"')).toBeLessThan(mpd.indexOf('serviceLocation="isp-a"'));
    for (const bad of [{}, { priority: [] }, { priority: ['nope'] }, { priority: 'isp-b' }, { priority: [1] }]) {
      expect((await json('PUT', '/control/steering', bad)).status).toBe(400);
    }
    expect((await json('DELETE', '/control/steering')).status).toBe(200);
    expect((await json('GET', '/steering/hls?session=x')).body['PATHWAY-PRIORITY'][0]).toBe('isp-a');
  });
});

describe('sessions, licenses and concurrency', () => {
  const session = async (account: string, device = 'tv') => (await json('POST', '/session', { account, credential: CREDENTIAL, device, title: 'vod' })).body as { token: string; sessionId: string };
  const kidB64 = Buffer.from(KID, 'hex').toString('base64url');
  const license = (token: string | null, body: unknown = { kids: [kidB64], type: 'temporary' }) => json('POST', '/license/clearkey', body, token ? { authorization: `Bearer ${token}` } : {});

  it('issues ClearKey keys only with a valid token', async () => {
    const s = await session('alice');
    const ok = await license(s.token);
    expect(ok.status).toBe(200);
    expect(ok.body.keys).toEqual([{ kty: 'oct', kid: kidB64, k: Buffer.from(KEY, 'hex').toString('base64url') }]);
    expect((await license(null)).status).toBe(401);
    const [body, sig] = s.token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), title: 'vod', account: 'mallory' })).toString('base64url')}.${sig}`;
    expect((await license(forged)).body.error.code).toBe('TOKEN_INVALID');
    expect((await license(s.token, { kids: ['not a kid'] })).status).toBe(400);
  });

  it('refuses a third concurrent stream with CONCURRENCY_LIMIT until one stops or expires', async () => {
    const [a, b, c] = [await session('bob', 'tv'), await session('bob', 'phone'), await session('bob', 'laptop')];
    expect((await license(a.token)).status).toBe(200);
    expect((await license(b.token)).status).toBe(200);
    const third = await license(c.token);
    expect(third.status).toBe(403);
    expect(third.body.error.code).toBe('CONCURRENCY_LIMIT');
    expect((await json('DELETE', `/session/${a.sessionId}`, undefined, { authorization: `Bearer ${a.token}` })).status).toBe(200);
    expect((await license(c.token)).status).toBe(200);
    // Leases expire without heartbeats (TTL 400 ms here); heartbeats keep one alive.
    for (let i = 0; i < 3; i++) {
      licenceNow += 200;
      expect((await json('POST', '/heartbeat', { token: b.token })).status).toBe(200);
    }
    const d = await session('bob', 'console');
    expect((await license(d.token)).status).toBe(200); // c expired, b still alive
    expect((await license((await session('bob', 'watch')).token)).body.error.code).toBe('CONCURRENCY_LIMIT');
  });

  it('never over-admits under 200 racing license requests', async () => {
    const sessions = await Promise.all(Array.from({ length: 200 }, (_, i) => session('race', `d${i}`)));
    const results = await Promise.all(sessions.map((s) => license(s.token)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(results.filter((r) => r.body?.error?.code === 'CONCURRENCY_LIMIT')).toHaveLength(198);
  });

  it('enforces title entitlements and token expiry', async () => {
    expect((await json('POST', '/session', { account: 'basic', credential: CREDENTIAL, device: 'tv', title: 'vod' })).body.error.code).toBe('NOT_ENTITLED');
    const short = await testServer({ caches: 1, tokenTtlMs: 50 });
    try {
      const s = (await (await fetch(`${short.url}/session`, { method: 'POST', body: JSON.stringify({ account: 'x', credential: CREDENTIAL, device: 'y', title: 'vod' }) })).json()) as { token: string };
      await new Promise((r) => setTimeout(r, 80));
      const res = await fetch(`${short.url}/license/clearkey`, { method: 'POST', headers: { authorization: `Bearer ${s.token}` }, body: JSON.stringify({ kids: [kidB64] }) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('TOKEN_EXPIRED');
    } finally {
      await short.close();
    }
  });
});

describe('telemetry and resume', () => {
  const session = async (account: string) => (await json('POST', '/session', { account, credential: CREDENTIAL, device: 'tv', title: 'vod' })).body as { token: string; sessionId: string };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('validates, stores and summarises QoE batches of the caller\'s session', async () => {
    const s = await session('carol');
    const ok = await json('POST', '/telemetry', { sessionId: s.sessionId, events: [{ type: 'startup', t: 0, durationMs: 850 }, { type: 'stall', t: 10, durationMs: 400 }, { type: 'bitrate-switch', t: 12, bitrate: 1200000 }, { type: 'cdn-switch', t: 20, from: 'isp-a', to: 'isp-b' }] }, bearer(s.token));
    expect(ok.status).toBe(202);
    const mine = await json('GET', `/telemetry/summary?session=${s.sessionId}`, undefined, bearer(s.token));
    expect(mine.body.sessions).toEqual([expect.objectContaining({ sessionId: s.sessionId, startupMs: 850, stalls: 1, stallMs: 400, bitrateSwitches: 1, cdnSwitches: 1, lastBitrate: 1200000 })]);
    for (const bad of [{ events: [] }, { events: [{ type: 'party', t: 1 }] }, { events: [{ type: 'stall', t: -1 }] }, [1, 2]]) {
      expect((await json('POST', '/telemetry', bad, bearer(s.token))).status).toBe(400);
    }
    expect((await json('POST', '/telemetry', { sessionId: 'someone-else', events: [{ type: 'stall', t: 1 }] }, bearer(s.token))).status).toBe(403);
  });

  it('keeps the resume position with the latest client timestamp, for the token\'s account', async () => {
    const s = await session('carol');
    const now = Date.now();
    await json('POST', '/resume', { title: 'vod', position: 6.5, clientTime: now }, bearer(s.token));
    await json('POST', '/resume', { title: 'vod', position: 1, clientTime: now - 1000 }, bearer(s.token)); // older write arrives late
    expect((await json('GET', '/resume?title=vod', undefined, bearer(s.token))).body).toMatchObject({ account: 'carol', position: 6.5 });
    expect((await json('POST', '/resume', { title: 'vod', position: 'x', clientTime: now }, bearer(s.token))).status).toBe(400);
    expect((await json('GET', '/resume?title=vod', undefined, bearer((await session('alice')).token))).status).toBe(404);
  });
});

describe('hostile requests', () => {
  const endpoints: [string, string][] = [
    ['POST', '/session'], ['POST', '/license/clearkey'], ['POST', '/heartbeat'], ['POST', '/telemetry'], ['POST', '/resume'], ['POST', '/control/caches/isp-a/faults'],
  ];

  it.each(endpoints)('%s %s: bad JSON, wrong types and oversized bodies get 4xx JSON', async (method, path) => {
    const cases = ['{not json', '', 'null', '"string"', '[]', JSON.stringify({ account: 1, device: [], title: {}, kids: 5, events: 'x', position: null }), JSON.stringify({ pad: 'x'.repeat(300 * 1024) })];
    for (const body of cases) {
      const r = await json(method, path, body, { authorization: 'Bearer x.y' });
      expect(r.status, `${path} ${body.slice(0, 30)}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${path} ${body.slice(0, 30)}`).toBeLessThan(500);
      expect(r.body.error?.code, `${path} ${body.slice(0, 30)}`).toEqual(expect.any(String));
    }
  });

  it('unknown routes are 404, wrong methods 405, malformed encodings 400 — and the server keeps answering', async () => {
    expect((await json('GET', '/nope')).status).toBe(404);
    expect((await json('PUT', '/session')).status).toBe(405);
    expect((await json('GET', '/manifest/%E0%A4%A')).status).toBe(400);
    expect((await json('GET', '/control/sessions/%ZZ/requests')).status).toBe(400);
    expect((await json('GET', '/health')).status).toBe(200);
  });
});
