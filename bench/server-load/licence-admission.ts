/**
 * Licence admission under racing requests: 250 two-stream accounts × 3
 * sessions all ask for a licence at once, on one server process or split
 * across two processes sharing one SQLite file. 500 admitted, 250 refused with
 * CONCURRENCY_LIMIT, never more than 2 per account; then heartbeats.
 */
import { post, stats, timed } from './support.js';

export const ACCOUNTS = 250;
const PER_ACCOUNT = 3;
const LIMIT = 2;
export const CREDENTIAL = 'bench-credential';

export async function licenceAdmission(label: string, bases: string[], kid: string): Promise<boolean> {
  const sessionMs: number[] = [];
  let t0 = performance.now();
  const sessions = await Promise.all(
    Array.from({ length: ACCOUNTS * PER_ACCOUNT }, (_, i) =>
      timed(async () => {
        const account = `acct-${i % ACCOUNTS}`;
        const r = await post(bases[i % bases.length]!, '/session', { account, credential: CREDENTIAL, device: `dev-${i}`, title: 'vod-cenc' });
        return { account, ...((await r.json()) as { token: string; sessionId: string }) };
      }, sessionMs),
    ),
  );
  console.log(`[${label}] POST /session ×${sessions.length}: ${stats(sessionMs)} · ${(sessions.length / ((performance.now() - t0) / 1000)).toFixed(0)} req/s`);

  const licenseMs: number[] = [];
  t0 = performance.now();
  // Each account's three requests go to different processes when there are two.
  const results = await Promise.all(sessions.map((s, i) => timed(async () => ({ s, r: await post(bases[Math.floor(i / ACCOUNTS) % bases.length]!, '/license/clearkey', { kids: [kid], type: 'temporary' }, s.token) }), licenseMs)));
  const wall = performance.now() - t0;
  const admitted = results.filter((x) => x.r.status === 200);
  const refused = await Promise.all(results.filter((x) => x.r.status !== 200).map(async (x) => ((await x.r.json()) as { error: { code: string } }).error.code));
  for (const x of admitted) await x.r.arrayBuffer();
  const perAccount = new Map<string, number>();
  for (const x of admitted) perAccount.set(x.s.account, (perAccount.get(x.s.account) ?? 0) + 1);
  const overAdmitted = [...perAccount.values()].filter((n) => n > LIMIT).length;
  console.log(`[${label}] POST /license ×${results.length}: ${stats(licenseMs)} · ${(results.length / (wall / 1000)).toFixed(0)} req/s`);
  console.log(`[${label}]   admitted ${admitted.length} (expected ${ACCOUNTS * LIMIT}), refused ${refused.length} (CONCURRENCY_LIMIT: ${refused.filter((c) => c === 'CONCURRENCY_LIMIT').length}), accounts over the limit: ${overAdmitted}`);

  const hbMs: number[] = [];
  t0 = performance.now();
  let hbFailures = 0;
  for (let round = 0; round < 3; round++) {
    const codes = await Promise.all(admitted.map((x, i) => timed(async () => (await post(bases[i % bases.length]!, '/heartbeat', { token: x.s.token })).status, hbMs)));
    hbFailures += codes.filter((c) => c !== 200).length;
  }
  console.log(`[${label}] POST /heartbeat ×${hbMs.length} (3 rounds, either process): ${stats(hbMs)} · ${(hbMs.length / ((performance.now() - t0) / 1000)).toFixed(0)} req/s · failures ${hbFailures}`);
  return admitted.length === ACCOUNTS * LIMIT && overAdmitted === 0 && hbFailures === 0 && refused.every((c) => c === 'CONCURRENCY_LIMIT');
}
