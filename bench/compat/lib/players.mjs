/**
 * Page scripts of the players the compat matrix compares. Each defines
 * `window.__start(url, opts)` (opts: `{ clearKeys }`, KID hex → key hex), which
 * loads the URL, turns the first text/caption track on and starts playback,
 * and pushes every error event to `window.__errors` as
 * `{ fatal, code, message }` with the player's own typed code.
 * Reference players come from node_modules through the server's /vendor route,
 * Edgeplay from packages/web/dist (`npm run build`).
 */

/** Which players a protocol is compared with (Edgeplay first). */
export const PLAYERS_BY_PROTOCOL = {
  hls: ['edgeplay', 'shaka', 'hls.js'],
  dash: ['edgeplay', 'shaka', 'dash.js'],
};

const common = `
window.__errors = [];
const __err = (fatal, code, message) => window.__errors.push({ fatal, code: String(code), message: String(message).slice(0, 300) });
const __hexToB64url = (hex) => btoa(String.fromCharCode(...hex.match(/../g).map((h) => parseInt(h, 16)))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
`;

/** Player name → `{ head, script, module }` for the page. */
export const PLAYER_PAGES = {
  edgeplay: {
    head: '',
    module: true,
    script: `${common}
import { createPlayer } from '/dist/web/edgeplay.bundle.mjs';
window.__start = async (url, opts) => {
  const v = document.querySelector('video');
  const p = createPlayer(v, opts.clearKeys ? { drm: { clearKeys: opts.clearKeys } } : {});
  window.__player = p;
  p.on('error', (e) => __err(e.severity === 'fatal', (e.category ? e.category + '/' : '') + e.code, e.message));
  try {
    await p.load(url);
  } catch (e) {
    __err(true, e && e.code ? (e.category ? e.category + '/' : '') + e.code : 'load-rejected', e && e.message);
    return;
  }
  try { const t = p.getTextTracks(); if (t.length) p.selectText(t[0].id); } catch {}
  v.play().catch(() => {});
};`,
  },
  shaka: {
    head: '<script src="/vendor/shaka-player/dist/shaka-player.compiled.js"></script>',
    module: false,
    script: `${common}
shaka.polyfill.installAll();
window.__start = async (url, opts) => {
  const v = document.querySelector('video');
  const p = new shaka.Player();
  window.__player = p;
  await p.attach(v);
  if (opts.clearKeys) p.configure({ drm: { clearKeys: opts.clearKeys } });
  p.addEventListener('error', (e) => __err(e.detail.severity === shaka.util.Error.Severity.CRITICAL, 'shaka:' + e.detail.code, 'category ' + e.detail.category + ' ' + JSON.stringify(e.detail.data).slice(0, 200)));
  try {
    await p.load(url);
  } catch (e) {
    __err(true, 'shaka:' + (e && e.code), 'load: category ' + (e && e.category) + ' ' + JSON.stringify(e && e.data).slice(0, 200));
    return;
  }
  try { const t = p.getTextTracks(); if (t.length) { p.selectTextTrack(t[0]); p.setTextTrackVisibility(true); } } catch {}
  v.play().catch(() => {});
};`,
  },
  'hls.js': {
    head: '<script src="/vendor/hls.js/dist/hls.min.js"></script>',
    module: false,
    script: `${common}
window.__start = async (url) => {
  const v = document.querySelector('video');
  const h = new Hls({ renderTextTracksNatively: true });
  window.__player = h;
  h.on(Hls.Events.ERROR, (_e, d) => __err(!!d.fatal, 'hls.js:' + d.details, d.type + (d.response && d.response.code !== undefined ? ' HTTP ' + d.response.code : '') + (d.reason ? ' ' + d.reason : '')));
  h.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, () => { if (h.subtitleTracks.length && h.subtitleTrack < 0) { h.subtitleTrack = 0; h.subtitleDisplay = true; } });
  h.loadSource(url);
  h.attachMedia(v);
  v.play().catch(() => {});
};`,
  },
  'dash.js': {
    head: '<script src="/vendor/dashjs/dist/modern/umd/dash.all.min.js"></script>',
    module: false,
    script: `${common}
window.__start = async (url, opts) => {
  const v = document.querySelector('video');
  const p = dashjs.MediaPlayer().create();
  window.__player = p;
  p.updateSettings({ debug: { logLevel: window.__dashLog ?? 0 } });
  p.on(dashjs.MediaPlayer.events.ERROR, (e) => __err(true, 'dash.js:' + (e.error && e.error.code), e.error && e.error.message));
  p.on(dashjs.MediaPlayer.events.STREAM_INITIALIZED, () => { try { if (p.getTracksFor('text').length) { p.enableText(true); p.setTextTrack(0); } } catch {} });
  if (opts.clearKeys) {
    const clearkeys = {};
    for (const [kid, key] of Object.entries(opts.clearKeys)) clearkeys[__hexToB64url(kid)] = __hexToB64url(key);
    p.setProtectionData({ 'org.w3.clearkey': { clearkeys } });
  }
  // dash.js renders TTML itself (IMSC) and only into a div it is given; without one it drops the cues.
  const div = document.createElement('div');
  document.body.appendChild(div);
  p.initialize(v, url, true);
  p.attachTTMLRenderingDiv(div);
};`,
  },
};

/** The page HTML for a player: one muted <video> plus the instrumentation of play-case.mjs. */
export function pageHtml(player, instrumentation) {
  const h = PLAYER_PAGES[player];
  if (!h) throw new Error(`unknown player ${player}`);
  return `<!doctype html><html><head>${h.head}</head><body><video muted playsinline width="640" height="360"></video>` +
    `<script>${instrumentation}</script><script${h.module ? ' type="module"' : ''}>${h.script}</script></body></html>`;
}
