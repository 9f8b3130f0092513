/**
 * Offline downloads of a ClearKey title in Chromium against a reference
 * server of its own (issue 18): the title is downloaded into IndexedDB with a
 * download licence, the page is reloaded mid-download and the download
 * resumes where it stopped; then the server is shut down and the stored
 * title plays ≥ 20 s through the same Player with frames advancing (a
 * temporary ClearKey session re-created from the stored licence: Chromium's
 * ClearKey has no persistent sessions). Once the (short, 80 s) offline
 * licence has expired, playing gives the typed OFFLINE_LICENCE_EXPIRED; a
 * renewal with the server back (no segment fetched again) makes it play
 * again offline. Removing it offline frees the storage (estimate
 * before/after) and queues the licence release, which the next clean-up
 * sends once the server is back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer, type ServerOptions } from '../../packages/server/src/index.js';
import { DEMO_ACCOUNT } from '../../packages/server/src/server.js';
import { launchChromium } from './support/chromium.js';

/** Long enough to download and play 20 s on a loaded 2-core box, short enough to wait out in the test. */
const LICENCE_MS = 80_000;
let server: RunningServer | null = null;
let browser: Browser;
const dataDir = mkdtempSync(path.join(tmpdir(), 'edgeplay-offline-'));
let port = 0;
const boot = async () => {
  const options: ServerOptions = { port, caches: 3, dataDir, downloadLicenceMs: LICENCE_MS };
  server = await startServer(options);
  port = Number(new URL(server.url).port);
  return server;
};
const stop = async () => {
  await server?.close();
  server = null;
};

beforeAll(async () => {
  await boot();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stop();
});

/** Runs `body` in the page with `lib` = the Edgeplay bundle and `storage` = createOfflineStorage() with the download-licence endpoint. */
function inPage<T>(page: Page, token: string, body: string): Promise<T> {
  // Code text: vitest would rewrite an import() inside a page function.
  return page.evaluate(`(async () => {
    const lib = await import('/dist/web/edgeplay.bundle.mjs');
    window.__token = ${JSON.stringify(token)};
    window.__storage ??= lib.createOfflineStorage({ parallelism: 4, licence: { url: location.origin + '/license/download', headers: () => ({ authorization: 'Bearer ' + window.__token }) } });
    const storage = window.__storage;
    ${body}
  })()`) as Promise<T>;
}

/** Page code: plays download `id` offline on a fresh <video> until `seconds` (or a fatal error / 45 s). */
const playFor = (id: string, seconds: number) => `
  window.__player?.destroy?.();
  document.querySelectorAll('video.offline').forEach((v) => v.remove());
  const video = document.createElement('video');
  video.className = 'offline';
  video.muted = true;
  document.body.append(video);
  const player = storage.createPlayer(video);
  window.__player = player;
  const fatal = [];
  player.on('error', (e) => { if (e.severity === 'fatal') fatal.push(e.code); });
  try {
    await storage.play(player, ${JSON.stringify(id)});
  } catch (e) {
    return { refused: { code: e.code, name: e.name }, t: 0, frames: 0, fatal };
  }
  await video.play();
  const deadline = performance.now() + 45000;
  while (video.currentTime < ${seconds} && performance.now() < deadline && !fatal.length) await new Promise((r) => setTimeout(r, 250));
  return { refused: null, t: video.currentTime, frames: video.getVideoPlaybackQuality().totalVideoFrames, fatal };`;

interface Played {
  refused: { code: string; name: string } | null;
  t: number;
  frames: number;
  fatal: string[];
}

