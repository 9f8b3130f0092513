// Edgeplay demo: plays a title from the reference server through the manifest service,
// with quality / audio / subtitle menus, a live stats panel and an event log.
// Query parameters: title, format (dash|hls), mode (vod|live), caches, session, autoplay.
import { createPlayer } from '/dist/web/edgeplay.bundle.mjs';

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const video = $('video');
const form = $('source');
const session = params.get('session') || `demo-${Math.random().toString(36).slice(2, 10)}`;

const player = createPlayer(video, { streaming: { bufferGoal: 30 } });
const state = { errors: [], events: [], loadedAt: 0, firstFrameAt: 0 };
window.__edgeplay = { player, state, session };

function log(text) {
  state.events.push(text);
  const li = document.createElement('li');
  li.textContent = `${new Date().toISOString().slice(11, 23)} ${text}`;
  $('log').prepend(li);
  while ($('log').children.length > 200) $('log').lastChild.remove();
}

player.on('loaded', () => log('loaded'));
player.on('adaptation', (e) => log(`ABR ${e.from ? Math.round(e.from.bandwidth / 1000) : '–'} → ${Math.round(e.to.bandwidth / 1000)} kb/s (${e.reason})`));
player.on('trackchanged', (e) => log(`${e.type} track → ${e.track ? e.track.id : 'off'}`));
player.on('buffering', (e) => log(e.buffering ? 'buffering…' : 'playing'));
player.on('cdnchanged', (e) => log(`CDN ${e.from} → ${e.to} (${e.reason})`));
player.on('error', (e) => {
  state.errors.push({ category: e.category, code: e.code, severity: e.severity, message: e.message });
  log(`error ${e.category}/${e.code} (${e.severity}): ${e.message}`);
});
video.addEventListener('playing', () => {
  if (!state.firstFrameAt) state.firstFrameAt = performance.now();
});

function renderMenus() {
  const q = $('quality');
  q.replaceChildren(new Option('Auto (ABR)', 'auto'));
  for (const t of player.getTracks().filter((t) => t.type === 'video')) q.add(new Option(`${t.height ?? '?'}p · ${Math.round(t.bandwidth / 1000)} kb/s`, t.id));
  const a = $('audio');
  a.replaceChildren(...player.getAudioLanguages().map((l) => new Option(l, l)));
  const s = $('text');
  s.replaceChildren(new Option('Off', ''));
  for (const t of player.getTextTracks()) s.add(new Option(t.language ?? t.label ?? t.id, t.id));
}

$('quality').addEventListener('change', (e) => {
  if (e.target.value === 'auto') player.enableAbr(true);
  else player.selectTrack(e.target.value);
});
$('audio').addEventListener('change', (e) => player.selectAudio(e.target.value));
$('text').addEventListener('change', (e) => player.selectText(e.target.value || null));

function renderStats() {
  const s = player.getStats();
  const rows = {
    state: player.state,
    bandwidth: s.estimatedBandwidth ? `${(s.estimatedBandwidth / 1e6).toFixed(2)} Mb/s` : '–',
    'buffer ahead': `${(s.bufferAhead ?? 0).toFixed(1)} s`,
    bitrate: s.currentBitrate ? `${Math.round(s.currentBitrate / 1000)} kb/s` : '–',
    resolution: s.resolution ? `${s.resolution.width}×${s.resolution.height}` : '–',
    'frames (dropped)': `${s.decodedFrames ?? 0} (${s.droppedFrames ?? 0})`,
    stalls: `${s.stalls ?? 0} (${((s.stallTime ?? 0) / 1000).toFixed(1)} s)`,
    startup: s.startupTimeMs ? `${Math.round(s.startupTimeMs)} ms` : '–',
    cache: s.pathway ?? s.cdn ?? '–',
    session,
  };
  $('stats').replaceChildren(...Object.entries(rows).flatMap(([k, v]) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = String(v);
    return [dt, dd];
  }));
}
setInterval(renderStats, 500);

async function load() {
  const data = new FormData(form);
  const title = data.get('title') || 'vod';
  const format = data.get('format');
  const caches = data.get('caches');
  const url = data.get('mode') === 'live'
    ? `/live/${title}/${format === 'hls' ? 'master.m3u8' : 'manifest.mpd'}?session=${session}`
    : `/manifest/${title}?format=${format}&session=${session}&caches=${caches}`;
  log(`load ${url}`);
  state.loadedAt = performance.now();
  state.firstFrameAt = 0;
  try {
    await player.load(url);
    renderMenus();
    await video.play().catch(() => log('autoplay blocked: press play'));
  } catch (e) {
    log(`load failed: ${e.code ?? ''} ${e.message}`);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void load();
});

const catalog = await fetch('/catalog').then((r) => r.json()).catch(() => ({ titles: [{ id: 'vod' }] }));
for (const t of catalog.titles) $('title').add(new Option(t.id, t.id));
for (const key of ['title', 'format', 'mode', 'caches']) if (params.get(key)) form.elements[key].value = params.get(key);
if (params.get('autoplay') !== '0') void load();
