// Edgeplay demo: the player with real controls, a live diagnostics panel (throughput, selected
// bitrate and buffer charts with switch / stall / cache-change markers, QoE score, ABR decision
// log) and fault buttons that act on the reference server's edge caches.
// Query parameters (the permalink): title, format (dash|hls), mode (vod|live), caches, session,
// autoplay=0, bufferGoal, abr=off, strategy (ABR strategy, see STRATEGIES), platform (TV mode: tizen, webos, …).
import { createControls } from './player-controls.js';
import { createFaultPanel } from './fault-panel.js';
import { TimeSeriesChart } from './timeseries-chart.js';
import { enableTvNavigation } from './tv-navigation.js';
import { createDownloadsPanel } from './downloads-panel.js';

const params = new URLSearchParams(location.search);
const $ = (sel) => document.querySelector(sel);
const video = $('#video');
const form = $('#source');
const session = params.get('session') || `demo-${Math.random().toString(36).slice(2, 10)}`;
const platform = params.get('platform');
const config = { streaming: { bufferGoal: Number(params.get('bufferGoal')) || 30 }, abr: { enabled: params.get('abr') !== 'off' } };

// TV mode loads the TV build (profiles, remote keys, stall recovery); otherwise the web build.
let player;
let lib;
let webLib = null;
let tv = null;
let keyAction = () => null;
if (platform) {
  lib = await import('/dist/tv/edgeplay-tv.bundle.mjs');
  // Keys are handled by tv-navigation.js (focus moves + actions), from the same key table.
  tv = lib.createTvPlayer(video, config, { platform });
  player = tv.player;
  const table = lib.keyTableFor(tv.platform.profile.id, globalThis);
  keyAction = (e) => lib.remoteActionOf(e, table);
} else {
  lib = webLib = await import('/dist/web/edgeplay.bundle.mjs');
  player = lib.createPlayer(video, config);
}

// ---- ABR strategy menu: swaps the strategy on the running player (player.setAbrStrategy) --
// The web bundle exports the built-in strategies; the TV bundle may not, then only the default shows.
const STRATEGIES = {
  'edgeplay-mpc': { label: 'edgeplay-mpc (default)', make: () => lib.createDefaultAbrStrategy() },
  'robust-mpc': { label: 'robust-mpc (paper)', make: () => new lib.RobustMpcStrategy() },
  bola: { label: 'bola (buffer-based)', make: () => new lib.BolaStrategy() },
  throughput: { label: 'throughput (0.9 × estimate)', make: () => new lib.ThroughputAbrStrategy() },
  hybrid: { label: 'hybrid (original default)', make: () => new lib.HybridAbrStrategy() },
};
const strategyMenu = $('#abr-strategy');
for (const [id, s] of Object.entries(STRATEGIES)) {
  try {
    s.make();
  } catch {
    continue; // not exported by this bundle
  }
  strategyMenu.add(new Option(s.label, id));
}
strategyMenu.addEventListener('change', () => setStrategy(strategyMenu.value));
function setStrategy(id) {
  const entry = STRATEGIES[id];
  if (!entry) return;
  const strategy = entry.make();
  player.setAbrStrategy(strategy);
  state.strategy = strategy.name;
  strategyMenu.value = id;
  log(`ABR strategy → ${strategy.name}`);
  updatePermalink();
}

const state = { errors: [], events: [], decisions: [], loadedAt: 0, firstFrameAt: 0, qoe: 0, qoeSeconds: 0, markers: [], strategy: 'edgeplay-mpc' };
window.__edgeplay = { player, state, session, tv };
if (params.get('strategy')) setStrategy(params.get('strategy'));

// ---- log + ABR decision log -------------------------------------------------------------
function log(text, kind = 'info') {
  state.events.push(text);
  const li = document.createElement('li');
  li.className = kind;
  li.textContent = `${new Date().toISOString().slice(14, 21)} ${text}`;
  $('#log').prepend(li);
  while ($('#log').children.length > 150) $('#log').lastChild.remove();
}
function decision(e) {
  // e.reason is the kind (abr, emergency, abandon…); e.detail the strategy's own words, which name it.
  const row = { t: video.currentTime, from: e.from?.bandwidth ?? null, to: e.to.bandwidth, height: e.to.height ?? null, reason: e.detail ? `${e.reason}: ${e.detail}` : e.reason };
  state.decisions.push(row);
  const li = document.createElement('li');
  const arrow = row.from === null ? '' : row.to > row.from ? '▲' : '▼';
  li.innerHTML = `<span class="t"></span><span class="br"></span><span class="why"></span>`;
  li.querySelector('.t').textContent = `${row.t.toFixed(1)}s`;
  li.querySelector('.br').textContent = `${arrow} ${(row.to / 1e6).toFixed(2)} Mb/s${row.height ? ` · ${row.height}p` : ''}`;
  li.querySelector('.why').textContent = row.reason;
  $('#decisions').prepend(li);
  while ($('#decisions').children.length > 40) $('#decisions').lastChild.remove();
}