describe('offline downloads of a ClearKey title', () => {
  it('download + reload + resume, offline play ≥ 20 s, typed expiry, renewal plays again, removal frees storage and releases the licence later', async () => {
    const s = await fetch(`${server!.url}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...DEMO_ACCOUNT, device: 'offline-test', title: 'vod-cenc' }) });
    expect(s.status).toBe(201);
    const { token } = (await s.json()) as { token: string };
    const page = await browser.newContext().then((c) => c.newPage());
    await page.goto(`${server!.url}/demo/?autoplay=0&session=offline-test`);
    const manifest = `${server!.url}/manifest/vod-cenc?format=dash&session=offline-test&caches=3`;
    const usageBefore = await inPage<number>(page, token, `return (await navigator.storage.estimate()).usage;`);

    // Start, let some segments land, then reload the page in the middle.
    const started = await inPage<{ id: string; total: number; estimate: number; licence: { keySystem: string; expiresAt: number; response?: string } }>(page, token, `
      const est = await storage.manager.estimate(${JSON.stringify(manifest)}, { maxHeight: 360 });
      const op = await storage.manager.store(${JSON.stringify(manifest)}, { maxHeight: 360 }, { title: 'vod-cenc' });
      await new Promise((r) => { const off = op.on('progress', (p) => { if (p.resourcesStored >= 8) { off(); r(); } }); });
      return { id: op.id, total: op.progress().resourcesTotal, estimate: est.bytes, licence: (await storage.manager.getLicence(op.id)) };`);
    expect(started.total).toBeGreaterThan(30);
    expect(started.licence.keySystem).toBe('org.w3.clearkey');
    expect(started.licence.response).toBeTruthy();
    expect(started.licence.expiresAt).toBeGreaterThan(Date.now() + LICENCE_MS - 30_000);
    await page.reload();
    // What survived the reload: resources in IndexedDB (the record is persisted every 0.5 s; resume adopts the rest).
    const afterReload = await inPage<{ stored: number }>(page, token, `
      const [rec] = await storage.manager.list();
      let stored = 0;
      for (const r of rec.resources) if (await storage.store.getResource(rec.id, r.key)) stored++;
      return { stored };`);
    expect(afterReload.stored).toBeGreaterThanOrEqual(8);
    expect(afterReload.stored).toBeLessThan(started.total);

    const finished = await inPage<{ state: string; bytes: number; fetchedAgain: number }>(page, token, `
      const before = performance.getEntriesByType('resource').length;
      const op = await storage.manager.resume(${JSON.stringify(started.id)});
      const rec = await op.done;
      // Only this download's segments: the demo page's own player may be fetching another title (the reload drops autoplay=0 from the URL).
      const urls = performance.getEntriesByType('resource').slice(before).map((e) => e.name).filter((u) => u.includes('/media/vod-cenc/') && u.includes('.m4s'));
      const stored = rec.resources.filter((r) => r.bytes !== undefined).length;
      return { state: rec.state, bytes: rec.resources.reduce((n, r) => n + (r.bytes ?? 0), 0), fetchedAgain: urls.length + ${afterReload.stored} - stored };`);
    expect(finished.state).toBe('complete');
    // Nothing stored before the reload was fetched again.
    expect(finished.fetchedAgain).toBeLessThanOrEqual(0);
    // The estimate (bandwidth × duration) was within 25 % of what was stored.
    expect(Math.abs(finished.bytes - started.estimate) / finished.bytes).toBeLessThan(0.25);

    // Network gone: every cache, the origin and the licence server.
    await stop();
    const played = await inPage<Played>(page, token, playFor(started.id, 21));
    expect(played.refused).toBeNull();
    expect(played.fatal).toEqual([]);
    expect(played.t).toBeGreaterThanOrEqual(20);
    expect(played.frames).toBeGreaterThan(20 * 20);

    // The offline licence lapses: a typed error, not a decode failure.
    const wait = started.licence.expiresAt - Date.now() + 500;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const expired = await inPage<Played>(page, token, playFor(started.id, 1));
    expect(expired.refused).toEqual({ code: 'OFFLINE_LICENCE_EXPIRED', name: 'OfflineError' });

    // Online again: renew (no segment fetched), then offline again, and it plays.
    await boot();
    const renewed = await inPage<{ expiresAt: number; segmentFetches: number }>(page, token, `
      const before = performance.getEntriesByType('resource').length;
      const l = await storage.manager.renewLicence(${JSON.stringify(started.id)});
      const segmentFetches = performance.getEntriesByType('resource').slice(before).filter((e) => e.name.includes('/media/vod-cenc/')).length;
      return { expiresAt: l.expiresAt, segmentFetches };`);
    expect(renewed.expiresAt).toBeGreaterThan(Date.now() + LICENCE_MS - 10_000);
    expect(renewed.segmentFetches).toBe(0);
    await stop();
    const again = await inPage<Played>(page, token, playFor(started.id, 4));
    expect(again.refused).toBeNull();
    expect(again.fatal).toEqual([]);
    expect(again.t).toBeGreaterThanOrEqual(4);
    expect(again.frames).toBeGreaterThan(4 * 20);

    // Removed while offline: the storage is freed at once, the release waits in the queue.
    const freed = await inPage<{ during: number; after: number; list: number; released: string; pending: number }>(page, token, `
      window.__player?.destroy?.();
      const during = (await navigator.storage.estimate()).usage;
      const released = await storage.manager.remove(${JSON.stringify(started.id)});
      const after = (await navigator.storage.estimate()).usage;
      return { during, after, released, list: (await storage.manager.list()).length, pending: (await storage.store.listPendingReleases()).length };`);
    expect(freed).toMatchObject({ list: 0, released: 'queued', pending: 1 });
    expect(freed.during - usageBefore).toBeGreaterThan(finished.bytes * 0.9);
    expect(freed.after).toBeLessThan(freed.during - finished.bytes * 0.9);

    // Next start with the server back: the queued release reaches it and the slot is gone there.
    await boot();
    await page.reload();
    const synced = await inPage<{ released: number; pending: number }>(page, token, `return (await storage.manager.cleanUp()).releases;`);
    expect(synced).toEqual({ released: 1, pending: 0 });
    const licenceId = (started.licence as unknown as { licenceId: string }).licenceId;
    const gone = await fetch(`${server!.url}/license/download/${licenceId}/renew`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(gone.status).toBe(404);
    console.log(`offline (ClearKey vod-cenc ≤360p): ${started.total} resources, ${(finished.bytes / 1e6).toFixed(1)} MB stored (estimate ${(started.estimate / 1e6).toFixed(1)} MB); ${afterReload.stored} survived the reload; offline play ${played.t.toFixed(1)} s / ${played.frames} frames; after renewal ${again.t.toFixed(1)} s / ${again.frames} frames; remove freed ${((freed.during - freed.after) / 1e6).toFixed(1)} MB`);
  }, 300_000);
});
