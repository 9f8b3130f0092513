#!/usr/bin/env node
/**
 * The ABR simulator's ranking, checked in real Chromium: Edgeplay, shaka-player, hls.js and dash.js
 * (default configurations) each play the `vod` fixture through the reference server while its edge
 * cache replays a throughput trace (the control plane's `trace` fault), and each run is scored with
 * QoE_lin as bench:abr scores it (per segment: Mbit/s − 4.3 × rebuffer s − |Δ Mbit/s|; startup
 * counts as rebuffering), over the segments played in the window.
 *
 *   npm run bench:abr-browser [-- --seconds 60] [--runs 1] [--traces pensieve-train/<file>,oboe/<file>] [--players edgeplay,shaka,hls.js,dash.js]
 *
 * `--traces unshaped` plays without any fault (loopback speed).
 * `--runs N` plays every cell N times (each on a fresh server) and reports the run whose QoE is the
 * median (with every run's QoE listed): one 60 s run on the loaded machine spread as widely as the
 * players differed (Edgeplay on oboe trace_0: 1.010 then 0.764).
 *
 * What was played per segment comes from the server's request log of the session (the last complete
 * download of each segment index, rendition `video/v<kbps>`); stalls and startup from the <video>
 * element's events, the same for every player. Every run gets a fresh server, so each player meets
 * the trace from its start (the cache's trace clock starts with the server). A bench, not a CI test:
 * one run per player and trace on a loaded machine is noisy; use it for the ranking, not decimals.
 */
import { argValue, loadStartServer, openPlayerPage, playerHarnesses } from '../lib/harness.mjs';

const SECONDS = Number(argValue('--seconds', 60));
const RUNS = Math.max(1, Math.floor(Number(argValue('--runs', 1))) || 1);
const TRACES = String(argValue('--traces', 'pensieve-train/bus.ljansbakken-oslo-report.2010-09-28_1407CEST.log,oboe/trace_0.txt,oboe/trace_1.txt')).split(',');
const PLAYERS_WANTED = String(argValue('--players', 'edgeplay,shaka,hls.js,dash.js')).split(',');
const SEGMENT_S = 4;
const REBUFFER_PENALTY = 4.3;
const SEGMENT = /\/video\/v(\d+)\/seg-(\d+)\.m4s$/;

const startServer = await loadStartServer();
const { launchChromium } = await import('../../scripts/lib/chromium.mjs');

// Startup and stalls from the element: load call → first frame, then waiting → playing spans.
const recorder = `const t0 = performance.now(); window.__m = { startupMs: null, waitingSince: null, stallMs: 0 };
  v.requestVideoFrameCallback(() => { window.__m.startupMs = performance.now() - t0; });
  v.addEventListener('waiting', () => { const m = window.__m; if (m.startupMs !== null && m.waitingSince === null) m.waitingSince = performance.now(); });
  v.addEventListener('playing', () => { const m = window.__m; if (m.waitingSince !== null) { m.stallMs += performance.now() - m.waitingSince; m.waitingSince = null; } });`;
const HARNESSES = playerHarnesses({ before: recorder });
const PLAYERS = Object.fromEntries(PLAYERS_WANTED.map((name) => [name, HARNESSES[name]]).filter(([, h]) => h));

/** QoE_lin of a played sequence (kbit/s per segment) with `rebufferS` (startup + stalls) on the first segment. */
function qoeLin(playedKbps, rebufferS) {
  let total = -REBUFFER_PENALTY * rebufferS;
  playedKbps.forEach((kbps, i) => {
    total += kbps / 1000;
    if (i > 0) total -= Math.abs(kbps - playedKbps[i - 1]) / 1000;
  });
  return { perSegment: playedKbps.length ? total / playedKbps.length : NaN, switches: playedKbps.filter((k, i) => i > 0 && k !== playedKbps[i - 1]).length };
}