// ---- charts ------------------------------------------------------------------------------
const rateChart = new TimeSeriesChart($('#chart-rate'), {
  unit: 'Mb/s', scale: 1,
  series: [{ name: 'throughput estimate', color: '#7fd1ae' }, { name: 'selected bitrate', color: '#8ab4f8', step: true }],
});
const bufferChart = new TimeSeriesChart($('#chart-buffer'), { unit: 's', series: [{ name: 'buffer ahead', color: '#fdd663' }] });
const elapsed = () => (performance.now() - state.loadedAt) / 1000;
function mark(kind, label) {
  const t = elapsed();
  state.markers.push({ t, kind, label });
  rateChart.mark(t, kind, label);
  bufferChart.mark(t, kind, label);
}

player.on('loaded', ({ presentation }) => {
  log('loaded');
  // Scale the rate chart to the ladder (1.5 × the top rung), not to a loopback link's 600 Mb/s:
  // the selected bitrate is what the chart is for; a higher throughput is clipped at the top.
  const top = Math.max(0, ...presentation.periods.flatMap((p) => p.switchingSets.filter((s) => s.type === 'video').flatMap((s) => s.tracks.map((t) => t.bandwidth))));
  rateChart.max = top > 0 ? (top * 1.5) / 1e6 : undefined;
});
player.on('adaptation', (e) => {
  decision(e);
  if (e.from) mark('switch', `${Math.round(e.to.bandwidth / 1000)}k`);
});
player.on('trackchanged', (e) => log(`${e.type} → ${e.track ? e.track.id : 'off'}`));
player.on('buffering', (e) => {
  log(e.buffering ? 'buffering…' : 'playing', e.buffering ? 'warn' : 'info');
  if (e.buffering && state.firstFrameAt) mark('stall', 'stall');
});
player.on('cdnchanged', (e) => {
  log(`cache ${e.from ?? '–'} → ${e.to} (${e.reason})`, 'cdn');
  if (e.from) mark('cdn', `→ ${e.to}`);
});
player.on('error', (e) => {
  state.errors.push({ category: e.category, code: e.code, severity: e.severity, message: e.message });
  log(`${e.severity} ${e.category}/${e.code}: ${e.message}`, 'bad');
  if (e.severity === 'fatal') mark('error', e.code);
});
video.addEventListener('playing', () => {
  if (!state.firstFrameAt) state.firstFrameAt = performance.now();
});

// ---- stats + QoE -------------------------------------------------------------------------
// Running QoE_lin per second of playback (the ABR literature's score, as in bench:abr):
// bitrate in Mb/s − 4.3 × seconds stalled − |bitrate change| in Mb/s.
let lastSample = null;
function sample() {
  const s = player.getStats();
  const t = elapsed();
  rateChart.push(t, [rateChart.max ? Math.min(s.estimatedBandwidth / 1e6, rateChart.max * 0.99) : s.estimatedBandwidth / 1e6, s.currentBitrate / 1e6]);
  bufferChart.push(t, [s.bufferAhead]);
  if (lastSample && state.firstFrameAt && !video.paused) {
    const dt = t - lastSample.t;
    const stalled = Math.max(0, s.stallTime - lastSample.stallTime);
    const change = Math.abs(s.currentBitrate - lastSample.bitrate) / 1e6;
    state.qoe += (s.currentBitrate / 1e6) * Math.max(0, dt - stalled) - 4.3 * stalled - change;
    state.qoeSeconds += dt;
  }
  lastSample = { t, stallTime: s.stallTime, bitrate: s.currentBitrate };
  const encrypted = /cenc|drm/i.test(form.elements.title.value);
  const rows = {
    state: player.state,
    cache: s.pathwayId ?? '–',
    'cache changes': `${s.cdnChanges} (${s.pathwayFailures} failures)`,
    throughput: Number.isFinite(s.estimatedBandwidth) ? `${(s.estimatedBandwidth / 1e6).toFixed(2)} Mb/s` : '–',
    bitrate: s.currentBitrate ? `${(s.currentBitrate / 1e6).toFixed(2)} Mb/s${s.resolution ? ` · ${s.resolution.height}p` : ''}` : '–',
    'buffer ahead': `${s.bufferAhead.toFixed(1)} s`,
    'frames (dropped)': `${s.decodedFrames} (${s.droppedFrames})`,
    stalls: `${s.stalls} · ${s.stallTime.toFixed(1)} s`,
    startup: Number.isFinite(s.firstFrameMs) ? `${Math.round(s.firstFrameMs)} ms to first frame` : Number.isFinite(s.startupTimeMs) ? `${Math.round(s.startupTimeMs)} ms` : '–',
    DRM: encrypted ? 'ClearKey (EME)' : 'clear',
    'QoE / min': state.qoeSeconds > 5 ? (state.qoe / state.qoeSeconds * 60).toFixed(1) : '–',
  };
  if (tv) rows.platform = `${tv.platform.profile.name}${tv.platform.version ? ` ${tv.platform.version}` : ''}`;
  $('#stats').replaceChildren(...Object.entries(rows).flatMap(([k, v]) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = String(v);
    if (k === 'cache') dd.className = 'cache-now';
    return [dt, dd];
  }));
  document.querySelectorAll('.cache-row').forEach((r) => r.classList.toggle('serving', r.dataset.cache === s.pathwayId));
}
setInterval(sample, 500);
(function frame() {
  rateChart.draw();
  bufferChart.draw();
  requestAnimationFrame(frame);
})();

