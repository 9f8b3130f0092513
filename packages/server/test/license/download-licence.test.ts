/**
 * The download-licence policy (issue 18): long-lived licences counted
 * against a per-account limit that survives a restart, released slots,
 * renewal without new keys, and hostile, over-limit and expired requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/index.js';
import { makeTinyFixtures, KEY } from '../support/tiny-fixtures.js';
import { call, CREDENTIAL, KID_B64, OPERATOR, session, tempDataDir } from '../security/support.js';
import { HttpDownloadLicenceService, OfflineError, type NetworkClient } from '@edgeplay/core';

// Long enough for a loaded 2-core CI box to make several requests inside one licence lifetime, short enough to wait out.
const LICENCE_MS = 1500;
let server: RunningServer;
let dataDir: string;
const fixtures = makeTinyFixtures();
const boot = () => startServer({
  ...fixtures, caches: 1, dataDir, operatorToken: OPERATOR, scryptCost: 1024, downloadLicenceMs: LICENCE_MS,
  accounts: Object.fromEntries(['ann', 'ben', 'cat', 'dan', 'eve'].map((a) => [a, { credential: CREDENTIAL, ...(a === 'eve' ? {} : { plan: 'two' }) }])),
  plans: { two: { maxStreams: 1, titles: '*', maxDownloads: 2 } },
});

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await boot();
});
afterAll(() => server.close());

const download = (token: string, kids: unknown = [KID_B64]) => call(server.url, 'POST', '/license/download', { kids }, { auth: token });
const renew = (token: string, id: string) => call(server.url, 'POST', `/license/download/${id}/renew`, {}, { auth: token });
const release = (token: string, id: string) => call(server.url, 'DELETE', `/license/download/${id}`, undefined, { auth: token });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('download licences', () => {
  it('issue a persistent licence with the keys, an id and an expiry of the download duration, taking no stream slot', async () => {
    const s = await session(server.url, 'ann', 'phone');
    const before = Date.now();
    const r = await download(s.token);
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('persistent-license');
    expect(r.body.keys).toEqual([{ kty: 'oct', kid: KID_B64, k: Buffer.from(KEY, 'hex').toString('base64url') }]);
    expect(r.body.licenceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.expiresAt).toBeGreaterThanOrEqual(before + LICENCE_MS);
    expect(r.body.expiresAt).toBeLessThanOrEqual(Date.now() + LICENCE_MS);
    // The plan allows one stream: the download did not take it.
    expect((await call(server.url, 'POST', '/license/clearkey', { kids: [KID_B64], type: 'temporary' }, { auth: s.token })).status).toBe(200);
  });

  it('refuse over the plan limit with 403 DOWNLOAD_LIMIT, and a release frees the slot (also across a restart)', async () => {
    const s = await session(server.url, 'ben', 'tablet');
    const a = await download(s.token);
    const b = await download(s.token);
    expect([a.status, b.status]).toEqual([200, 200]);
    const over = await download(s.token);
    expect(over.status).toBe(403);
    expect(over.body.error.code).toBe('DOWNLOAD_LIMIT');
    expect(over.body.keys).toBeUndefined();

    // Persisted: a restarted server on the same data still counts both.
    await server.close();
    server = await boot();
    const s2 = await session(server.url, 'ben', 'tablet');
    expect((await download(s2.token)).status).toBe(403);
    const freed = await release(s2.token, a.body.licenceId);
    expect(freed.body).toEqual({ released: true, active: 1 });
    // Idempotent: a queued release sent twice is not an error.
    expect((await release(s2.token, a.body.licenceId)).body).toEqual({ released: false, active: 1 });
    expect((await download(s2.token)).status).toBe(200);
  });

  it('renewal moves the expiry and sends no keys; a lapsed licence gives its slot back and renews only under the limit', async () => {
    const s = await session(server.url, 'cat', 'laptop');
    const first = await download(s.token);
    await sleep(50);
    const renewed = await renew(s.token, first.body.licenceId);
    expect(renewed.status).toBe(200);
    expect(renewed.body.expiresAt).toBeGreaterThan(first.body.expiresAt);
    expect(renewed.body.keys).toBeUndefined();
    expect(renewed.body.renewals).toBe(1);

    await sleep(LICENCE_MS + 100);
    // Lapsed: two new downloads fit, and then the old one cannot come back.
    const x = await download(s.token);
    const y = await download(s.token);
    expect([x.status, y.status]).toEqual([200, 200]);
    const late = await renew(s.token, first.body.licenceId);
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('DOWNLOAD_LIMIT');
    await release(s.token, x.body.licenceId);
    expect((await renew(s.token, first.body.licenceId)).status).toBe(200);
  });

  it('another account cannot renew or release a licence, and its ids are not probeable', async () => {
    const owner = await session(server.url, 'dan', 'tv');
    const mine = await download(owner.token);
    const thief = await session(server.url, 'eve', 'tv');
    const stolen = await renew(thief.token, mine.body.licenceId);
    const missing = await renew(thief.token, '00000000-0000-0000-0000-000000000000');
    expect(stolen.status).toBe(404);
    expect(stolen.body).toEqual(missing.body);
    expect((await release(thief.token, mine.body.licenceId)).body.released).toBe(false);
    expect((await renew(owner.token, mine.body.licenceId)).status).toBe(200);
  });

  it('hostile requests: no token, a bad or released token, junk kids, unknown keys, odd ids', async () => {
    expect((await call(server.url, 'POST', '/license/download', { kids: [KID_B64] })).status).toBe(401);
    expect((await download('x.y')).status).toBe(401);
    const s = await session(server.url, 'eve', 'phone');
    for (const kids of [[], 'abc', [1], ['!'.repeat(22)], Array.from({ length: 65 }, () => KID_B64)]) {
      const r = await download(s.token, kids);
      expect(r.status, JSON.stringify(kids).slice(0, 40)).toBe(400);
      expect(r.body.error.code).toBe('BAD_LICENSE_REQUEST');
    }
    const unknown = await download(s.token, [Buffer.alloc(16, 7).toString('base64url')]);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('UNKNOWN_KEY');
    for (const id of ['..%2F..', 'x'.repeat(300), "1' OR '1'='1"]) expect((await renew(s.token, encodeURIComponent(id))).status).toBe(404);
    expect((await call(server.url, 'POST', '/license/download', '{"kids": [', { auth: s.token })).status).toBe(400);
    // Failed requests took no slot: eve (default plan, 5) still has all five.
    for (let i = 0; i < 5; i++) expect((await download(s.token)).status).toBe(200);
    expect((await download(s.token)).status).toBe(403);
    await call(server.url, 'DELETE', `/session/${s.sessionId}`, undefined, { auth: s.token });
    const revoked = await download(s.token);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('TOKEN_REVOKED');
  });

  it('an expired playback token gets no download licence', async () => {
    const short = await startServer({ ...fixtures, caches: 1, dataDir: tempDataDir(), operatorToken: OPERATOR, scryptCost: 1024, tokenTtlMs: 100, accounts: { ann: { credential: CREDENTIAL } } });
    try {
      const r = await call(short.url, 'POST', '/session', { account: 'ann', credential: CREDENTIAL, device: 'tv', title: 'vod' });
      await sleep(150);
      const late = await call(short.url, 'POST', '/license/download', { kids: [KID_B64] }, { auth: r.body.token });
      expect(late.status).toBe(403);
      expect(late.body.error.code).toBe('TOKEN_EXPIRED');
    } finally {
      await short.close();
    }
  });
});

describe("the core's HttpDownloadLicenceService against this policy", () => {
  /** A NetworkClient over Node's fetch (the web binding's FetchNetworkClient needs a DOM). */
  const nodeFetch: NetworkClient = {
    request(req) {
      const promise = fetch(req.url, { method: req.method ?? 'GET', headers: req.headers ?? {}, ...(req.body ? { body: req.body as BodyInit } : {}) }).then(async (r) => {
        const data = await r.arrayBuffer();
        return { url: req.url, status: r.status, headers: {}, data, bytes: data.byteLength, timing: { requestStart: 0, firstByte: 0, end: 0 } };
      });
      return { promise, abort: () => undefined };
    },
  };

  it('acquires, renews and releases, and maps refusals and an unreachable server to typed errors', async () => {
    const s = await session(server.url, 'ann', 'web');
    const service = new HttpDownloadLicenceService({ network: nodeFetch, url: `${server.url}/license/download`, headers: () => ({ authorization: `Bearer ${s.token}` }) });
    const message = new TextEncoder().encode(JSON.stringify({ kids: [KID_B64], type: 'persistent-license' }));
    const grant = await service.acquire('org.w3.clearkey', message);
    expect(JSON.parse(new TextDecoder().decode(grant.response)).keys[0].kid).toBe(KID_B64);
    await sleep(20);
    expect((await service.renew(grant.licenceId)).expiresAt).toBeGreaterThan(grant.expiresAt);
    await service.release(grant.licenceId);
    await service.release(grant.licenceId);
    const refused = await service.renew(grant.licenceId).then(() => null, (e: OfflineError) => e);
    expect(refused).toBeInstanceOf(OfflineError);
    expect(refused?.code).toBe('OFFLINE_LICENCE_REFUSED');
    expect(refused?.details).toMatchObject({ status: 404, serverCode: 'UNKNOWN_DOWNLOAD' });
    // ann's plan allows two (the first test's licence has lapsed by now): two fit, then the limit.
    await service.acquire('org.w3.clearkey', message);
    await service.acquire('org.w3.clearkey', message);
    const limit = await service.acquire('org.w3.clearkey', message).then(() => null, (e: OfflineError) => e);
    expect(limit?.details).toMatchObject({ status: 403, serverCode: 'DOWNLOAD_LIMIT' });
    const down = new HttpDownloadLicenceService({ network: nodeFetch, url: 'http://127.0.0.1:9/license/download' });
    expect((await down.release('x').then(() => null, (e: OfflineError) => e))?.code).toBe('OFFLINE_LICENCE_FAILED');
  });
});
