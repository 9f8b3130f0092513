#!/usr/bin/env node
/**
 * The main job (`npm start`): installs missing system packages, builds when
 * needed, generates the fixtures, starts the reference server and serves the
 * demo page playing a stream with Edgeplay.
 *
 *   npm start                          # serve until Ctrl-C; open the printed demo URL
 *   npm start -- --check               # play headless in Chromium for 30 s, print QoE, exit 0/1
 *   npm start -- --check --format hls --seconds 20 --title vod-2s --port 0
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined && !args[i + 1].startsWith('--') ? args[i + 1] : fallback;
};
const check = args.includes('--check');
const port = Number(flag('port', process.env.PORT ?? (check ? 0 : 8080)));
const title = flag('title', 'vod');
const format = flag('format', 'dash');
const seconds = Number(flag('seconds', 30));

const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });

run('bash scripts/ensure-system.sh');
if (!existsSync(path.join(root, 'packages/web/dist/edgeplay.bundle.mjs')) || !existsSync(path.join(root, 'packages/server/dist/index.js'))) {
  console.log('Building packages…');
  run('npm run --silent build');
}

const { startServer } = await import(pathToFileURL(path.join(root, 'packages/server/dist/index.js')).href);
console.log('Preparing media fixtures (first run: ~2 min with ffmpeg)…');
const server = await startServer({ port, caches: 3, log: args.includes('--log') });
const demo = `${server.url}/demo/?title=${encodeURIComponent(title)}&format=${encodeURIComponent(format)}`;
console.log(`\nEdgeplay reference server: ${server.url}`);
for (const c of server.caches) console.log(`  edge cache ${c.id.padEnd(6)} (${c.kind}) ${c.url}`);
// The operator token rides in the fragment (never sent to a server or logged): the demo's fault buttons use it.
console.log(`Demo: ${demo}#operator=${encodeURIComponent(server.operatorToken)}`);
console.log(`Operator token (Authorization: Bearer … on /control/*): ${server.operatorToken}`);
console.log(`Demo account: demo / edgeplay-demo (POST /session)\n`);

if (!check) {
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  let exitCode = 1;
  const { launchChromium } = await import(pathToFileURL(path.join(root, 'scripts/lib/chromium.mjs')).href);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${demo}&session=check`);
    await page.waitForFunction(() => window.__edgeplay !== undefined, null, { timeout: 20_000 });
    const bitrates = [];
    const deadline = Date.now() + seconds * 1000 + 20_000;
    let sample = await page.evaluate(() => ({ t: document.querySelector('video').currentTime }));
    // Sample once a second until `seconds` of media have played (or time runs out).
    while (Date.now() < deadline) {
      await page.waitForTimeout(1000);
      sample = await page.evaluate(() => {
        const v = document.querySelector('video');
        const s = window.__edgeplay.player.getStats();
        return { t: v.currentTime, bitrate: s.currentBitrate ?? 0, fatal: window.__edgeplay.state.errors.filter((e) => e.severity === 'fatal') };
      });
      if (sample.bitrate) bitrates.push(sample.bitrate);
      if (sample.fatal?.length || sample.t >= seconds) break;
    }
    const result = await page.evaluate(() => {
      const v = document.querySelector('video');
      const q = v.getVideoPlaybackQuality();
      const { player, state } = window.__edgeplay;
      const s = player.getStats();
      return {
        currentTime: v.currentTime,
        decodedFrames: q.totalVideoFrames,
        droppedFrames: q.droppedVideoFrames,
        startupMs: s.startupTimeMs ?? (state.firstFrameAt ? state.firstFrameAt - state.loadedAt : null),
        firstFrameMs: Number.isFinite(s.firstFrameMs) ? s.firstFrameMs : null,
        stalls: s.stalls ?? 0,
        stallTimeMs: s.stallTime ?? 0,
        errors: state.errors,
      };
    });
    const meanBitrate = bitrates.length ? bitrates.reduce((a, b) => a + b, 0) / bitrates.length : 0;
    const log = await fetch(`${server.url}/control/sessions/check/requests`, { headers: { authorization: `Bearer ${server.operatorToken}` } }).then((r) => r.json());
    const caches = [...new Set(log.requests.map((r) => r.cache))];
    console.log(`--check (${format.toUpperCase()} ${title}, ${seconds} s in headless Chromium):`);
    console.log(`  startup time      ${result.startupMs === null ? 'n/a' : `${Math.round(result.startupMs)} ms`}`);
    console.log(`  first frame       ${result.firstFrameMs === null ? 'n/a' : `${Math.round(result.firstFrameMs)} ms after load()`}`);
    console.log(`  played            ${result.currentTime.toFixed(1)} s`);
    console.log(`  frames decoded    ${result.decodedFrames} (dropped ${result.droppedFrames})`);
    console.log(`  stalls            ${result.stalls} (${(result.stallTimeMs / 1000).toFixed(1)} s)`);
    console.log(`  mean bitrate      ${Math.round(meanBitrate / 1000)} kb/s`);
    console.log(`  requests          ${log.requests.length} via ${caches.join(', ') || 'origin only'}`);
    const fatal = result.errors.filter((e) => e.severity === 'fatal');
    for (const e of result.errors) console.log(`  error             ${e.category}/${e.code} (${e.severity}): ${e.message}`);
    for (const e of pageErrors) console.log(`  page error        ${e}`);
    const ok = result.currentTime >= Math.min(seconds, 20) * 0.9 && result.decodedFrames > 25 * Math.min(seconds, 20) * 0.8 && fatal.length === 0;
    console.log(ok ? 'CHECK PASSED' : 'CHECK FAILED: playback did not advance as expected');
    exitCode = ok ? 0 : 1;
  } catch (e) {
    console.error('CHECK FAILED:', e?.message ?? e);
  } finally {
    await browser.close();
    await server.close();
  }
  process.exit(exitCode);
}
