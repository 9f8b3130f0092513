/**
 * Time to first frame on ClearKey CENC content (issue 13.9): the compat case
 * `dash-cenc-wvpr` (CENC packaged with Widevine + PlayReady pssh and default
 * KIDs, keys held by the app) played by Edgeplay, shaka-player and dash.js
 * with the compat matrix's page scripts (`window.__start(url, { clearKeys })`),
 * each run in a fresh browser context, unshaped. Measured from the `__start`
 * call to the first presented frame (requestVideoFrameCallback), so licence
 * exchange, init and first segments are all inside it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pageHtml } from '../compat/lib/players.mjs';
import { root } from '../lib/harness.mjs';

const CASE_ID = 'dash-cenc-wvpr';
export const ENCRYPTED_PLAYERS = ['edgeplay', 'shaka', 'dash.js'];

// Before any player script: the first presented frame's time since window.__t0 (set just before __start).
const INSTRUMENTATION = `
(function watch() {
  const v = document.querySelector('video');
  if (!v) { document.addEventListener('DOMContentLoaded', watch); return; }
  v.requestVideoFrameCallback(() => { window.__ttff = performance.now() - window.__t0; });
})();`;

/** The compat case (path, clear keys) from the generated compat catalog. */
function encryptedCase() {
  const catalog = JSON.parse(readFileSync(path.join(root, '.fixtures/compat/compat.json'), 'utf8'));
  const kase = catalog.cases.find((c) => c.id === CASE_ID);
  if (!kase) throw new Error(`bench:startup: compat case ${CASE_ID} missing (run npm run compat once to generate the compat fixtures)`);
  return kase;
}

/** One TTFF (ms, NaN on failure) per run and player, players interleaved run by run. */
export async function measureEncryptedStartup(browser, serverUrl, runs) {
  const kase = encryptedCase();
  const results = {};
  for (let run = 0; run < runs; run++) {
    for (const player of ENCRYPTED_PLAYERS) {
      const context = await browser.newContext();
      let ttff = NaN;
      try {
        const page = await context.newPage();
        await page.goto(`${serverUrl}/health`);
        await page.setContent(pageHtml(player, INSTRUMENTATION));
        await page.waitForFunction(() => typeof window.__start === 'function', null, { timeout: 20_000 });
        await page.evaluate(([url, keys]) => {
          window.__t0 = performance.now();
          void window.__start(url, { clearKeys: keys });
        }, [`${serverUrl}${kase.path}`, kase.expect.clearKeys ?? null]);
        await page.waitForFunction(() => window.__ttff !== undefined, null, { timeout: 30_000 });
        ttff = await page.evaluate(() => window.__ttff);
      } catch (e) {
        console.error(`  ${player} (ClearKey CENC) run ${run}: ${String(e.message).split('\n')[0]}`);
      } finally {
        await context.close();
      }
      (results[player] ??= []).push(ttff);
    }
  }
  return results;
}
