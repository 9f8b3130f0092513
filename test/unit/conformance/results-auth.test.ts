/**
 * Hostile requests against the results intake: no token, a forged token, another run's token,
 * an oversized body, a flood of posts or of run creations. Devices hold no operator
 * credentials, so the run token the runner page gets at session creation is the only key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../packages/server/src/index.js';
import { call, secureServer } from '../../../packages/server/test/security/support.js';

let server: RunningServer;
beforeAll(async () => {
  server = await secureServer();
});
afterAll(() => server.close());

const device = { userAgent: 'UA/hostile', platform: 'Linux', label: '' };
const result = (caseId: string) => ({ caseId, category: 'mse', title: caseId, player: 'device', status: 'pass', reason: '', durationMs: 1 });
const create = (session?: string) => call(server.url, 'POST', '/conformance/api/sessions', session === undefined ? {} : { session });
const post = (session: string, token: string | undefined, results: unknown[] = [result('mse/a')]) => call(server.url, 'POST', '/conformance/api/results', { session, device, results }, token ? { auth: token } : {});
const stored = async (session: string) => ((await call(server.url, 'GET', `/conformance/api/results?session=${session}`)).body as { results: unknown[] }).results;

describe('POST /conformance/api/results needs the run token of its session', () => {
  it('session creation issues a token; posting with it stores, the same id cannot be taken twice', async () => {
    const made = await create('auth-a');
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ session: 'auth-a', token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
    expect((await post('auth-a', made.body.token)).status).toBe(201);
    expect(await stored('auth-a')).toHaveLength(1);
    const again = await create('auth-a');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SESSION_TAKEN');
    // The operator (the CLI re-running a named session) may take it over; the old token stops working.
    const takeover = await call(server.url, 'POST', '/conformance/api/sessions', { session: 'auth-a' }, { auth: 'security-test-operator-token' });
    expect(takeover.status).toBe(201);
    expect((await post('auth-a', made.body.token)).status).toBe(401);
    expect((await post('auth-a', takeover.body.token)).status).toBe(201);
    const fresh = await create();
    expect(fresh.body.session).toMatch(/^run-/);
    expect((await create('bad id!')).status).toBe(400);
  });

  it('401 without a token, with a forged one, and with the token of another run (nothing stored)', async () => {
    const a = (await create('auth-b')).body as { token: string };
    const other = (await create('auth-c')).body as { token: string };
    for (const token of [undefined, 'forged-token-forged-token-forged', other.token]) {
      const r = await post('auth-b', token);
      expect(r.status, String(token)).toBe(401);
      expect(['RUN_TOKEN_REQUIRED', 'RUN_TOKEN_MISMATCH']).toContain(r.body.error.code);
    }
    // The operator token is not a run token either: devices never need it, so it opens nothing here.
    expect((await post('auth-b', 'security-test-operator-token')).status).toBe(401);
    expect(await stored('auth-b')).toEqual([]);
    expect((await post('auth-b', a.token)).status).toBe(201);
  });

  it('413 for a body over 2 MiB (declared length), before any of it is stored', async () => {
    const { token } = (await create('auth-big')).body as { token: string };
    const huge = { session: 'auth-big', device, results: [{ ...result('mse/big'), reason: 'x'.repeat(3 * 1024 * 1024) }] };
    const r = await call(server.url, 'POST', '/conformance/api/results', huge, { auth: token });
    expect(r.status).toBe(413);
    expect(await stored('auth-big')).toEqual([]);
  });

  it('429 once a run posts faster than 5/s past a burst of 60; other runs are unaffected', async () => {
    const { token } = (await create('auth-flood')).body as { token: string };
    const statuses: number[] = [];
    for (let i = 0; i < 80; i++) statuses.push((await post('auth-flood', token, [result(`mse/${i}`)])).status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(60);
    expect(statuses.filter((s) => s === 201).length).toBeLessThan(80);
    expect(statuses).toContain(429);
    const calm = (await create('auth-calm')).body as { token: string };
    expect((await post('auth-calm', calm.token)).status).toBe(201);
  });

  it('429 for a flood of run creations from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await create()).status);
    expect(statuses).toContain(429);
    const last = await create();
    expect(last.body.error.code).toBe('TOO_MANY_RUNS');
  });
});
