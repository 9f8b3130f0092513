/**
 * Issue 15 #6: resume and telemetry were writable by anyone for anyone, with
 * no ranges, quotas or rate limits, a summary of every session for everyone,
 * 7× on-disk amplification and a synchronous append on the request path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import type { RunningServer } from '../../src/index.js';
import { call, OPERATOR, secureServer, session } from './support.js';

let server: RunningServer;
beforeAll(async () => {
  server = await secureServer();
});
afterAll(() => server.close());

describe('#6 resume positions', () => {
  it('are written for the token’s account only; no token, no write', async () => {
    const alice = await session(server.url, 'alice');
    expect((await call(server.url, 'POST', '/resume', { account: 'bob', title: 'vod', position: 3, clientTime: Date.now() })).status).toBe(401);
    const w = await call(server.url, 'POST', '/resume', { account: 'bob', title: 'vod', position: 3, clientTime: Date.now() }, { auth: alice.token });
    expect(w.status).toBe(200);
    expect(w.body.account).toBe('alice'); // the body's account is ignored
    const bob = await session(server.url, 'bob');
    expect((await call(server.url, 'GET', '/resume?title=vod&account=alice', undefined, { auth: bob.token })).status).toBe(404);
  });

  it('refuse positions outside the title and client clocks far from the server’s (no pinning forever)', async () => {
    const s = await session(server.url, 'carol');
    const now = Date.now();
    for (const body of [
      { title: 'vod', position: 1e308, clientTime: now },
      { title: 'vod', position: 9, clientTime: now }, // the tiny vod is 8 s long
      { title: 'vod', position: -1, clientTime: now },
      { title: 'vod', position: 2, clientTime: now + 365 * 86_400_000 },
      { title: 'vod', position: 2, clientTime: 8.64e15 },
      { title: 'vod', position: 2, clientTime: now - 3_600_000 },
    ]) {
      expect((await call(server.url, 'POST', '/resume', body, { auth: s.token })).status, JSON.stringify(body)).toBe(400);
    }
    expect((await call(server.url, 'POST', '/resume', { title: 'vod', position: 2, clientTime: now }, { auth: s.token })).status).toBe(200);
    // A later honest write still wins (nothing pinned the point).
    expect((await call(server.url, 'POST', '/resume', { title: 'vod', position: 5, clientTime: now + 1000 }, { auth: s.token })).body.position).toBe(5);
  });

  it('are rate limited per session', async () => {
    const s = await session(server.url, 'mallory');
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) codes.push((await call(server.url, 'POST', '/resume', { title: 'vod', position: 1, clientTime: Date.now() }, { auth: s.token })).status);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(10);
  });
});

describe('#6 telemetry', () => {
  const events = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'heartbeat', t: i }));

  it('needs the playback token of the session it reports on', async () => {
    const alice = await session(server.url, 'alice', 'qoe');
    const bob = await session(server.url, 'bob', 'qoe');
    expect((await call(server.url, 'POST', '/telemetry', { sessionId: alice.sessionId, events: events(1) })).status).toBe(401);
    expect((await call(server.url, 'POST', '/telemetry', { sessionId: alice.sessionId, events: events(1) }, { auth: bob.token })).status).toBe(403);
    expect((await call(server.url, 'POST', '/telemetry', { events: [{ type: 'error', t: 1, code: 'X' }] }, { auth: alice.token })).status).toBe(202);
  });

  it('summaries: a client sees only its own sessions; the operator sees all', async () => {
    const alice = await session(server.url, 'alice', 'sum');
    const bob = await session(server.url, 'bob', 'sum');
    await call(server.url, 'POST', '/telemetry', { events: [{ type: 'stall', t: 1, durationMs: 300 }] }, { auth: alice.token });
    await call(server.url, 'POST', '/telemetry', { events: [{ type: 'stall', t: 1, durationMs: 700 }] }, { auth: bob.token });
    expect((await call(server.url, 'GET', '/telemetry/summary')).status).toBe(401);
    const mine = await call(server.url, 'GET', '/telemetry/summary', undefined, { auth: alice.token });
    const ids = mine.body.sessions.map((x: { sessionId: string }) => x.sessionId);
    expect(ids).toContain(alice.sessionId);
    expect(ids).not.toContain(bob.sessionId);
    expect((await call(server.url, 'GET', `/telemetry/summary?session=${bob.sessionId}`, undefined, { auth: alice.token })).body.sessions).toEqual([]);
    const all = await call(server.url, 'GET', '/telemetry/summary', undefined, { auth: OPERATOR });
    expect(all.body.sessions.map((x: { sessionId: string }) => x.sessionId)).toEqual(expect.arrayContaining([alice.sessionId, bob.sessionId]));
  });

  it('one client is rate limited (429) instead of writing tens of MB/s', async () => {
    const s = await session(server.url, 'carol', 'flood');
    const codes = await Promise.all(Array.from({ length: 60 }, () => call(server.url, 'POST', '/telemetry', { events: events(500) }, { auth: s.token }).then((r) => r.status)));
    expect(codes.filter((c) => c === 202).length).toBeLessThanOrEqual(25);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(30);
  });

  it('stores compactly: minimal events cost less on disk than their JSON', async () => {
    const s = await session(server.url, 'mallory', 'disk');
    const db = `${server.dataDir}/edgeplay.sqlite`;
    await call(server.url, 'GET', '/telemetry/summary', undefined, { auth: OPERATOR }); // flush earlier tests
    const size = () => statSync(db).size + (statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    const before = size();
    const batch = { events: events(500) };
    let sent = 0;
    for (let i = 0; i < 10; i++) {
      const r = await call(server.url, 'POST', '/telemetry', batch, { auth: s.token });
      if (r.status === 202) sent += JSON.stringify(batch).length;
      await new Promise((res) => setTimeout(res, 250));
    }
    await call(server.url, 'GET', '/telemetry/summary', undefined, { auth: OPERATOR });
    expect(sent).toBeGreaterThan(0);
    // The old NDJSON store wrote each minimal event ~7× its request size (sessionId, receivedAt, names).
    expect((size() - before) / sent).toBeLessThan(2);
  });
});
