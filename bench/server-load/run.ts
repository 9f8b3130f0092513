/**
 * Load test of the license + heartbeat path (loopback only, bounded, stops by itself):
 * 250 accounts on a 2-stream plan each open 3 playback sessions (750 sessions) and all
 * request a license at once — 500 must be admitted and 250 refused with CONCURRENCY_LIMIT,
 * never more than 2 per account. Then every admitted stream sends 3 rounds of heartbeats.
 * Prints p50/p95/max latency and request rates.
 *
 *   npm run bench:server-load
 */
import { startServer } from '../../packages/server/src/index.js';

const ACCOUNTS = 250;
const PER_ACCOUNT = 3;
const LIMIT = 2;


function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
  return `p50 ${q(0.5)} ms · p95 ${q(0.95)} ms · max ${s[s.length - 1]!.toFixed(1)} ms`;
}

async function timed<T>(fn: () => Promise<T>, into: number[]): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    into.push(performance.now() - t0);
  }
}

const server = await startServer({ caches: 1, leaseTtlMs: 60_000 });
const deadline = setTimeout(() => {
  console.error('load test exceeded 90 s; aborting');
  process.exit(2);
}, 90_000);
try {
  const kid = Buffer.from(server.catalog.titles.find((t) => t.encryption)!.encryption!.keys[0]!.kid, 'hex').toString('base64url');
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

  const sessionMs: number[] = [];
  let t0 = performance.now();
  const sessions = await Promise.all(
    Array.from({ length: ACCOUNTS * PER_ACCOUNT }, (_, i) =>
      timed(async () => {
        const r = await post('/session', { account: `acct-${i % ACCOUNTS}`, device: `dev-${i}`, title: 'vod-cenc' });
        return { account: `acct-${i % ACCOUNTS}`, ...((await r.json()) as { token: string; sessionId: string }) };
      }, sessionMs),
    ),
  );
  console.log(`POST /session        ×${sessions.length}: ${stats(sessionMs)} · ${(sessions.length / ((performance.now() - t0) / 1000)).toFixed(0)} req/s`);

  const licenseMs: number[] = [];
  t0 = performance.now();
  const results = await Promise.all(sessions.map((s) => timed(async () => ({ s, r: await post('/license/clearkey', { kids: [kid], type: 'temporary' }, s.token) }), licenseMs)));
  const wall = performance.now() - t0;
  const admitted = results.filter((x) => x.r.status === 200);
  const refused = await Promise.all(results.filter((x) => x.r.status !== 200).map(async (x) => ((await x.r.json()) as { error: { code: string } }).error.code));
  for (const x of admitted) await x.r.arrayBuffer();
  const perAccount = new Map<string, number>();
  for (const x of admitted) perAccount.set(x.s.account, (perAccount.get(x.s.account) ?? 0) + 1);
  const overAdmitted = [...perAccount.values()].filter((n) => n > LIMIT).length;
  console.log(`POST /license        ×${results.length}: ${stats(licenseMs)} · ${(results.length / (wall / 1000)).toFixed(0)} req/s`);
  console.log(`  admitted ${admitted.length} (expected ${ACCOUNTS * LIMIT}), refused ${refused.length} (CONCURRENCY_LIMIT: ${refused.filter((c) => c === 'CONCURRENCY_LIMIT').length}), accounts over the limit: ${overAdmitted}`);

  const hbMs: number[] = [];
  t0 = performance.now();
  let hbFailures = 0;
  for (let round = 0; round < 3; round++) {
    const codes = await Promise.all(admitted.map((x) => timed(async () => (await post('/heartbeat', { token: x.s.token })).status, hbMs)));
    hbFailures += codes.filter((c) => c !== 200).length;
  }
  console.log(`POST /heartbeat      ×${hbMs.length} (3 rounds × ${admitted.length} streams): ${stats(hbMs)} · ${(hbMs.length / ((performance.now() - t0) / 1000)).toFixed(0)} req/s · failures ${hbFailures}`);
  const ok = admitted.length === ACCOUNTS * LIMIT && overAdmitted === 0 && hbFailures === 0 && refused.every((c) => c === 'CONCURRENCY_LIMIT');
  console.log(ok ? 'RESULT: OK — no over-admission, every admitted stream kept its lease' : 'RESULT: FAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  clearTimeout(deadline);
  await server.close();
}
