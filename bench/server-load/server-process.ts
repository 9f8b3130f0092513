/**
 * A reference server in its own process for the load bench: options from the
 * environment (DATA_DIR, OPERATOR, optional FIXTURES_ROOT), prints
 * `{"url":…,"caches":[…],"pid":…}` on stdout, drains and exits on SIGTERM.
 */
import { startServer } from '../../packages/server/src/index.js';

const server = await startServer({
  ...(process.env.FIXTURES_ROOT ? { fixturesRoot: process.env.FIXTURES_ROOT } : {}),
  dataDir: process.env.DATA_DIR!,
  operatorToken: process.env.OPERATOR!,
  caches: 1,
  scryptCost: 1024,
  leaseTtlMs: 60_000,
  demoAccount: false,
});
process.stdout.write(`${JSON.stringify({ url: server.url, caches: server.caches, pid: process.pid })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