// ---- controls, faults, TV mode -----------------------------------------------------------
const controls = createControls({ root: $('.controls'), video, player, onChange: () => updatePermalink() });
const caches = [{ id: 'isp-a' }, { id: 'isp-b' }, { id: 'ixp-1' }];
const faults = createFaultPanel({
  root: $('#faults'), session, log,
  caches: () => caches.slice(0, Number(form.elements.caches.value) || 0),
  onFault: (cache, mode) => mark('error', `${mode} ${cache}`),
});
function remote(action) {
  const actions = {
    'play-pause': () => $('[data-action="play"]').click(), play: () => video.play(), pause: () => video.pause(),
    'seek-forward': () => player.seek(video.currentTime + 10), 'seek-backward': () => player.seek(Math.max(0, video.currentTime - 10)),
    back: () => document.body.classList.toggle('panels-hidden'), red: () => $('[data-fault="kill"]')?.click(),
  };
  actions[action]?.();
}
if (tv) enableTvNavigation({ onAction: remote, table: keyAction });
// Downloads need IndexedDB and the web build; TV mode hides the panel.
if (webLib) {
  createDownloadsPanel({
    root: $('#downloads'), lib: webLib, log,
    manifestUrl: () => {
      const title = form.elements.title.value || 'vod';
      return { title, url: `${location.origin}/manifest/${title}?format=${form.elements.format.value}&session=${session}&caches=${form.elements.caches.value}` };
    },
  });
} else $('#downloads').hidden = true;

function updatePermalink() {
  const p = new URLSearchParams({ title: form.elements.title.value, format: form.elements.format.value, mode: form.elements.mode.value, caches: form.elements.caches.value, bufferGoal: String(config.streaming.bufferGoal) });
  if (!config.abr.enabled) p.set('abr', 'off');
  if (strategyMenu.value && strategyMenu.value !== 'edgeplay-mpc') p.set('strategy', strategyMenu.value);
  if (platform) p.set('platform', platform);
  const url = `${location.pathname}?${p}`;
  $('#permalink').href = url;
  history.replaceState(null, '', url + location.hash);
}

async function load() {
  const data = new FormData(form);
  const title = data.get('title') || 'vod';
  const format = data.get('format');
  const url = data.get('mode') === 'live'
    ? `/live/${title}/${format === 'hls' ? 'master.m3u8' : 'manifest.mpd'}?session=${session}`
    : `/manifest/${title}?format=${format}&session=${session}&caches=${data.get('caches')}`;
  updatePermalink();
  faults.render();
  log(`load ${url}`);
  state.loadedAt = performance.now();
  state.firstFrameAt = 0;
  state.qoe = state.qoeSeconds = 0;
  lastSample = null;
  try {
    await (tv ? tv.load(url) : player.load(url));
    controls.renderMenus();
    controls.render();
    await video.play().catch(() => log('autoplay blocked: press play', 'warn'));
  } catch (e) {
    log(`load failed: ${e.code ?? ''} ${e.message}`, 'bad');
  }
}
form.addEventListener('submit', (e) => {
  e.preventDefault();
  void load();
});
$('#copy-link').addEventListener('click', () => navigator.clipboard?.writeText(new URL($('#permalink').href, location.href).href).catch(() => undefined));

const catalog = await fetch('/catalog').then((r) => r.json()).catch(() => ({ titles: [{ id: 'vod' }] }));
for (const t of catalog.titles ?? []) form.elements.title.add(new Option(t.description ? `${t.id} — ${t.description}` : t.id, t.id));
for (const key of ['title', 'format', 'mode', 'caches']) if (params.get(key)) form.elements[key].value = params.get(key);
if (params.get('autoplay') !== '0') void load();
else updatePermalink();
