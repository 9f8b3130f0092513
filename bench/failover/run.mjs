#!/usr/bin/env node
/**
 * CDN failover: Edgeplay (DASH and HLS) vs shaka-player, hls.js and dash.js. Each player plays the
 * `vod` fixture from a manifest listing three edge caches + origin (DASH: BaseURL@serviceLocation +
 * ContentSteering; HLS: pathway clones + EXT-X-CONTENT-STEERING), in a fresh browser context. When
 * media time reaches 20 s the cache the session is fetching from gets a fault for that session only
 * (down / HTTP 503 / body stall / 200 kb/s); measured until media time 50 s (or 60 s after the fault):
 * stalls after startup, time from the fault to the first complete media segment from another cache
 * (server request log), whether 50 s was reached, player errors. Prints one table per fault and
 * ratios (peer ÷ Edgeplay; > 1 means Edgeplay switched faster).
 *
 *   npm run bench:failover [-- --faults down,503,stall,throttle] [--runs 1] [--players edgeplay,shaka,...]
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { argValue, loadStartServer, median, openPlayerPage, playerHarnesses } from '../lib/harness.mjs';

const FAULTS = {
  down: { label: 'down (connections reset)', spec: { mode: 'down' } },
  503: { label: 'HTTP 503', spec: { mode: 'http-error', status: 503 } },
  stall: { label: 'stall (body stops half-way)', spec: { mode: 'stall' } },
  throttle: { label: '200 kb/s (below the lowest rendition)', spec: { mode: 'bandwidth', kbps: 200 } },
};
const FAULT_AT = 20; // media seconds
const END_AT = 50; // media seconds
const WALL_AFTER_FAULT_MS = 60_000;
const REACH_FAULT_TIMEOUT_MS = 90_000; // startup + 20 s of playback
const POLL_MS = 100;
const BUFFER_GOAL = 30;

const faultNames = String(argValue('--faults', 'down,503,stall,throttle')).split(',').filter(Boolean);
const RUNS = Number(argValue('--runs', 1));
const unknown = faultNames.filter((f) => !(f in FAULTS));
if (unknown.length || !faultNames.length || !(Number.isInteger(RUNS) && RUNS > 0)) {
  console.error(`usage: npm run bench:failover [-- --faults down,503,stall,throttle] [--runs N] [--players name,...]${unknown.length ? `\nunknown fault(s): ${unknown.join(', ')}` : ''}`);
  process.exit(2);
}

// A 30 s buffer goal everywhere; everything else, failover included, at each player's defaults.
const CONFIG = {
  edgeplay: { streaming: { bufferGoal: BUFFER_GOAL } },
  shaka: { streaming: { bufferingGoal: BUFFER_GOAL } },
  hlsjs: { maxBufferLength: BUFFER_GOAL, maxMaxBufferLength: BUFFER_GOAL },
  // dash.js 5 renamed stableBufferTime to bufferTimeDefault.
  dashjs: { streaming: { buffer: { bufferTimeDefault: BUFFER_GOAL, bufferTimeAtTopQuality: BUFFER_GOAL, bufferTimeAtTopQualityLongForm: BUFFER_GOAL } } },
};
// shaka 5.2's steering client reads only the HLS key PATHWAY-PRIORITY, not DASH-IF's SERVICE-LOCATION-PRIORITY,
// so with <ContentSteering> in the MPD it keeps just defaultServiceLocation as its one base URL. The
// `shaka-baseurls` row removes <ContentSteering> from the MPD (manifest response filter): shaka then gives every
// segment request all four BaseURLs and its retry moves to the next one.
const STRIP_STEERING = `p.getNetworkingEngine().registerResponseFilter((type, r) => { if (type === shaka.net.NetworkingEngine.RequestType.MANIFEST) r.data = new TextEncoder().encode(new TextDecoder().decode(r.data).replace(/<ContentSteering[\\s\\S]*?<\\/ContentSteering>/, '')); });`;
const H = playerHarnesses({ reportErrors: true, config: CONFIG });
const ALL_PLAYERS = {
  edgeplay: H.edgeplay,
  'edgeplay-hls': H['edgeplay-hls'],
  shaka: H.shaka,
  'shaka-baseurls': playerHarnesses({ reportErrors: true, config: CONFIG, setup: { shaka: STRIP_STEERING } }).shaka,
  'hls.js': H['hls.js'],
  'dash.js': H['dash.js'],
};
const playerNames = String(argValue('--players', Object.keys(ALL_PLAYERS).join(','))).split(',').filter(Boolean);
if (!playerNames.length || playerNames.some((p) => !(p in ALL_PLAYERS))) {
  console.error(`--players takes a comma-separated subset of ${Object.keys(ALL_PLAYERS).join(',')}`);
  process.exit(2);
}
const PLAYERS = Object.fromEntries(playerNames.map((p) => [p, ALL_PLAYERS[p]]));
/** The Edgeplay run a peer is compared with: same manifest format. */
const edgeplayFor = (name) => (PLAYERS[name].format === 'hls' ? 'edgeplay-hls' : 'edgeplay');

