/**
 * Issue 15 #3 (anyone minted tokens for any account), #4 (released tokens
 * replayed; malleable signatures) and #5 (a failed licence request took a slot).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { DEMO_ACCOUNT } from '../../src/server.js';
import { call, CREDENTIAL, license, OPERATOR, secureServer, session } from './support.js';

let server: RunningServer;
beforeAll(async () => {
  server = await secureServer({ leaseTtlMs: 60_000 });
});
afterAll(() => server.close());

describe('#3 accounts authenticate before a playback token is issued', () => {
  it('refuses POST /session without the credential, with a wrong one, or for an unknown account', async () => {
    for (const body of [
      { account: 'alice', device: 'tv', title: 'vod' },
      { account: 'alice', credential: 'guess', device: 'tv', title: 'vod' },
      { account: 'nobody', credential: CREDENTIAL, device: 'tv', title: 'vod' },
    ]) {
      const r = await call(server.url, 'POST', '/session', body);
      expect(r.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.token).toBeUndefined();
    }
    expect((await call(server.url, 'POST', '/session', { account: 'alice', credential: 'guess', device: 'tv', title: 'vod' })).body.error.code).toBe('BAD_CREDENTIAL');
  });

  it("an attacker cannot fill a household's streams: the household's own TV still gets a licence", async () => {
    const attempts = await Promise.all(Array.from({ length: 5 }, (_, i) => call(server.url, 'POST', '/session', { account: 'bob', credential: `wrong-${i}`, device: `evil-${i}`, title: 'vod' })));
    expect(attempts.every((a) => a.status === 401)).toBe(true);
    const tv = await session(server.url, 'bob', 'tv');
    expect((await license(server.url, tv.token)).status).toBe(200);
  });

  it('the demo account works with its documented credential; credentials are stored hashed', async () => {
    expect((await call(server.url, 'POST', '/session', { ...DEMO_ACCOUNT, device: 'web', title: 'vod' })).status).toBe(201);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${server.dataDir}/edgeplay.sqlite`, { readonly: true });
    const rows = db.prepare('SELECT id, hash, salt FROM accounts').all() as { id: string; hash: string; salt: string }[];
    db.close();
    expect(rows.map((r) => r.id)).toContain('demo');
    for (const r of rows) {
      expect(r.hash).not.toContain(CREDENTIAL);
      expect(r.hash).toMatch(/^\d+\$[0-9a-f]{64}$/);
      expect(r.salt).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('the operator provisions accounts (and only the operator)', async () => {
    expect((await call(server.url, 'POST', '/control/accounts', { account: 'dave', credential: 'dave-credential' })).status).toBe(401);
    expect((await call(server.url, 'POST', '/control/accounts', { account: 'dave', credential: 'dave-credential' }, { auth: OPERATOR })).status).toBe(201);
    expect((await call(server.url, 'POST', '/session', { account: 'dave', credential: 'dave-credential', device: 'tv', title: 'vod' })).status).toBe(201);
  });
});

describe('#4 tokens die with their session and decode strictly', () => {
  it('a released token gets no keys, no heartbeat, no second release', async () => {
    const s = await session(server.url, 'carol', 'phone');
    expect((await license(server.url, s.token)).status).toBe(200);
    expect((await call(server.url, 'DELETE', `/session/${s.sessionId}`, undefined, { auth: s.token })).status).toBe(200);
    const replay = await license(server.url, s.token);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('TOKEN_REVOKED');
    expect(replay.body.keys).toBeUndefined();
    expect((await call(server.url, 'POST', '/heartbeat', { token: s.token })).status).toBe(401);
    expect((await call(server.url, 'DELETE', `/session/${s.sessionId}`, undefined, { auth: s.token })).status).toBe(401);
  });

  it('malleated signatures are refused: appended "=", "!!", a "*" mid-signature, inner whitespace, any junk', async () => {
    const s = await session(server.url, 'carol', 'laptop');
    const [body, sig] = s.token.split('.') as [string, string];
    const variants = [`${s.token}=`, `${s.token}==`, `${s.token}!!`, `${body}.${sig.slice(0, 20)}*${sig.slice(20)}`, `${body}.${sig.slice(0, 20)} ${sig.slice(20)}`, `${body}=.${sig}`, `${body}.${sig}.`, `${body}.${sig.slice(0, 42)}`, `${body}.${sig}A`, `${body}%.${sig}`];
    for (const v of variants) {
      const r = await license(server.url, v);
      expect(r.status, v.slice(-12)).toBe(401);
      expect(r.body.error.code).toBe('TOKEN_INVALID');
    }
    expect((await license(server.url, s.token)).status).toBe(200);
  });

  it('tokens are not accepted in the URL', async () => {
    const s = await session(server.url, 'carol', 'tablet');
    const r = await call(server.url, 'POST', `/license/clearkey?token=${encodeURIComponent(s.token)}`, { kids: ['AAAAAAAAAAAAAAAAAAAAAA'] });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('TOKEN_MISSING');
  });
});

describe('#5 a failed licence request takes no stream slot', () => {
  it('two UNKNOWN_KEY requests leave the account free for its real streams', async () => {
    const [a, b] = [await session(server.url, 'mallory', 'x1'), await session(server.url, 'mallory', 'x2')];
    for (const s of [a, b]) {
      const r = await license(server.url, s.token, ['AAAAAAAAAAAAAAAAAAAAAA']);
      expect(r.body.error.code).toBe('UNKNOWN_KEY');
    }
    const [tv, phone] = [await session(server.url, 'mallory', 'tv'), await session(server.url, 'mallory', 'phone')];
    expect((await license(server.url, tv.token)).status).toBe(200);
    expect((await license(server.url, phone.token)).status).toBe(200);
  });
});
