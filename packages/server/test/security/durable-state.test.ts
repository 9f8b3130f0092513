/**
 * Issue 15 #7: a restart lost state and broke playing sessions (new token
 * secret, in-memory leases and resume, telemetry in a fresh temp folder), and
 * admission had only ever been atomic inside one process. State is now in
 * SQLite: a restart keeps heartbeats, resume and telemetry working and the
 * account within its limit; two processes on one database never over-admit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request as httpRequest } from 'node:http';
import { startServer, type RunningServer } from '../../src/index.js';
import { makeTinyFixtures } from '../support/tiny-fixtures.js';
import { call, CREDENTIAL, license, OPERATOR, session, tempDataDir } from './support.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
});

/** Starts a server in a child process on `dataDir`; resolves with its URL. */
function serverProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./server-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env, OPERATOR }, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ url: (JSON.parse(line) as { url: string }).url, child });
    });
    child.on('exit', (code) => reject(new Error(`server process exited with ${code}`)));
  });
}

describe('#7 durable state', () => {
  it('a restart keeps playing clients working: heartbeats, resume, telemetry, and the account limit', async () => {
    const { fixturesRoot, tracesRoot } = makeTinyFixtures();
    const dataDir = tempDataDir();
    const opts = { fixturesRoot, tracesRoot, dataDir, caches: 1, scryptCost: 1024, leaseTtlMs: 60_000, accounts: { alice: { credential: CREDENTIAL } } };
    let server: RunningServer = await startServer(opts);
    const tv = await session(server.url, 'alice', 'tv');
    const phone = await session(server.url, 'alice', 'phone');
    expect((await license(server.url, tv.token)).status).toBe(200);
    expect((await license(server.url, phone.token)).status).toBe(200);
    expect((await call(server.url, 'POST', '/resume', { title: 'vod', position: 4.5, clientTime: Date.now() }, { auth: tv.token })).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await call(server.url, 'POST', '/telemetry', { events: [{ type: 'stall', t: i, durationMs: 100 }] }, { auth: tv.token })).status).toBe(202);
    const operatorToken = server.operatorToken;
    await server.close();

    server = await startServer(opts);
    try {
      expect(server.operatorToken).toBe(operatorToken); // persisted, not regenerated
      for (const s of [tv, phone]) expect((await call(server.url, 'POST', '/heartbeat', { token: s.token })).status).toBe(200);
      expect((await call(server.url, 'GET', '/resume?title=vod', undefined, { auth: phone.token })).body).toMatchObject({ account: 'alice', position: 4.5 });
      const summary = await call(server.url, 'GET', '/telemetry/summary', undefined, { auth: tv.token });
      expect(summary.body.sessions).toEqual([expect.objectContaining({ sessionId: tv.sessionId, events: 10, stalls: 10, stallMs: 1000 })]);
      // The two old streams still hold the account's two slots: a new device is refused.
      const laptop = await session(server.url, 'alice', 'laptop');
      expect((await license(server.url, laptop.token)).body.error.code).toBe('CONCURRENCY_LIMIT');
    } finally {
      await server.close();
    }
  });

  it('two server processes on one database file never over-admit: 500 racing licence requests', async () => {
    const { fixturesRoot, tracesRoot } = makeTinyFixtures();
    const dataDir = tempDataDir();
    const accounts = Array.from({ length: 50 }, (_, i) => `acct-${i}`);
    const first = await startServer({ fixturesRoot, tracesRoot, dataDir, caches: 1, scryptCost: 1024, operatorToken: OPERATOR, leaseTtlMs: 60_000, demoAccount: false, accounts: Object.fromEntries(accounts.map((a) => [a, { credential: CREDENTIAL }])) });
    try {
      const second = await serverProcess({ FIXTURES_ROOT: fixturesRoot, TRACES_ROOT: tracesRoot, DATA_DIR: dataDir });
      const bases = [first.url, second.url];
      // 10 sessions per account, opened on either process.
      const sessions = await Promise.all(Array.from({ length: 500 }, (_, i) => session(bases[i % 2]!, accounts[i % 50]!, `dev-${i}`).then((s) => ({ ...s, account: accounts[i % 50]! }))));
      const results = await Promise.all(sessions.map((s, i) => license(bases[(i >> 1) % 2]!, s.token).then((r) => ({ account: s.account, status: r.status, code: r.body?.error?.code as string | undefined }))));
      const admitted = new Map<string, number>();
      for (const r of results) if (r.status === 200) admitted.set(r.account, (admitted.get(r.account) ?? 0) + 1);
      expect([...admitted.values()].every((n) => n === 2)).toBe(true);
      expect(admitted.size).toBe(50);
      expect(results.filter((r) => r.status !== 200).every((r) => r.code === 'CONCURRENCY_LIMIT')).toBe(true);
      second.child.kill('SIGTERM');
    } finally {
      await first.close();
    }
  }, 60_000);

  it('SIGTERM drains: an in-flight (shaped) download completes before the process exits', async () => {
    const { fixturesRoot, tracesRoot } = makeTinyFixtures();
    const { url, child } = await serverProcess({ FIXTURES_ROOT: fixturesRoot, TRACES_ROOT: tracesRoot, DATA_DIR: tempDataDir() });
    const caches = (await call(url, 'GET', '/control/caches', undefined, { auth: OPERATOR })).body.caches as { id: string; url: string }[];
    expect((await call(url, 'POST', `/control/caches/${caches[0]!.id}/faults`, { mode: 'bandwidth', kbps: 1500, session: 'drain' }, { auth: OPERATOR })).status).toBe(201);
    const download = new Promise<{ bytes: number; complete: boolean; declared: number }>((resolve) => {
      const req = httpRequest(`${caches[0]!.url}/s/drain/media/vod/video/v1/seg-1.m4s`, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ bytes, complete: res.complete, declared: Number(res.headers['content-length']) }));
        res.on('error', () => resolve({ bytes, complete: false, declared: Number(res.headers['content-length']) }));
      });
      req.on('error', () => resolve({ bytes: 0, complete: false, declared: -1 }));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 300)); // the transfer is under way (256 KB at 1.5 Mbit/s: ~1.4 s)
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    const d = await download;
    expect(d.complete).toBe(true);
    expect(d.bytes).toBe(d.declared);
    expect(await exited).toBe(0);
  }, 30_000);
});
