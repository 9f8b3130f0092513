#!/usr/bin/env node
/**
 * Time to first frame: Edgeplay vs shaka-player, hls.js and dash.js on the same fixture
 * through the reference server, each run in a fresh browser context, unshaped and with a
 * 3 Mb/s cap + 40 ms latency on the edge cache (per-session faults). Prints medians and
 * ratios (peer / Edgeplay; > 1 means Edgeplay starts faster).
 *
 *   npm run bench:startup [-- --runs 5]
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '../../scripts/lib/chromium.mjs';

const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
if (!existsSync(path.join(root, 'packages/web/dist/edgeplay.bundle.mjs')) || !existsSync(path.join(root, 'packages/server/dist/index.js'))) execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
const { startServer } = await import(pathToFileURL(path.join(root, 'packages/server/dist/index.js')).href);

// Each harness defines window.__start(manifestUrl) which records window.__ttff (ms from load call to first presented frame).
const firstFrame = `const t0 = performance.now(); v.requestVideoFrameCallback(() => { window.__ttff = performance.now() - t0; });`;
const PLAYERS = {
  edgeplay: { format: 'dash', head: '', script: `import { createPlayer } from '/dist/web/edgeplay.bundle.mjs'; window.__start = async (m) => { const v = document.querySelector('video'); const p = createPlayer(v); ${firstFrame} await p.load(m); v.play().catch(() => {}); };`, module: true },
  'edgeplay-hls': { format: 'hls', head: '', script: `import { createPlayer } from '/dist/web/edgeplay.bundle.mjs'; window.__start = async (m) => { const v = document.querySelector('video'); const p = createPlayer(v); ${firstFrame} await p.load(m); v.play().catch(() => {}); };`, module: true },
  shaka: { format: 'dash', head: '<script src="/vendor/shaka-player/dist/shaka-player.compiled.js"></script>', script: `window.__start = async (m) => { const v = document.querySelector('video'); const p = new shaka.Player(); await p.attach(v); ${firstFrame} await p.load(m); v.play().catch(() => {}); };` },
  'hls.js': { format: 'hls', head: '<script src="/vendor/hls.js/dist/hls.min.js"></script>', script: `window.__start = async (m) => { const v = document.querySelector('video'); const h = new Hls(); ${firstFrame} h.loadSource(m); h.attachMedia(v); v.play().catch(() => {}); };` },
  'dash.js': { format: 'dash', head: '<script src="/vendor/dashjs/dist/modern/umd/dash.all.min.js"></script>', script: `window.__start = async (m) => { const v = document.querySelector('video'); const p = dashjs.MediaPlayer().create(); ${firstFrame} p.initialize(v, m, true); };` },
};

const server = await startServer({ port: 0, caches: 1 });
const browser = await launchChromium();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
};
let runId = 0;
const results = {};
try {
  for (const condition of ['unshaped', '3 Mb/s + 40 ms']) {
    results[condition] = {};
    for (let run = 0; run < RUNS; run++) {
      // Interleave players run by run so machine noise hits all of them alike.
      for (const [name, h] of Object.entries(PLAYERS)) {
        const session = `startup-${runId++}`;
        if (condition !== 'unshaped') {
          for (const spec of [{ mode: 'bandwidth', kbps: 3000, session }, { mode: 'latency', latencyMs: 40, session }]) {
            await fetch(`${server.url}/control/caches/isp-a/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
          }
        }
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${server.url}/health`);
        await page.setContent(`<!doctype html><html><head>${h.head}</head><body><video muted playsinline width="960" height="540"></video><script${h.module ? ' type="module"' : ''}>${h.script}</script></body></html>`);
        await page.waitForFunction(() => typeof window.__start === 'function', null, { timeout: 20_000 });
        const manifest = `${server.url}/manifest/vod?format=${h.format}&session=${session}&caches=1`;
        let ttff = NaN;
        try {
          await page.evaluate((m) => window.__start(m), manifest);
          await page.waitForFunction(() => window.__ttff !== undefined, null, { timeout: 30_000 });
          ttff = await page.evaluate(() => window.__ttff);
        } catch (e) {
          console.error(`  ${name} (${condition}) run ${run}: ${e.message.split('\n')[0]}`);
        }
        (results[condition][name] ??= []).push(ttff);
        await context.close();
        if (condition !== 'unshaped') await fetch(`${server.url}/control/caches/isp-a/faults`, { method: 'DELETE' });
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}

for (const [condition, byPlayer] of Object.entries(results)) {
  console.log(`\nTime to first frame, ${condition} (median of ${RUNS} runs; vod fixture via edge cache isp-a)`);
  const ours = median(byPlayer.edgeplay.filter(Number.isFinite));
  const oursHls = median(byPlayer['edgeplay-hls'].filter(Number.isFinite));
  for (const [name, xs] of Object.entries(byPlayer)) {
    const m = median(xs.filter(Number.isFinite));
    const vs = name.startsWith('edgeplay') ? '' : `   ratio vs Edgeplay ${name === 'hls.js' ? 'HLS' : 'DASH'}: ${(m / (name === 'hls.js' ? oursHls : ours)).toFixed(2)}×`;
    console.log(`  ${name.padEnd(13)} ${Number.isFinite(m) ? `${m.toFixed(0)} ms` : 'failed'}  [${xs.map((x) => (Number.isFinite(x) ? x.toFixed(0) : '×')).join(', ')}]${vs}`);
  }
}
