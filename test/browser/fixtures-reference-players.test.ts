/**
 * The fixtures' own DASH and HLS manifests play in a mature third-party player
 * (shaka-player from node_modules), in real Chromium: clear DASH and HLS with
 * both audio languages and subtitles listed, ClearKey-protected DASH, and the
 * multi-period title across its period boundary. This checks the manifests we
 * write, independently of Edgeplay's own parsers.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitForPlayback } from './support/chromium.js';
import { useChromiumSession } from './support/chromium-session.js';
import { openBlankPage } from './support/mse-page.js';
import { catalogTitle } from '../../packages/server/src/fixtures/catalog.js';

const require = createRequire(import.meta.url);
const SHAKA = require.resolve('shaka-player/dist/shaka-player.compiled.js');

const chromium = useChromiumSession();
let page: Page;

interface ShakaLoadResult {
  audioLanguages: string[];
  textLanguages: string[];
  heights: number[];
}

/** Opens a page with shaka-player, loads `manifestUrl` (optionally with ClearKey keys) and starts playback at `startTime`. */
async function loadInShaka(manifestUrl: string, options: { clearKeys?: Record<string, string>; startTime?: number } = {}): Promise<ShakaLoadResult> {
  await page?.close();
  page = await chromium.browser.newPage();
  await openBlankPage(page, chromium.server.url);
  await page.addScriptTag({ path: SHAKA });
  return page.evaluate(
    async ({ url, clearKeys, startTime }) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const shaka = (window as any).shaka;
      shaka.polyfill.installAll();
      const video = document.querySelector('video')!;
      const player = new shaka.Player();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (window as any).__shakaPlayer = player;
      await player.attach(video);
      if (clearKeys) player.configure({ drm: { clearKeys } });
      await player.load(url, startTime ?? null);
      await video.play();
      const variants = player.getVariantTracks() as { height: number | null; language: string }[];
      return {
        audioLanguages: [...new Set(variants.map((v) => v.language))].sort(),
        textLanguages: [...new Set((player.getTextTracks() as { language: string }[]).map((t) => t.language))].sort(),
        heights: [...new Set(variants.map((v) => v.height ?? 0))].sort((a, b) => a - b),
      };
    },
    { url: manifestUrl, clearKeys: options.clearKeys, startTime: options.startTime },
  );
}

const mediaUrl = (titleId: string, file: string): string => `${chromium.server.url}/media/${titleId}/${file}`;

describe('fixtures in shaka-player (Chromium)', () => {
  it('plays vod DASH with en/fr audio, en (WebVTT) and de (wvtt in fMP4) subtitles and the full ladder', async () => {
    const t = catalogTitle(chromium.server.catalog, 'vod');
    const result = await loadInShaka(mediaUrl(t.id, t.dash));
    expect(result.audioLanguages).toEqual(['en', 'fr']);
    expect(result.textLanguages).toEqual(['de', 'en']);
    expect(result.heights).toEqual([234, 360, 432, 540, 720, 1080]);
    const progress = await waitForPlayback(page, { seconds: 5 });
    expect(progress.framesAdvanced).toBeGreaterThan(50);
    // shaka's own MP4 VTT parser reads our wvtt fixture: an independent check of its boxes.
    await page.evaluate(() => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const player = (window as any).__shakaPlayer;
      const de = player.getTextTracks().find((tr: { language: string }) => tr.language === 'de');
      player.selectTextTrack(de);
      player.setTextTrackVisibility?.(true); // shaka 4; shaka 5 shows a selected track
    });
    const cue = await page.waitForFunction(
      () => Array.from(document.querySelector('video')!.textTracks).flatMap((tr) => Array.from(tr.activeCues ?? [])).map((c) => (c as VTTCue).text).find((x) => x.startsWith('Untertitel')),
      null,
      { timeout: 20_000 },
    );
    expect(await cue.jsonValue()).toMatch(/^Untertitel \d+ \(de\) @ /);
  });

  it('plays vod-2s HLS with en/fr audio and en subtitles', async () => {
    const t = catalogTitle(chromium.server.catalog, 'vod-2s');
    const result = await loadInShaka(mediaUrl(t.id, t.hls!));
    expect(result.audioLanguages).toEqual(['en', 'fr']);
    expect(result.textLanguages).toEqual(['en']);
    expect(result.heights).toEqual([234, 360, 432, 540, 720, 1080]);
    const progress = await waitForPlayback(page, { seconds: 5 });
    expect(progress.framesAdvanced).toBeGreaterThan(50);
  });

  it('plays vod-cenc DASH with ClearKey keys from the catalog', async () => {
    const t = catalogTitle(chromium.server.catalog, 'vod-cenc');
    const clearKeys = Object.fromEntries(t.encryption!.keys.map((k) => [k.kid, k.key]));
    await loadInShaka(mediaUrl(t.id, t.dash), { clearKeys });
    const progress = await waitForPlayback(page, { seconds: 5 });
    expect(progress.framesAdvanced).toBeGreaterThan(50);
  });

  it('plays multiperiod DASH across the period boundary at 30 s', async () => {
    const t = catalogTitle(chromium.server.catalog, 'multiperiod');
    await loadInShaka(mediaUrl(t.id, t.dash), { startTime: 27 });
    const progress = await waitForPlayback(page, { seconds: 32 });
    expect(progress.currentTime).toBeGreaterThan(32);
    expect(progress.framesAdvanced).toBeGreaterThan(50);
  });
});
