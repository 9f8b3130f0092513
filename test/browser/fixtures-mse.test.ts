/**
 * The generated fixtures play in real Chromium through a minimal hand-written
 * MSE page (not Edgeplay's player): clear video + audio, ClearKey-encrypted
 * video + audio via EME, and the vod-gap title really has a ~1 s hole in its
 * buffered video.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitForPlayback } from './support/chromium.js';
import { useChromiumSession } from './support/chromium-session.js';
import { playWithMse, type MseTrack } from './support/mse-page.js';
import { catalogTitle, type CatalogRendition, type CatalogTitle } from '../../packages/server/src/fixtures/catalog.js';

const chromium = useChromiumSession();
let page: Page;

async function freshPage(): Promise<Page> {
  await page?.close();
  page = await chromium.browser.newPage();
  return page;
}

function track(title: CatalogTitle, rendition: CatalogRendition, kind: 'video' | 'audio', numbers: number[]): MseTrack {
  const base = `${chromium.server.url}/media/${title.id}/${rendition.path}`;
  return {
    mimeType: `${kind}/mp4; codecs="${rendition.codecs}"`,
    init: `${base}init.mp4`,
    segments: numbers.map((n) => `${base}seg-${n}.m4s`),
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('fixtures in Chromium MSE', () => {
  it('plays the clear vod (video v750 + English audio): currentTime passes 5 s and frames advance', async () => {
    const title = catalogTitle(chromium.server.catalog, 'vod');
    const video = title.video.find((v) => v.id === 'v750')!;
    const result = await playWithMse(await freshPage(), chromium.server.url, {
      tracks: [track(title, video, 'video', range(1, 3)), track(title, title.audio[0], 'audio', range(1, 3))],
    });
    // Three 4 s segments from t=0: one continuous range 0..12 s per track.
    expect(result.buffered[0]).toHaveLength(1);
    expect(result.buffered[0][0][0]).toBeCloseTo(0, 1);
    expect(result.buffered[0][0][1]).toBeCloseTo(12, 1);
    expect(result.buffered[1][0][1]).toBeGreaterThan(11.9);
    const progress = await waitForPlayback(page, { seconds: 5.5 });
    expect(progress.currentTime).toBeGreaterThan(5);
    expect(progress.framesAdvanced).toBeGreaterThan(50);
  });

  it('plays vod-cenc through ClearKey EME with keys from the catalog', async () => {
    const title = catalogTitle(chromium.server.catalog, 'vod-cenc');
    expect(title.encryption?.scheme).toBe('cenc');
    const video = title.video.find((v) => v.id === 'v1200')!;
    const result = await playWithMse(await freshPage(), chromium.server.url, {
      tracks: [track(title, video, 'video', range(1, 3)), track(title, title.audio[1], 'audio', range(1, 3))],
      clearKey: { keys: title.encryption!.keys },
    });
    const progress = await waitForPlayback(page, { seconds: 5.5 });
    expect(progress.currentTime).toBeGreaterThan(5);
    expect(progress.framesAdvanced).toBeGreaterThan(50);
    // The CDM asked for exactly the catalog's KIDs (from the pssh in the init segments).
    expect(new Set(result.requestedKids)).toEqual(new Set(title.encryption!.keys.map((k) => k.kid)));
  });

  it('does not decode vod-cenc without keys (the media really is encrypted)', async () => {
    const title = catalogTitle(chromium.server.catalog, 'vod-cenc');
    const video = title.video.find((v) => v.id === 'v300')!;
    const p = await freshPage();
    // No MediaKeys: Chromium must refuse to play encrypted samples (it waits for a key forever / errors).
    await playWithMse(p, chromium.server.url, { tracks: [track(title, video, 'video', range(1, 2))], play: false });
    await p.evaluate(() => void document.querySelector('video')!.play().catch(() => {}));
    await p.waitForTimeout(2500);
    const state = await p.evaluate(() => {
      const v = document.querySelector('video')!;
      return { currentTime: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames };
    });
    expect(state.currentTime).toBeLessThan(0.5);
    expect(state.frames).toBe(0);
  });

  it('vod-gap buffers video with a ~1 s hole at 30–31 s', async () => {
    const title = catalogTitle(chromium.server.catalog, 'vod-gap');
    expect(title.gaps).toEqual([{ type: 'video', start: 30, end: 31 }]);
    const video = title.video.find((v) => v.id === 'v300')!;
    // Segments 7–9 cover 24–36 s; segment 8 (28–32 s) holds the hole.
    const result = await playWithMse(await freshPage(), chromium.server.url, {
      tracks: [track(title, video, 'video', range(7, 9))],
      play: false,
      endOfStream: false,
    });
    const ranges = result.buffered[0];
    expect(ranges).toHaveLength(2);
    expect(ranges[0][0]).toBeCloseTo(24, 1);
    expect(ranges[0][1]).toBeCloseTo(30, 1);
    expect(ranges[1][0]).toBeCloseTo(31, 1);
    expect(ranges[1][1]).toBeCloseTo(36, 1);
  });
});
