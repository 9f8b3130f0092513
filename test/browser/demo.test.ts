/**
 * The demo page as a person uses it, in Chromium: it plays with its own
 * controls and live charts; the fault buttons kill the serving edge cache for
 * this session and the chart then shows a cache-change marker while playback
 * goes on without a stall; TV mode is driven by arrow keys, OK and Back only.
 * Each test looks at what is drawn (canvas pixels) and saves a screenshot to
 * `.test-output/` (docs/demo.png in the README is one of these).
 */
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer } from '../../packages/server/src/index.js';
import { useChromiumSession } from './support/chromium-session.js';

const OUT = '.test-output';
const chromium = useChromiumSession({ server: () => startServer({ port: 0, caches: 3 }) });

beforeAll(() => {
  mkdirSync(OUT, { recursive: true });
});

/** The operator credential for the demo's fault buttons (the server prints it; older servers have none). */
const operator = () => (chromium.server as unknown as { operatorToken?: string }).operatorToken ?? '';

async function open(query: string): Promise<Page> {
  const page = await chromium.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${chromium.server.url}/demo/?${query}#operator=${encodeURIComponent(operator())}`);
  await page.waitForFunction(() => (window as unknown as { __edgeplay?: unknown }).__edgeplay !== undefined, null, { timeout: 20_000 });
  await page.evaluate(() => {
    const w = window as unknown as { __waiting: number[] };
    w.__waiting = [];
    document.querySelector('video')!.addEventListener('waiting', () => w.__waiting.push(document.querySelector('video')!.currentTime));
  });
  return page;
}

/** Counts pixels of a chart canvas close to an RGB colour (what the viewer sees drawn). */
function colouredPixels(page: Page, canvas: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(([sel, [r, g, b]]) => {
    const c = document.querySelector(sel as string) as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - r) < 40 && Math.abs(data[i + 1]! - g) < 40 && Math.abs(data[i + 2]! - b) < 40 && data[i + 3]! > 150) n++;
    return n;
  }, [canvas, rgb] as const);
}

const YELLOW: [number, number, number] = [0xfd, 0xd6, 0x63]; // cache-change markers
const BLUE: [number, number, number] = [0x8a, 0xb4, 0xf8]; // selected bitrate line