const startServer = await loadStartServer();
// A fresh reference server (3 caches + origin) per session, so every player starts from the same steering
// ranking and no server state carries over: the caches' active-request counts feed that ranking, and a
// throttled response stays counted after its client went away.
let server = null;
const browser = await launchChromium();

const SEGMENT = /^[^/]+\/(?:video|audio)\/[^/]+\/seg-\d+\.m4s$/;
const sizes = new Map();
const fileSize = (p) => {
  if (!sizes.has(p)) sizes.set(p, statSync(path.join(server.fixturesRoot, p)).size);
  return sizes.get(p);
};
/** A media segment answered 2xx with its whole body (fixture segments are whole files, no byte ranges). */
const completeSegment = (r) => SEGMENT.test(r.path) && r.status >= 200 && r.status < 300 && r.bytes === fileSize(r.path);

async function control(method, url, body) {
  const res = await fetch(`${server.url}${url}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${server.operatorToken}` }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}
const requestsOf = async (session) => (await control('GET', `/control/sessions/${session}/requests`)).requests;

/** Installs the stall and error recorder on the page (epoch-ms timestamps, comparable with the server's). */
function installRecorder() {
  const v = document.querySelector('video');
  const now = () => performance.timeOrigin + performance.now();
  const m = { firstPlaying: null, waitingSince: null, stalls: [], errors: [] };
  window.__m = m;
  window.__error = (fatal, message) => m.errors.push({ at: now(), fatal, message: String(message).slice(0, 300) });
  v.addEventListener('playing', () => {
    if (m.firstPlaying === null) m.firstPlaying = now();
    else if (m.waitingSince !== null) m.stalls.push([m.waitingSince, now()]);
    m.waitingSince = null;
  });
  v.addEventListener('waiting', () => {
    if (m.firstPlaying !== null && m.waitingSince === null) m.waitingSince = now();
  });
  v.addEventListener('error', () => window.__error(true, `<video> error ${v.error && v.error.code}: ${v.error && v.error.message}`));
}

/** Closes an open stall at `end` and returns the recorder's state. */
function readRecorder(end) {
  const m = window.__m;
  const stalls = m.waitingSince !== null ? [...m.stalls, [m.waitingSince, end]] : m.stalls;
  return { firstPlaying: m.firstPlaying, stalls, errors: m.errors, currentTime: document.querySelector('video').currentTime };
}

const mediaTime = (page) => page.evaluate(() => document.querySelector('video').currentTime);

