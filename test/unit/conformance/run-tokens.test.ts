import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_RUN_SESSIONS, RUN_TOKEN_TTL_MS, RunTokenRegistry } from '../../../packages/server/src/conformance/run-tokens.js';
import { resolveRunSession, runLink } from '../../../conformance/src/browser/run-session.js';

describe('run-token registry', () => {
  it('keeps only digests on disk, and the tokens survive a restart', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edgeplay-run-tokens-'));
    const { token } = new RunTokenRegistry(dir).issue('tv-1');
    expect(readFileSync(path.join(dir, 'conformance-run-tokens.ndjson'), 'utf8')).not.toContain(token);
    const reopened = new RunTokenRegistry(dir);
    expect(reopened.sessionOf(token)).toBe('tv-1');
    expect(reopened.sessionOf(`${token}x`)).toBeNull();
    expect(() => reopened.issue('tv-1')).toThrow(/already has a run token/);
  });

  it('an expired token opens nothing and its session can be created again', () => {
    let now = 1_000;
    const reg = new RunTokenRegistry(undefined, () => now);
    const { token } = reg.issue('s');
    now += RUN_TOKEN_TTL_MS + 1;
    expect(reg.sessionOf(token)).toBeNull();
    const again = reg.issue('s');
    expect(reg.sessionOf(again.token)).toBe('s');
  });

  it('stays bounded under a flood of creations (oldest evicted)', () => {
    const reg = new RunTokenRegistry();
    const first = reg.issue('s-0').token;
    for (let i = 1; i <= MAX_RUN_SESSIONS + 50; i++) reg.issue(`s-${i}`);
    expect(reg.size).toBe(MAX_RUN_SESSIONS);
    expect(reg.sessionOf(first)).toBeNull();
  });
});

describe('runner page run session', () => {
  const store = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
  };
  const server = (answer: { status: number; body: unknown }) => {
    const calls: unknown[] = [];
    const f = (async (_url: string, init: RequestInit) => {
      calls.push(JSON.parse(String(init.body)));
      return new Response(JSON.stringify(answer.body), { status: answer.status });
    }) as unknown as typeof fetch;
    return { f, calls };
  };
  const TOKEN = 'abcdefghijklmnopqrstuvwxyz012345';

  it('a token in the URL fragment (run link / QR) is used as is and remembered; no server call', async () => {
    const s = store();
    const { f, calls } = server({ status: 500, body: {} });
    const run = await resolveRunSession(new URLSearchParams({ session: 'tv' }), new URLSearchParams({ token: TOKEN }), s, 'http://x', f);
    expect(run).toEqual({ session: 'tv', token: TOKEN });
    expect(calls).toEqual([]);
    expect(await resolveRunSession(new URLSearchParams({ session: 'tv' }), new URLSearchParams(), s, 'http://x', f)).toEqual(run); // after a reload without the token
    expect(runLink('http://x', run)).toBe(`http://x/conformance?session=tv#token=${TOKEN}`);
    // A token in the query (where server logs would see it) is not taken.
    expect(await resolveRunSession(new URLSearchParams({ session: 'other', token: TOKEN }), new URLSearchParams(), store(), 'http://x', server({ status: 201, body: { session: 'other', token: 'B'.repeat(32) } }).f)).toEqual({ session: 'other', token: 'B'.repeat(32) });
  });

  it('otherwise the server creates the run; a session taken by another device is an error to show', async () => {
    const ok = server({ status: 201, body: { session: 'run-1', token: TOKEN } });
    expect(await resolveRunSession(new URLSearchParams(), new URLSearchParams(), store(), 'http://x', ok.f)).toEqual({ session: 'run-1', token: TOKEN });
    expect(ok.calls).toEqual([{}]);
    const taken = server({ status: 409, body: { error: { message: 'session tv already has a run token' } } });
    await expect(resolveRunSession(new URLSearchParams({ session: 'tv' }), new URLSearchParams(), store(), 'http://x', taken.f)).rejects.toThrow(/HTTP 409 session tv already has a run token/);
    expect(taken.calls).toEqual([{ session: 'tv' }]);
  });
});
