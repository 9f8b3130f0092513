#!/usr/bin/env node
/**
 * `npx edgeplay-server [--port 8080] [--caches 3] [--host 127.0.0.1] [--log]`
 * (env: PORT, CACHES, HOST, FIXTURES_ROOT, DATA_DIR, EDGEPLAY_OPERATOR_TOKEN, LOG=1). Generates fixtures when
 * missing, starts the origin/control plane and the edge caches, prints the URLs.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] && !args[i + 1].startsWith('--') ? args[i + 1] : fallback;
};

const dist = path.join(here, '..', 'dist', 'index.js');
let mod;
if (existsSync(dist)) {
  mod = await import(pathToFileURL(dist).href);
} else if (process.env.EDGEPLAY_SERVER_TS === '1') {
  // Re-executed under tsx (below): load the TypeScript sources directly.
  mod = await import(pathToFileURL(path.join(here, '..', 'src', 'index.ts')).href);
} else {
  // A source checkout without a build: run this script again with the tsx loader.
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], { stdio: 'inherit', env: { ...process.env, EDGEPLAY_SERVER_TS: '1' } });
  process.exit(child.status ?? 1);
}

const server = await mod.startServer({
  port: Number(flag('port', process.env.PORT ?? 8080)),
  host: flag('host', process.env.HOST ?? '127.0.0.1'),
  caches: Number(flag('caches', process.env.CACHES ?? 3)),
  ...(process.env.FIXTURES_ROOT ? { fixturesRoot: process.env.FIXTURES_ROOT } : {}),
  ...(flag('data-dir', process.env.DATA_DIR) ? { dataDir: flag('data-dir', process.env.DATA_DIR) } : {}),
  log: args.includes('--log') || process.env.LOG === '1',
});
console.log(`Edgeplay reference server: ${server.url}`);
console.log(`  demo:      ${server.url}/demo/`);
console.log(`  manifests: ${server.url}/manifest/vod?format=dash | ${server.url}/manifest/vod?format=hls`);
for (const c of server.caches) console.log(`  cache ${c.id.padEnd(6)} (${c.kind}): ${c.url}`);
console.log(`  data:      ${server.dataDir}`);
console.log(`  operator token (Authorization: Bearer … on /control/*): ${server.operatorToken}`);
console.log('  demo account: demo / edgeplay-demo');
// SIGTERM/SIGINT: stop accepting, let in-flight downloads finish (up to 10 s), then exit.
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