describe('demo page', () => {
  it('plays with its own controls and charts; killing the serving cache from the UI shows a cache change and no stall', async () => {
    const page = await open('title=vod&format=dash&bufferGoal=12&session=demo-ui');
    await page.waitForFunction(() => document.querySelector('video')!.currentTime > 6, null, { timeout: 30_000 });
    expect(await colouredPixels(page, '#chart-rate', BLUE)).toBeGreaterThan(50);
    expect(await colouredPixels(page, '#chart-rate', YELLOW)).toBeLessThan(20);
    const serving = await page.evaluate(() => (window as unknown as { __edgeplay: { player: { getStats(): { pathwayId: string } } } }).__edgeplay.player.getStats().pathwayId);
    expect(['isp-a', 'isp-b', 'ixp-1']).toContain(serving);
    const framesBefore = await page.evaluate(() => document.querySelector('video')!.getVideoPlaybackQuality().totalVideoFrames);

    await page.click(`.cache-row[data-cache="${serving}"] button[data-fault="kill"]`);
    await page.waitForFunction((from) => {
      const s = (window as unknown as { __edgeplay: { player: { getStats(): { pathwayId: string } } } }).__edgeplay.player.getStats();
      return s.pathwayId !== from;
    }, serving, { timeout: 30_000 });
    await page.waitForTimeout(4000);

    const after = await page.evaluate(() => {
      const w = window as unknown as { __edgeplay: { state: { markers: { kind: string; label: string }[]; errors: { severity: string }[] }; player: { getStats(): { stalls: number; pathwayId: string } } }; __waiting: number[] };
      return { markers: w.__edgeplay.state.markers, stalls: w.__edgeplay.player.getStats().stalls, waiting: w.__waiting, fatal: w.__edgeplay.state.errors.filter((e) => e.severity === 'fatal').length, frames: document.querySelector('video')!.getVideoPlaybackQuality().totalVideoFrames, cacheShown: document.querySelector('dd.cache-now')!.textContent };
    });
    expect(after.markers.some((m) => m.kind === 'cdn')).toBe(true);
    expect(after.cacheShown).not.toBe(serving);
    expect(after.cacheShown).not.toBe('–');
    expect(after.stalls).toBe(0);
    expect(after.waiting.filter((t) => t > 1)).toEqual([]);
    expect(after.fatal).toBe(0);
    expect(after.frames).toBeGreaterThan(framesBefore + 50);
    // The marker is drawn, not just recorded.
    expect(await colouredPixels(page, '#chart-rate', YELLOW)).toBeGreaterThan(20);
    await page.screenshot({ path: `${OUT}/demo.png` });
    await page.close();
  });

  it('TV mode is navigable with arrow keys, OK and Back only', async () => {
    const page = await open('title=vod&format=hls&platform=tizen&session=demo-tv');
    await page.waitForFunction(() => document.querySelector('video')!.currentTime > 3, null, { timeout: 30_000 });
    expect(await page.evaluate(() => document.body.classList.contains('tv'))).toBe(true);
    const platform = await page.evaluate(() => (window as unknown as { __edgeplay: { tv: { platform: { profile: { id: string } } } } }).__edgeplay.tv.platform.profile.id);
    expect(platform).toBe('tizen');
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? '');
    expect(await focused()).toMatch(/Pause|Play/);
    await page.keyboard.press('ArrowRight');
    const second = await focused();
    expect(second).not.toMatch(/Pause|Play/);
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toMatch(/Pause|Play/);
    // OK on the focused play/pause control pauses; OK again resumes.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('video')!.paused, null, { timeout: 5000 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('video')!.paused, null, { timeout: 5000 });
    // Tizen's Back key (10009) hides the panels: only the player is left.
    await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'XF86Back', keyCode: 10009, bubbles: true })));
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('aside')!).display)).toBe('none');
    await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'XF86Back', keyCode: 10009, bubbles: true })));
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('aside')!).display)).not.toBe('none');
    const t0 = await page.evaluate(() => document.querySelector('video')!.currentTime);
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => document.querySelector('video')!.currentTime)).toBeGreaterThan(t0 + 0.5);
    await page.screenshot({ path: `${OUT}/demo-tv.png` });
    await page.close();
  });
  it('swaps the ABR strategy on the running player from the strategy menu: the next adaptation is the new strategy’s', async () => {
    const page = await open('title=vod&format=dash&bufferGoal=12&session=demo-abr');
    type Demo = { __edgeplay: { state: { strategy: string; decisions: { to: number; reason: string }[] } } };
    const options = await page.evaluate(() => [...document.querySelectorAll<HTMLOptionElement>('#abr-strategy option')].map((o) => o.value));
    expect(options).toEqual(['edgeplay-mpc', 'robust-mpc', 'bola', 'throughput', 'hybrid']);
    // Hold the link at 800 kb/s (the fault panel's cap, as a person would) until the default settles low.
    await page.selectOption('#faults select[name="cap"]', '800');
    await page.waitForFunction(() => document.querySelector('video')!.currentTime > 4, null, { timeout: 30_000 });
    await page.waitForFunction(() => {
      const d = (window as unknown as Demo).__edgeplay.state.decisions;
      return d.length > 0 && d[d.length - 1]!.to <= 750_000;
    }, null, { timeout: 30_000 });
    await page.selectOption('#abr-strategy', 'bola');
    expect(await page.evaluate(() => (window as unknown as Demo).__edgeplay.state.strategy)).toBe('bola');
    const before = await page.evaluate(() => (window as unknown as Demo).__edgeplay.state.decisions.length);
    // Lift the cap: the climb that follows is decided by the strategy now installed.
    await page.selectOption('#faults select[name="cap"]', '');
    await page.waitForFunction((n) => (window as unknown as Demo).__edgeplay.state.decisions.slice(n).some((d) => d.reason.startsWith('abr: bola')), before, { timeout: 30_000 });
    const after = await page.evaluate((n) => (window as unknown as Demo).__edgeplay.state.decisions.slice(n), before);
    expect(after.some((d) => d.reason.startsWith('abr: bola'))).toBe(true);
    expect(after.some((d) => d.reason.includes('edgeplay-mpc'))).toBe(false);
    expect(await page.evaluate(() => [...document.querySelectorAll('#log li')].some((li) => li.textContent!.includes('ABR strategy → bola')))).toBe(true);
    await page.screenshot({ path: `${OUT}/demo-abr-strategy.png` });
    await page.close();
  });
});