/** Polls media time until `done(t)` or `deadline` (epoch ms); returns the last media time. */
async function waitMedia(page, done, deadline) {
  let t = 0;
  while (Date.now() < deadline) {
    t = await mediaTime(page);
    if (done(t)) return t;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return t;
}

async function runOne(name, h, faultName, session) {
  const out = { errors: [], stalls: NaN, stallMs: NaN, preFaultStalls: 0, switchMs: NaN, videoSwitchMs: NaN, afterHitMs: NaN, hits: 0, from: null, to: null, reached: false, endTime: NaN, note: '' };
  // A private data folder too: steering overrides and leases persist in the database otherwise.
  server = await startServer({ port: 0, caches: 3, dataDir: mkdtempSync(path.join(tmpdir(), 'edgeplay-bench-failover-')) });
  const browserSide = { context: null, open: false };
  try {
    await measure(out, h, faultName, session, browserSide);
  } catch (e) {
    out.errors.push({ fatal: true, message: `harness: ${e.message.split('\n')[0]}` });
    console.error(`  ${name} / ${faultName} (${session}): ${e.message.split('\n')[0]}`);
  } finally {
    if (browserSide.open) await browserSide.context.close();
    await server.close();
  }
  return out;
}

/** One session: open the page, play to the fault, inject it, measure; fills `out`. */
async function measure(out, h, faultName, session, browserSide) {
  const { context, page } = await openPlayerPage(browser, server.url, h);
  Object.assign(browserSide, { context, open: true });
  // Browser-side notes: requests sent to each cache (a request held by a fault is in the server's log only
  // once it ends), and completed origin requests, which the caches' log does not hold (node clock).
  const sent = [];
  page.on('request', (req) => {
    const cache = server.caches.find((c) => req.url().startsWith(`${c.url}/s/${session}/media/`));
    if (cache) sent.push({ at: Date.now(), cache: cache.id });
  });
  const originDone = [];
  const originPrefix = `${server.url}/s/${session}/media/`;
  page.on('requestfinished', async (req) => {
    if (!req.url().startsWith(originPrefix)) return;
    const at = Date.now();
    const status = (await req.response().catch(() => null))?.status() ?? 0;
    originDone.push({ at, path: req.url().slice(originPrefix.length), status });
  });
  page.on('pageerror', (e) => out.errors.push({ fatal: null, message: `page error: ${e.message.split('\n')[0]}` }));

  await page.evaluate(installRecorder);
  await page.evaluate((m) => window.__start(m), `${server.url}/manifest/vod?format=${h.format}&session=${session}`);
  const t = await waitMedia(page, (x) => x >= FAULT_AT, Date.now() + REACH_FAULT_TIMEOUT_MS);
  if (t < FAULT_AT) throw new Error(`playback did not reach ${FAULT_AT} s (at ${t.toFixed(1)} s)`);

  // The serving cache: the one that delivered the session's latest complete media segment.
  const before = (await requestsOf(session)).filter(completeSegment).sort((a, b) => a.time + a.durationMs - (b.time + b.durationMs));
  if (!before.length) throw new Error('no media segment in the request log before the fault');
  out.from = before[before.length - 1].cache;
  const usedBefore = [...new Set(before.map((r) => r.cache))];
  if (usedBefore.length > 1) out.note = `used ${usedBefore.join('+')} before the fault`;
  const { fault } = await control('POST', `/control/caches/${out.from}/faults`, { ...FAULTS[faultName].spec, session });
  const injectedAt = fault.activeFrom; // the server's clock (same host clock as Date.now() here)

  out.endTime = await waitMedia(page, (x) => x >= END_AT, injectedAt + WALL_AFTER_FAULT_MS);
  out.reached = out.endTime >= END_AT;
  const end = Date.now();
  const rec = await page.evaluate(readRecorder, end);
  out.errors.push(...rec.errors);
  const stalls = rec.stalls.filter(([s, e]) => rec.firstPlaying !== null && s >= rec.firstPlaying && e > s);
  out.stalls = stalls.length;
  out.stallMs = stalls.reduce((sum, [s, e]) => sum + (e - s), 0);
  out.preFaultStalls = stalls.filter(([, e]) => e <= injectedAt).length;

  // Closing the context aborts requests still held by a stall fault, so they reach the log too.
  browserSide.open = false;
  await context.close();
  await new Promise((r) => setTimeout(r, 300));
  const log = await requestsOf(session);

  // Time to switch: fault → first complete media segment served by another pathway (completion time).
  const candidates = log
    .filter((r) => r.cache !== out.from && completeSegment(r) && r.time + r.durationMs > injectedAt && r.time + r.durationMs <= end)
    .map((r) => ({ at: r.time + r.durationMs, to: r.cache, path: r.path }));
  for (const o of originDone) if (SEGMENT.test(o.path) && o.status >= 200 && o.status < 300 && o.at > injectedAt && o.at <= end) candidates.push({ at: o.at, to: 'origin', path: o.path });
  candidates.sort((a, b) => a.at - b.at);
  // Requests that met the fault: the server's log, or the browser's for those the server has not finished.
  const logged = log.filter((r) => r.cache === out.from && r.fault && r.time >= injectedAt && r.time <= end).map((r) => r.time);
  const seen = sent.filter((r) => r.cache === out.from && r.at >= injectedAt && r.at <= end).map((r) => r.at);
  out.hits = Math.max(logged.length, seen.length);
  // No switch within the window: +∞ (printed "none"); 1st hit→ stays NaN when no request met the fault.
  out.switchMs = out.videoSwitchMs = Infinity;
  if (out.hits) out.afterHitMs = Infinity;
  if (candidates.length) {
    out.switchMs = candidates[0].at - injectedAt;
    out.to = candidates[0].to;
    const video = candidates.find((c) => c.path.includes('/video/'));
    if (video) out.videoSwitchMs = video.at - injectedAt;
    // The same switch measured from the first request that met the fault (without the player's idle time before it).
    if (out.hits) out.afterHitMs = candidates[0].at - Math.min(...logged, ...seen);
  }
}

let runId = 0;
const results = {};
const stamp = Date.now().toString(36);
try {
  for (let run = 0; run < RUNS; run++) {
    for (const faultName of faultNames) {
      // Players interleaved run by run so machine noise hits all of them alike.
      for (const [name, h] of Object.entries(PLAYERS)) {
        const r = await runOne(name, h, faultName, `failover-${stamp}-${runId++}`);
        ((results[faultName] ??= {})[name] ??= []).push(r);
        const sw = Number.isFinite(r.switchMs) ? `${r.switchMs.toFixed(0)} ms to ${r.to}` : 'no switch';
        console.error(`  [run ${run + 1}/${RUNS}] ${faultName.padEnd(8)} ${name.padEnd(13)} ${r.from ?? '?'}: ${sw}, ${r.stalls} stalls / ${Number.isFinite(r.stallMs) ? r.stallMs.toFixed(0) : '?'} ms, media ${Number.isFinite(r.endTime) ? r.endTime.toFixed(1) : '?'} s, ${r.errors.length} errors`);
      }
    }
  }
} finally {
  await browser.close();
}

// Report: medians over runs (a run without a switch counts as +∞, "none"; a failed run is left out).
const fmtMs = (x) => (Number.isFinite(x) ? x.toFixed(0) : x === Infinity ? 'none' : '—');
const col = (s, n) => String(s).padEnd(n);
const switchMedian = (rs, key = 'switchMs') => median(rs.map((r) => r[key]).filter((x) => !Number.isNaN(x)));
for (const faultName of faultNames) {
  const byPlayer = results[faultName] ?? {};
  console.log(`\nFailover: ${FAULTS[faultName].label} on the session's serving cache at media ${FAULT_AT} s, measured to ${END_AT} s or ${WALL_AFTER_FAULT_MS / 1000} s after the fault`);
  console.log(`(vod, 3 caches + origin, buffer goal ${BUFFER_GOAL} s; ${RUNS > 1 ? `median of ${RUNS} runs` : '1 run'}; stalls = waiting→playing after the first playing; switch = first complete media segment from another cache)`);
  console.log(`  ${col('player', 15)} ${col('stalls', 7)} ${col('stall ms', 9)} ${col('time-to-switch ms', 18)} ${col('video ms', 9)} ${col('1st hit→ ms', 12)} ${col('reached 50 s', 13)} ${col('errors (fatal)', 15)} ${col('hits', 5)} cache`);
  for (const [name, rs] of Object.entries(byPlayer)) {
    const stalls = median(rs.map((r) => r.stalls).filter(Number.isFinite));
    const pre = rs.reduce((n, r) => n + r.preFaultStalls, 0);
    const stallMs = median(rs.map((r) => r.stallMs).filter(Number.isFinite));
    const reached = rs.filter((r) => r.reached).length;
    const errors = rs.reduce((n, r) => n + r.errors.length, 0);
    const fatal = rs.reduce((n, r) => n + r.errors.filter((e) => e.fatal === true).length, 0);
    const moves = [...new Set(rs.map((r) => `${r.from ?? '?'}→${r.to ?? '—'}`))].join(', ');
    const perRun = rs.length > 1 ? `  [${rs.map((r) => fmtMs(r.switchMs)).join(', ')}]` : '';
    const notes = [...new Set(rs.map((r) => r.note).filter(Boolean))];
    console.log(
      `  ${col(name, 15)} ${col(`${Number.isFinite(stalls) ? stalls : '—'}${pre ? ` (${pre} pre)` : ''}`, 7)} ${col(Number.isFinite(stallMs) ? stallMs.toFixed(0) : '—', 9)} ${col(fmtMs(switchMedian(rs)), 18)} ${col(fmtMs(switchMedian(rs, 'videoSwitchMs')), 9)} ${col(fmtMs(switchMedian(rs, 'afterHitMs')), 12)} ${col(RUNS > 1 ? `${reached}/${rs.length}` : reached ? 'yes' : 'no', 13)} ${col(`${errors} (${fatal})`, 15)} ${col(median(rs.map((r) => r.hits)), 5)} ${moves}${perRun}${notes.length ? `  (${notes.join('; ')})` : ''}`,
    );
  }
  for (const name of Object.keys(byPlayer)) {
    if (name.startsWith('edgeplay') || !byPlayer[edgeplayFor(name)]) continue;
    const ours = switchMedian(byPlayer[edgeplayFor(name)]);
    const theirs = switchMedian(byPlayer[name]);
    let ratio;
    if (Number.isFinite(ours) && Number.isFinite(theirs)) ratio = `${(theirs / ours).toFixed(2)}×`;
    else if (Number.isFinite(ours) && theirs === Infinity) ratio = `∞ (${name} did not switch within the window; Edgeplay ${ours.toFixed(0)} ms)`;
    else if (ours === Infinity && Number.isFinite(theirs)) ratio = `0 (Edgeplay did not switch within the window; ${name} ${theirs.toFixed(0)} ms)`;
    else ratio = 'n/a (neither switched)';
    console.log(`  time-to-switch: ${name} ÷ Edgeplay ${PLAYERS[name].format.toUpperCase()} = ${ratio}`);
  }
  const errs = Object.entries(byPlayer).flatMap(([name, rs]) => rs.flatMap((r) => r.errors.map((e) => `${name}: ${e.fatal === true ? '[fatal] ' : e.fatal === false ? '[recoverable] ' : ''}${e.message}`)));
  const distinct = [...new Set(errs)];
  if (distinct.length) console.log(`  errors seen: ${distinct.slice(0, 12).join('\n               ')}${distinct.length > 12 ? `\n               … ${distinct.length - 12} more distinct` : ''}`);
}