async function runOne(browser, player, h, traceFile, session) {
  const server = await startServer({ port: 0, caches: 1 });
  const control = async (method, url, body) => {
    const res = await fetch(`${server.url}${url}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${server.operatorToken}` }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  const { context, page } = await openPlayerPage(browser, server.url, h);
  try {
    // `unshaped`: no fault at all (loopback speed), the case where shaka-player and dash.js start at the top rung.
    if (traceFile !== 'unshaped') await control('POST', '/control/caches/isp-a/faults', { mode: 'trace', traceFile, session });
    await page.evaluate((m) => window.__start(m), `${server.url}/manifest/vod?format=${h.format}&session=${session}&caches=1`);
    await page.waitForTimeout(SECONDS * 1000);
    const m = await page.evaluate(() => ({ ...window.__m, currentTime: document.querySelector('video').currentTime, openStall: window.__m.waitingSince === null ? 0 : performance.now() - window.__m.waitingSince }));
    const { requests } = await control('GET', `/control/sessions/${session}/requests`);
    const bySegment = new Map();
    for (const r of requests) {
      const match = SEGMENT.exec(r.path);
      if (match && r.status >= 200 && r.status < 300 && r.bytes > 0) bySegment.set(Number(match[2]), Number(match[1]));
    }
    const playedCount = Math.floor(m.currentTime / SEGMENT_S);
    const played = [];
    for (let k = 1; k <= playedCount; k++) if (bySegment.has(k)) played.push(bySegment.get(k));
    const startupS = m.startupMs === null ? SECONDS : m.startupMs / 1000;
    const stallS = (m.stallMs + m.openStall) / 1000;
    return { ...qoeLin(played, startupS + stallS), startupS, stallS, segments: played.length, meanKbps: played.reduce((a, b) => a + b, 0) / Math.max(1, played.length), played };
  } finally {
    await context.close();
    await server.close();
  }
}

const browser = await launchChromium();
const results = [];
let n = 0;
try {
  for (const traceFile of TRACES) {
    for (const [player, h] of Object.entries(PLAYERS)) {
      const runs = [];
      for (let k = 0; k < RUNS; k++) {
        try {
          const r = await runOne(browser, player, h, traceFile, `abr-browser-${process.pid}-${n++}`);
          runs.push(r);
          console.error(`  ${traceFile} ${player} run ${k + 1}: QoE ${r.perSegment.toFixed(3)}, ${r.segments} segments, startup ${r.startupS.toFixed(2)} s, played ${r.played.join(' ')}`);
        } catch (e) {
          console.error(`  ${traceFile} ${player} run ${k + 1}: ${String(e.message).split('\n')[0]}`);
        }
      }
      // The median run (the lower middle one for an even count), so every figure of the row comes from one real run.
      const sorted = runs.filter((r) => Number.isFinite(r.perSegment)).sort((a, b) => a.perSegment - b.perSegment);
      const mid = sorted[(sorted.length - 1) >> 1];
      results.push(mid ? { traceFile, player, ...mid, all: sorted.map((r) => r.perSegment) } : { traceFile, player, perSegment: NaN, all: [] });
    }
  }
} finally {
  await browser.close();
}

console.log(`\nQoE_lin per segment in Chromium (vod fixture, ${SECONDS} s per run, ${RUNS} run(s) per cell, median run shown; edge cache replaying the trace; default configurations)`);
console.log('| trace | player | QoE/seg | runs | mean kbit/s | switches | startup s | stall s | segments |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const f = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '–');
  console.log(`| ${r.traceFile.split('/').pop()} | ${r.player} | ${f(r.perSegment, 3)} | ${(r.all ?? []).map((v) => f(v, 3)).join(' ')} | ${f(r.meanKbps, 0)} | ${r.switches ?? '–'} | ${f(r.startupS)} | ${f(r.stallS)} | ${r.segments ?? '–'} |`);
}
for (const traceFile of TRACES) {
  const rows = results.filter((r) => r.traceFile === traceFile && Number.isFinite(r.perSegment));
  const edge = rows.find((r) => r.player === 'edgeplay');
  const best = rows.filter((r) => r.player !== 'edgeplay').sort((a, b) => b.perSegment - a.perSegment)[0];
  if (edge && best) console.log(`${traceFile.split('/').pop()}: Edgeplay ${edge.perSegment.toFixed(3)} vs best peer ${best.player} ${best.perSegment.toFixed(3)} → ${edge.perSegment >= best.perSegment ? 'Edgeplay ≥ best peer' : 'Edgeplay loses'}`);
}
