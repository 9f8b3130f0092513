#!/usr/bin/env node
/**
 * Time to first frame: Edgeplay vs shaka-player, hls.js and dash.js on the same fixture
 * through the reference server, each run in a fresh browser context, unshaped and with a
 * 3 Mb/s cap + 40 ms latency on the edge cache (per-session faults). Prints medians and
 * ratios (peer / Edgeplay; > 1 means Edgeplay starts faster). Also ClearKey CENC DASH
 * (compat case dash-cenc-wvpr) with Edgeplay, shaka-player and dash.js in the same run
 * (see encrypted.mjs).
 *
 *   npm run bench:startup [-- --runs 5] [-- --encrypted-only]
 */
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { argValue, loadStartServer, median, openPlayerPage, playerHarnesses } from '../lib/harness.mjs';
import { measureEncryptedStartup } from './encrypted.mjs';

const RUNS = Number(argValue('--runs', 5));
const startServer = await loadStartServer();

// Each harness defines window.__start(manifestUrl) which records window.__ttff (ms from load call to first presented frame).
const firstFrame = `const t0 = performance.now(); v.requestVideoFrameCallback(() => { window.__ttff = performance.now() - t0; });`;
const PLAYERS = playerHarnesses({ before: firstFrame });

const server = await startServer({ port: 0, caches: 1 });
// The control plane needs the operator token (issue 15 #2).
const operator = { 'content-type': 'application/json', authorization: `Bearer ${server.operatorToken}` };
const browser = await launchChromium();
let runId = 0;
const results = {};
try {
  for (const condition of process.argv.includes('--encrypted-only') ? [] : ['unshaped', '3 Mb/s + 40 ms']) {
    results[condition] = {};
    for (let run = 0; run < RUNS; run++) {
      // Interleave players run by run so machine noise hits all of them alike.
      for (const [name, h] of Object.entries(PLAYERS)) {
        const session = `startup-${runId++}`;
        if (condition !== 'unshaped') {
          for (const spec of [{ mode: 'bandwidth', kbps: 3000, session }, { mode: 'latency', latencyMs: 40, session }]) {
            await fetch(`${server.url}/control/caches/isp-a/faults`, { method: 'POST', headers: operator, body: JSON.stringify(spec) });
          }
        }
        const { context, page } = await openPlayerPage(browser, server.url, h);
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
        if (condition !== 'unshaped') await fetch(`${server.url}/control/caches/isp-a/faults`, { method: 'DELETE', headers: operator });
      }
    }
  }
  results['ClearKey CENC, unshaped'] = await measureEncryptedStartup(browser, server.url, RUNS);
} finally {
  await browser.close();
  await server.close();
}

for (const [condition, byPlayer] of Object.entries(results)) {
  const fixture = condition.startsWith('ClearKey') ? 'compat case dash-cenc-wvpr' : 'vod fixture via edge cache isp-a';
  console.log(`\nTime to first frame, ${condition} (median of ${RUNS} runs; ${fixture})`);
  const ours = median(byPlayer.edgeplay.filter(Number.isFinite));
  const oursHls = median((byPlayer['edgeplay-hls'] ?? []).filter(Number.isFinite));
  for (const [name, xs] of Object.entries(byPlayer)) {
    const m = median(xs.filter(Number.isFinite));
    const vs = name.startsWith('edgeplay') ? '' : `   ratio vs Edgeplay ${name === 'hls.js' ? 'HLS' : 'DASH'}: ${(m / (name === 'hls.js' ? oursHls : ours)).toFixed(2)}×`;
    console.log(`  ${name.padEnd(13)} ${Number.isFinite(m) ? `${m.toFixed(0)} ms` : 'failed'}  [${xs.map((x) => (Number.isFinite(x) ? x.toFixed(0) : '×')).join(', ')}]${vs}`);
  }
}
