/**
 * CI run of the conformance suite in Chromium (issue 16, "done means"):
 * the whole suite with a 30 s soak in 3 parallel pages — every applicable
 * case passes, JUnit and HTML come out, counts by category are printed, and
 * the deliberately broken case (pins v750, expects v4300) FAILS. Then a
 * second "device" (another user agent) posts results, the report compares
 * both, and the results survive a server restart on the same data folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../packages/server/src/index.js';
import { launchChromium } from '../../test/browser/support/chromium.js';
import { loadCompatCatalog } from '../../packages/server/src/fixtures/compat/compat-catalog.js';
import { allCases } from '../src/cases/index.js';
import { formatCounts, runConformance, type ConformanceRun } from '../src/cli/run-conformance.js';
import { KNOWN_FAILURES } from './known-failures.js';

const TV_UA = 'Mozilla/5.0 (SMART-TV; Linux; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/5.0 TV Safari/537.36';

let server: RunningServer;
let browser: Browser;
const dataDir = mkdtempSync(path.join(tmpdir(), 'edgeplay-conformance-test-'));
const out = mkdtempSync(path.join(tmpdir(), 'edgeplay-conformance-out-'));
let run: ConformanceRun;

beforeAll(async () => {
  server = await startServer({ port: 0, caches: 3, dataDir, steeringTtl: 3 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('conformance suite in Chromium', () => {
  it('runs every case (30 s soak): applicable cases pass, the broken case fails, JUnit + HTML written', async () => {
    const started = Date.now();
    run = await runConformance({
      browser, url: server.url, operatorToken: server.operatorToken, session: 'ci-chromium', pages: 3, soakSeconds: 30, selfTest: true, deviceLabel: 'CI Chromium',
      junitPath: path.join(out, 'conformance.xml'), htmlPath: path.join(out, 'conformance.html'), timeoutMs: 600_000,
    });
    console.log(`conformance: ${run.results.length} results in ${((Date.now() - started) / 1000).toFixed(0)} s\n${formatCounts(run.counts).join('\n')}`);

    const compat = loadCompatCatalog(server.fixturesRoot).cases;
    expect(run.results.length).toBe(allCases({ selfTest: true, compat }).length);
    expect(run.results.filter((r) => r.category === 'compat')).toHaveLength(compat.length);
    expect(run.results.length).toBeGreaterThanOrEqual(150);
    const broken = run.results.find((r) => r.caseId.startsWith('selftest-broken/'));
    expect(broken?.status).toBe('fail');
    expect(broken?.reason).toMatch(/renditionIs: .*expected v4300/);

    const known = run.results.filter((r) => KNOWN_FAILURES.has(r.caseId));
    console.log(`known failures (${known.length}):\n${known.map((r) => `  ${r.caseId} = ${r.status} [${KNOWN_FAILURES.get(r.caseId)}] ${r.reason}`).join('\n')}`);
    const unexpected = run.results.filter((r) => r.status === 'fail' && !r.caseId.startsWith('selftest-') && !KNOWN_FAILURES.has(r.caseId));
    expect(unexpected.map((r) => `${r.caseId}: ${r.reason}`)).toEqual([]);
    // The list stays honest: a known failure that passes (or skips on this Chromium) must leave the list.
    expect(known.filter((r) => r.status !== 'fail').map((r) => `${r.caseId} ${r.status}s now: remove it from KNOWN_FAILURES`)).toEqual([]);
    expect(known).toHaveLength(KNOWN_FAILURES.size);
    // Player behaviour really ran (not skipped away): Chromium has MSE and ClearKey.
    expect(run.results.filter((r) => r.category === 'failover' && r.status === 'pass').length).toBeGreaterThanOrEqual(8);
    expect(run.results.find((r) => r.caseId === 'play/vod-cenc-dash')?.status).toBe('pass');
    expect(run.results.find((r) => r.caseId === 'soak/live-vod-dash')?.status).toBe('pass');

    const junit = readFileSync(path.join(out, 'conformance.xml'), 'utf8');
    expect(junit).toMatch(/^<\?xml/);
    expect(junit).toContain(`tests="${run.results.length}"`);
    expect(junit).toMatch(/<testcase [^>]*name="selftest-broken\/[^"]+"[^>]*><failure /);
    const html = readFileSync(path.join(out, 'conformance.html'), 'utf8');
    expect(html).toContain('Edgeplay conformance report');
    expect(html).toMatch(/<canvas data-chart="\d+"[^>]*aria-label="JS heap"/); // the soak's memory curve (performance.memory in Chromium)
  }, 660_000);

  it('the soak curves arrive in the store and the report draws them (screenshot checked)', async () => {
    const { results } = (await (await fetch(`${server.url}/conformance/report.json?session=ci-chromium`)).json()) as { results: { caseId: string; metrics: { samples?: Record<string, number | null>[] } }[] };
    const samples = results.find((r) => r.caseId === 'soak/live-vod-dash')?.metrics.samples ?? [];
    // 30 s at one sample per 5 s: 6 samples, each with heap, buffer ahead, SourceBuffer ranges/seconds/bytes, frames and stalls.
    expect(samples.length).toBeGreaterThanOrEqual(5);
    for (const s of samples) {
      expect(s.heapBytes).toBeGreaterThan(1e6);
      expect(s.sourceBuffers).toBe(2);
      expect(s.sbRanges).toBeGreaterThanOrEqual(2);
      expect(s.sbBufferedSeconds).toBeGreaterThan(0);
      // A live stream at 300 kbit/s–4.3 Mbit/s with seconds buffered holds between ~50 KB and ~50 MB.
      expect(s.sbBytes).toBeGreaterThan(50e3);
      expect(s.sbBytes).toBeLessThan(50e6);
      expect(typeof s.droppedFrames).toBe('number');
    }
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    try {
      await page.goto(`${server.url}/conformance/report?session=ci-chromium`);
      const heap = page.locator('canvas[aria-label="JS heap"]').first();
      await heap.scrollIntoViewIfNeeded();
      // The inline script drew every measured point, and the canvas is not blank: count pixels of the line colour.
      expect(Number(await heap.getAttribute('data-drawn'))).toBe(samples.length);
      const blue = await heap.evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i]! < 90 && d[i + 1]! > 90 && d[i + 1]! < 150 && d[i + 2]! > 200) n++;
        return n;
      });
      expect(blue).toBeGreaterThan(100);
      const shot = path.join(out, 'soak-report.png');
      await page.locator('h2:has-text("Endurance") + section').screenshot({ path: shot });
      console.log(`soak report screenshot: ${shot} (${blue} line pixels in the heap chart)`);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a second device (another user agent) posts results; the report compares both sessions', async () => {
    await runConformance({ browser, url: server.url, operatorToken: server.operatorToken, session: 'ci-tv', pages: 1, filter: 'mse,codec', userAgent: TV_UA, deviceLabel: 'Tizen emulation' });
    const res = await fetch(`${server.url}/conformance/report.json?session=ci-chromium,ci-tv`);
    const { results } = (await res.json()) as { results: { session: string; device: { userAgent: string } }[] };
    expect(new Set(results.filter((r) => r.session === 'ci-tv').map((r) => r.device.userAgent))).toEqual(new Set([TV_UA]));
    expect(results.some((r) => r.session === 'ci-chromium' && r.device.userAgent !== TV_UA)).toBe(true);
    const page = await (await fetch(`${server.url}/conformance/report?session=ci-chromium,ci-tv`)).text();
    expect(page).toMatch(/<th title="[^"]*HeadlessChrome[^"]*">ci-chromium/);
    expect(page).toMatch(/<th title="[^"]*SMART-TV[^"]*">ci-tv/);
    const csv = await (await fetch(`${server.url}/conformance/report.csv?session=ci-chromium,ci-tv`)).text();
    expect(csv.split('\r\n')[0]).toMatch(/^session,player,platform,userAgent/);
    expect(csv).toContain('ci-tv,device');
  }, 120_000);

  it('the runner page resumes after a reload mid-suite: finished cases are kept, the interrupted one is reported, the rest runs', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const wanted = allCases().filter((c) => c.id.startsWith('codec-mse/') || c.id === 'play/vod-dash' || c.id === 'startup/vod-dash');
    await page.goto(`${server.url}/conformance?session=ci-resume&autostart=1&filter=codec-mse,play/vod-dash,startup/vod-dash#operator=${encodeURIComponent(server.operatorToken)}`);
    type State = { done: boolean; results: { caseId: string; status: string; reason: string; durationMs: number }[] };
    const state = () => page.evaluate(() => (window as unknown as { __conformance: State }).__conformance);
    const probes = wanted.length - 2;
    // Reload while play/vod-dash (≥ 4 s of playback) runs: what a TV browser that died and was reopened does.
    await page.waitForFunction((n) => (window as unknown as { __conformance: State }).__conformance.results.length >= n, probes, { timeout: 30_000 });
    await page.waitForTimeout(1_000);
    const before = (await state()).results;
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __conformance: State }).__conformance.done, null, { timeout: 60_000 });
    const after = (await state()).results;
    await context.close();
    expect(after.map((r) => r.caseId).sort()).toEqual(wanted.map((c) => c.id).sort());
    for (const r of before) expect(after.find((x) => x.caseId === r.caseId)).toEqual(r); // kept, not rerun
    const interrupted = after.find((r) => r.caseId === 'play/vod-dash')!;
    if (!before.some((r) => r.caseId === 'play/vod-dash')) expect(interrupted).toEqual(expect.objectContaining({ status: 'fail', reason: 'the page crashed or was reloaded during this case' }));
    expect(after.find((r) => r.caseId === 'startup/vod-dash')?.status).toBe('pass');
  }, 120_000);

  it('results survive a server restart on the same data folder', async () => {
    const before = (await (await fetch(`${server.url}/conformance/api/sessions`)).json()) as { sessions: { session: string; pass: number; fail: number; skip: number }[] };
    await server.close();
    server = await startServer({ port: 0, caches: 3, dataDir });
    const after = (await (await fetch(`${server.url}/conformance/api/sessions`)).json()) as typeof before;
    expect(after.sessions.map((s) => s.session).sort()).toEqual(['ci-chromium', 'ci-resume', 'ci-tv']);
    expect(after.sessions).toEqual(before.sessions);
  }, 60_000);
});
