/**
 * A reference server in its own process, for the cross-process tests: reads
 * its options from the environment, prints `{"url":…}` on stdout, exits on
 * SIGTERM (after draining) or when stdin closes.
 */
import { startServer } from '../../src/index.js';

const server = await startServer({
  fixturesRoot: process.env.FIXTURES_ROOT!,
  tracesRoot: process.env.TRACES_ROOT!,
  dataDir: process.env.DATA_DIR!,
  operatorToken: process.env.OPERATOR!,
  caches: 1,
  scryptCost: 1024,
  leaseTtlMs: Number(process.env.LEASE_TTL_MS ?? 60_000),
  demoAccount: false,
});
process.stdout.write(`${JSON.stringify({ url: server.url, caches: server.caches })}\n`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
