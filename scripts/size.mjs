#!/usr/bin/env node
/**
 * `npm run size`: minified + gzip size of the browser bundle of @edgeplay/core + @edgeplay/web
 * (packages/web/dist/edgeplay.bundle.mjs, built by `npm run build`) against the peers' own
 * minified builds, measured the same way in the same run. Prints bytes and ratios.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const ours = path.join(root, 'packages/web/dist/edgeplay.bundle.mjs');
if (!existsSync(ours)) execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });

const entries = [
  ['edgeplay (core + web)', ours],
  ['hls.js light', 'node_modules/hls.js/dist/hls.light.min.js'],
  ['hls.js', 'node_modules/hls.js/dist/hls.min.js'],
  ['shaka-player (compiled)', 'node_modules/shaka-player/dist/shaka-player.compiled.js'],
  ['dash.js (all, min)', 'node_modules/dashjs/dist/modern/umd/dash.all.min.js'],
];

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const rows = [];
for (const [name, file] of entries) {
  const p = path.isAbsolute(file) ? file : path.join(root, file);
  if (!existsSync(p)) {
    rows.push({ name, missing: true });
    continue;
  }
  const buf = readFileSync(p);
  rows.push({ name, min: buf.length, gzip: gzipSync(buf, { level: 9 }).length, brotli: brotliCompressSync(buf).length });
}
const base = rows[0];
console.log('bundle'.padEnd(26), 'min'.padStart(11), 'gzip'.padStart(11), 'brotli'.padStart(11), '  gzip ratio (peer / edgeplay)');
for (const r of rows) {
  if (r.missing) {
    console.log(r.name.padEnd(26), 'not installed');
    continue;
  }
  console.log(r.name.padEnd(26), kb(r.min).padStart(11), kb(r.gzip).padStart(11), kb(r.brotli).padStart(11), r === base ? '' : `  ${(r.gzip / base.gzip).toFixed(2)}×`);
}
const light = rows.find((r) => r.name === 'hls.js light');
if (light && !light.missing) console.log(base.gzip < light.gzip ? `TARGET MET: ${kb(base.gzip)} gzip vs hls.js light ${kb(light.gzip)}` : `TARGET MISSED: ${kb(base.gzip)} gzip vs hls.js light ${kb(light.gzip)}`);
