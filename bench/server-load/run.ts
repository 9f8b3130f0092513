/**
 * Load test of the reference server (loopback only, bounded, stops by itself):
 * 1. licence admission: 750 racing licence requests over 250 two-stream
 *    accounts, on one process and then split across two processes sharing one
 *    SQLite database — never more than 2 per account;
 * 2. 200 concurrent 2.2 MB segment downloads from one edge cache, its RSS peak;
 * 3. telemetry intake at the rate limit, /health p50 idle vs during the flood.
 *
 *   npm run bench:server-load
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../../packages/server/src/index.js';
import { ACCOUNTS, CREDENTIAL, licenceAdmission } from './licence-admission.js';
import { segmentFetch } from './segment-fetch.js';
import { childServer } from './support.js';
import { telemetryFlood } from './telemetry-flood.js';

/** RSS the cache process may reach during the 200 downloads: idle (~90 MB) + a few MB of socket buffers. */
const SEGMENT_RSS_LIMIT_MB = 200;
const OPERATOR = 'bench-operator-token';

const dataDir = mkdtempSync(path.join(tmpdir(), 'edgeplay-bench-load-'));
// scrypt cost 1024 instead of 16384: 750 sessions would otherwise measure the password hash, not the server.
const accounts = Object.fromEntries(Array.from({ length: ACCOUNTS }, (_, i) => [`acct-${i}`, { credential: CREDENTIAL }]));
const server = await startServer({ caches: 1, leaseTtlMs: 60_000, dataDir, operatorToken: OPERATOR, scryptCost: 1024, accounts });
const deadline = setTimeout(() => {
  console.error('load test exceeded 180 s; aborting');
  process.exit(2);
}, 180_000);
const results: Record<string, boolean> = {};
try {
  const kid = Buffer.from(server.catalog.titles.find((t) => t.encryption)!.encryption!.keys[0]!.kid, 'hex').toString('base64url');
  results['licence admission, one process'] = await licenceAdmission('1 process', [server.url], kid);

  // A second database for the two-process run (the first one's leases are held for 60 s).
  const shared = mkdtempSync(path.join(tmpdir(), 'edgeplay-bench-shared-'));
  const a = await startServer({ caches: 1, leaseTtlMs: 60_000, dataDir: shared, operatorToken: OPERATOR, scryptCost: 1024, accounts, demoAccount: false });
  const b = await childServer(shared, OPERATOR);
  try {
    results['licence admission, two processes on one database'] = await licenceAdmission('2 processes', [a.url, b.url], kid);
    results['200 concurrent segment downloads, bounded RSS'] = await segmentFetch(b, SEGMENT_RSS_LIMIT_MB);
  } finally {
    await b.stop();
    await a.close();
  }
  results['telemetry at the rate limit'] = await telemetryFlood(server.url);
  for (const [name, ok] of Object.entries(results)) console.log(`${ok ? 'OK    ' : 'FAILED'} ${name}`);
  const ok = Object.values(results).every(Boolean);
  console.log(ok ? 'RESULT: OK' : 'RESULT: FAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  clearTimeout(deadline);
  await server.close();
}
