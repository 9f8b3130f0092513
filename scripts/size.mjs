#!/usr/bin/env node
/**
 * `npm run size`: minified + gzip size of the browser bundles of @edgeplay/core
 * + @edgeplay/web, per feature set, against a budget; then the peers' own
 * minified builds, measured the same way in the same run.
 *
 * Bundles: `full` is packages/web/src/index.ts (what `npm run build` ships as
 * dist/edgeplay.bundle.mjs); `dash`, `hls` and `no-drm` are the entry files in
 * packages/web/src/entries/. Each is built here in memory with the same
 * rollup + esbuild pipeline as rollup.config.mjs, so the figures are
 * comparable. Exits 1 when a bundle's gzip size exceeds its budget in
 * scripts/size-budget.json (raise a budget only with a reason in the commit).
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import esbuild, { minify } from 'rollup-plugin-esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const budgets = JSON.parse(readFileSync(path.join(root, 'scripts/size-budget.json'), 'utf8')).gzipBytes;

const features = [
  ['full', 'packages/web/src/index.ts'],
  ['dash', 'packages/web/src/entries/dash.ts'],
  ['hls', 'packages/web/src/entries/hls.ts'],
  ['no-drm', 'packages/web/src/entries/no-drm.ts'],
];

/**
 * Source paths (prefixes) a reduced entry must not render any code of, so the
 * per-feature figures stay honest: a module that leaks back into a bundle it
 * was composed out of fails the run like a budget overrun.
 */
const mustExclude = {
  dash: ['packages/core/src/hls/', 'packages/core/src/media/stages/transmux-stage.ts', 'packages/core/src/media/stages/fmp4-timeline-stage.ts', 'packages/core/src/transmux/ts-demuxer.ts', 'packages/core/src/transmux/ts-transmuxer.ts'],
  hls: ['packages/core/src/dash/', 'packages/core/src/webm/'],
  'no-drm': ['packages/core/src/drm/drm-manager.ts', 'packages/core/src/drm/license-client.ts', 'packages/core/src/drm/license-formats.ts', 'packages/core/src/drm/key-system-selection.ts', 'packages/web/src/browser-eme-surface.ts'],
};

/** Resolves @edgeplay/* to the workspace sources, as rollup.config.mjs does. */
const workspaceAlias = {
  name: 'edgeplay-workspace',
  resolveId(id) {
    const m = /^@edgeplay\/([a-z-]+)$/.exec(id);
    return m ? path.join(root, `packages/${m[1]}/src/index.ts`) : null;
  },
};

async function bundle(entry) {
  const build = await rollup({
    input: path.join(root, entry),
    plugins: [workspaceAlias, nodeResolve({ browser: true }), commonjs(), esbuild({ target: 'es2020', tsconfig: path.join(root, 'tsconfig.json') })],
    onwarn: () => undefined,
  });
  const { output } = await build.generate({ format: 'esm', plugins: [minify()] });
  await build.close();
  // What a page loads up front: the entry chunk and the chunks it imports statically. Chunks reached only
  // through a dynamic import (the TS transmuxer) load when a stream needs them; they are reported apart.
  const chunks = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
  const eager = new Set([output[0].fileName]);
  for (const name of eager) for (const dep of chunks.get(name)?.imports ?? []) eager.add(dep);
  const code = (names) => Buffer.from([...names].map((n) => chunks.get(n)?.code ?? '').join('\n'));
  const lazy = [...chunks.keys()].filter((n) => !eager.has(n));
  const modules = [...eager].flatMap((n) => Object.entries(chunks.get(n)?.modules ?? {}).filter(([, m]) => m.renderedLength > 0).map(([id]) => path.relative(root, id)));
  return { eager: code(eager), lazy: code(lazy), modules };
}

const measure = (buf) => ({ min: buf.length, gzip: gzipSync(buf, { level: 9 }).length, brotli: brotliCompressSync(buf).length });
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

const rows = [];
const lazyRows = [];
const failures = [];
for (const [name, entry] of features) {
  const { eager, lazy, modules } = await bundle(entry);
  for (const prefix of mustExclude[name] ?? []) {
    const leaked = modules.filter((m) => m.startsWith(prefix));
    if (leaked.length) failures.push(`edgeplay ${name} must not contain ${prefix} but renders ${leaked.join(', ')}`);
  }
  rows.push({ name: `edgeplay ${name}`, feature: name, ...measure(eager) });
  if (lazy.length) lazyRows.push({ name: `  ${name}: lazy chunks`, ...measure(lazy) });
}
for (const [name, file] of [
  ['hls.js light', 'node_modules/hls.js/dist/hls.light.min.js'],
  ['hls.js', 'node_modules/hls.js/dist/hls.min.js'],
  ['shaka-player (compiled)', 'node_modules/shaka-player/dist/shaka-player.compiled.js'],
  ['dash.js (all, min)', 'node_modules/dashjs/dist/modern/umd/dash.all.min.js'],
]) {
  const p = path.join(root, file);
  rows.push(existsSync(p) ? { name, ...measure(readFileSync(p)) } : { name, missing: true });
}

const base = rows[0];
console.log('bundle'.padEnd(26), 'min'.padStart(11), 'gzip'.padStart(11), 'brotli'.padStart(11), '  budget (gzip)   gzip ratio (peer / edgeplay full)');
for (const r of rows) {
  if (r.missing) {
    console.log(r.name.padEnd(26), 'not installed');
    continue;
  }
  let budgetCol = ''.padEnd(24);
  if (r.feature) {
    const budget = budgets[r.feature];
    if (typeof budget !== 'number') failures.push(`no budget for ${r.feature} in scripts/size-budget.json`);
    else {
      const over = r.gzip > budget;
      if (over) failures.push(`${r.name}: ${kb(r.gzip)} gzip is over its budget of ${kb(budget)} (${r.gzip} > ${budget} bytes)`);
      budgetCol = `${kb(budget)} ${over ? 'OVER' : 'ok'} (${r.gzip} B)`.padEnd(24);
    }
  }
  console.log(r.name.padEnd(26), kb(r.min).padStart(11), kb(r.gzip).padStart(11), kb(r.brotli).padStart(11), ` ${budgetCol}`, r === base || r.feature ? '' : `  ${(r.gzip / base.gzip).toFixed(2)}×`);
}
for (const r of lazyRows) console.log(r.name.padEnd(26), kb(r.min).padStart(11), kb(r.gzip).padStart(11), kb(r.brotli).padStart(11), '  (loaded on first use, e.g. the TS transmuxer)');
const light = rows.find((r) => r.name === 'hls.js light');
if (light && !light.missing) console.log(base.gzip < light.gzip ? `TARGET MET: ${kb(base.gzip)} gzip vs hls.js light ${kb(light.gzip)}` : `TARGET MISSED: ${kb(base.gzip)} gzip vs hls.js light ${kb(light.gzip)}`);
if (failures.length) {
  for (const f of failures) console.error(`size: ${f}`);
  process.exit(1);
}
