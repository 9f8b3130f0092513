#!/usr/bin/env node
// `npm run compat`: plays every compat case (packages/server/src/fixtures/compat/README.md) in headless
// Chromium with Edgeplay and the reference players of its protocol (shaka-player + hls.js for HLS,
// shaka-player + dash.js for DASH) and prints the case × player matrix; writes .bench-out/compat.json.
// Usage: npm run compat [-- --only <substring>] [--players edgeplay,shaka] [--parallel 3] [--out file.json]
// Needs `npm run build` (Edgeplay's packages/web/dist); generates the fixtures when missing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { argValue, root } from '../lib/harness.mjs';
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { acceptable, formatMatrix, provesFixture, runMatrix } from './lib/matrix.mjs';
import { PLAYERS_BY_PROTOCOL } from './lib/players.mjs';

const started = Date.now();
if (!existsSync(path.join(root, 'packages/web/dist/edgeplay.bundle.mjs'))) {
  console.error('compat: packages/web/dist is missing: run `npm run build` first');
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
const server = await import(pathToFileURL(path.join(root, 'packages/server/src/index.ts')).href);
const { ensureCompatFixtures } = await import(pathToFileURL(path.join(root, 'packages/server/src/fixtures/compat/compat-generate.ts')).href);
const log = (line) => console.log(`[compat] ${line}`);
const catalog = await ensureCompatFixtures({ root: server.defaultFixturesRoot(), log });
const only = argValue('--only', '');
const wanted = argValue('--players', '');
const cases = catalog.cases.filter((k) => !only || only.split(',').some((o) => k.id.includes(o)));
const players = (k) => PLAYERS_BY_PROTOCOL[k.protocol].filter((p) => !wanted || wanted.split(',').includes(p));
const running = await server.startServer({ port: 0, caches: 3 });
const browser = await launchChromium();
let results;
try {
  log(`${cases.length} cases, ${cases.reduce((n, k) => n + players(k).length, 0)} runs`);
  results = await runMatrix(browser, running.url, cases, {
    operatorToken: running.operatorToken,
    parallel: Number(argValue('--parallel', '3')),
    players,
    onResult: (k, p, r) => log(`${k.id} × ${p}: ${r.outcome}${r.detail ? ` (${r.detail})` : ''} [${(r.ms / 1000).toFixed(1)} s]`),
  });
} finally {
  await browser.close();
  await running.close();
}
console.log(`\n${formatMatrix(cases, results)}\n`);
const badFixtures = cases.filter((k) => !players(k).filter((p) => p !== 'edgeplay').some((p) => provesFixture(k, results[k.id]?.[p])));
const edgeplayOk = cases.filter((k) => acceptable(k, results[k.id]?.edgeplay)).length;
console.log(`Edgeplay: ${edgeplayOk}/${cases.length} cases as a correct player would; no reference player plays: ${badFixtures.map((k) => k.id).join(', ') || 'none'}`);
const out = argValue('--out', path.join(root, '.bench-out/compat.json'));
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), totalSeconds: (Date.now() - started) / 1000, cases, results }, null, 2)}\n`);
console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s; JSON in ${path.relative(process.cwd(), out)}`);
