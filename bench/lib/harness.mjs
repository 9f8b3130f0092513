/**
 * Shared by the browser benches that play through the reference server
 * (bench/startup, bench/failover): the repo root, built packages + the
 * server's `startServer`, CLI options, the five player harnesses (Edgeplay
 * DASH and HLS, shaka-player, hls.js, dash.js) and one fresh browser context
 * per player run. Chromium itself comes from scripts/lib/chromium.mjs.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Builds the packages when their dist is missing, then returns the reference server's `startServer`. */
export async function loadStartServer() {
  if (!existsSync(path.join(root, 'packages/web/dist/edgeplay.bundle.mjs')) || !existsSync(path.join(root, 'packages/server/dist/index.js'))) execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
  const { startServer } = await import(pathToFileURL(path.join(root, 'packages/server/dist/index.js')).href);
  return startServer;
}

/** The value after `--name` on the command line, or `fallback` when the option is absent. */
export function argValue(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
};

const js = (value) => JSON.stringify(value);

/**
 * The player harnesses. Each page script defines `window.__start(manifestUrl)`, which creates the
 * player on the page's <video>, runs `before` (page JS with `v` = the video element), loads the
 * manifest and starts playback. Options:
 * - `config`: per player (`edgeplay`, `shaka`, `hlsjs`, `dashjs`), passed to `createPlayer(v, config)`,
 *   `player.configure()`, `new Hls(config)` and `player.updateSettings()`; absent = the player's defaults.
 * - `setup`: per player, page JS run right after the player is created and configured (the player is
 *   `p`, for hls.js `h`).
 * - `reportErrors`: forward each player's error events to `window.__error(fatal, message)`
 *   (`fatal` = null when the player does not say).
 */
export function playerHarnesses({ before = '', config = {}, setup = {}, reportErrors = false } = {}) {
  const edgeplayScript = [
    `import { createPlayer } from '/dist/web/edgeplay.bundle.mjs';`,
    `window.__start = async (m) => { const v = document.querySelector('video'); const p = createPlayer(v${config.edgeplay ? `, ${js(config.edgeplay)}` : ''});`,
    setup.edgeplay ?? '',
    reportErrors ? `p.on('error', (e) => window.__error(e.severity === 'fatal', 'Edgeplay ' + e.code + ': ' + e.message));` : '',
    `${before} await p.load(m); v.play().catch(() => {}); };`,
  ].join(' ');
  return {
    edgeplay: { format: 'dash', head: '', script: edgeplayScript, module: true },
    'edgeplay-hls': { format: 'hls', head: '', script: edgeplayScript, module: true },
    shaka: {
      format: 'dash',
      head: '<script src="/vendor/shaka-player/dist/shaka-player.compiled.js"></script>',
      script: [
        `window.__start = async (m) => { const v = document.querySelector('video'); const p = new shaka.Player(); await p.attach(v);`,
        config.shaka ? `p.configure(${js(config.shaka)});` : '',
        setup.shaka ?? '',
        reportErrors ? `p.addEventListener('error', (e) => window.__error(e.detail.severity === shaka.util.Error.Severity.CRITICAL, 'shaka error ' + e.detail.code + ' (category ' + e.detail.category + ')'));` : '',
        `${before} await p.load(m); v.play().catch(() => {}); };`,
      ].join(' '),
    },
    'hls.js': {
      format: 'hls',
      head: '<script src="/vendor/hls.js/dist/hls.min.js"></script>',
      script: [
        `window.__start = async (m) => { const v = document.querySelector('video'); const h = new Hls(${config.hlsjs ? js(config.hlsjs) : ''});`,
        setup.hlsjs ?? '',
        reportErrors ? `h.on(Hls.Events.ERROR, (_e, d) => window.__error(!!d.fatal, 'hls.js ' + d.type + '/' + d.details + (d.response && d.response.code !== undefined ? ' (HTTP ' + d.response.code + ')' : '')));` : '',
        `${before} h.loadSource(m); h.attachMedia(v); v.play().catch(() => {}); };`,
      ].join(' '),
    },
    'dash.js': {
      format: 'dash',
      head: '<script src="/vendor/dashjs/dist/modern/umd/dash.all.min.js"></script>',
      script: [
        `window.__start = async (m) => { const v = document.querySelector('video'); const p = dashjs.MediaPlayer().create();`,
        config.dashjs ? `p.updateSettings(${js(config.dashjs)});` : '',
        setup.dashjs ?? '',
        reportErrors ? `p.on(dashjs.MediaPlayer.events.ERROR, (e) => window.__error(null, 'dash.js error ' + (e.error && e.error.code) + ': ' + (e.error && e.error.message)));` : '',
        `${before} p.initialize(v, m, true); };`,
      ].join(' '),
    },
  };
}

/**
 * Opens a fresh browser context on the server's origin with a page holding one muted <video> and the
 * harness `h` (from {@link playerHarnesses}); resolves once `window.__start` is defined.
 */
export async function openPlayerPage(browser, serverUrl, h) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${serverUrl}/health`);
  await page.setContent(`<!doctype html><html><head>${h.head}</head><body><video muted playsinline width="960" height="540"></video><script${h.module ? ' type="module"' : ''}>${h.script}</script></body></html>`);
  await page.waitForFunction(() => typeof window.__start === 'function', null, { timeout: 20_000 });
  return { context, page };
}
