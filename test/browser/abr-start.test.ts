/**
 * Issue 14's start: on an unshaped loopback link a fresh viewer (no persisted
 * estimate: a new browser context) must not spend its first segments at the
 * bottom rung. Before the start prior, the first decision had no usable
 * estimate (the manifest transfer was dropped, the init segments are too
 * small) and segment 1 always came at 300 kbit/s.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { openEdgeplay } from './support/edgeplay-page.js';
import { VIDEO_LADDER } from '../../packages/server/src/fixtures/ladder.js';

const serverUrl = inject('serverUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The rendition's kbit/s from the request log's `video/v<kbps>`. */
const kbpsOf = (rendition: string) => Number(/^video\/v(\d+)$/.exec(rendition)?.[1] ?? NaN);

describe('ABR start on an unshaped link', () => {
  it('plays the first two segments above the bottom rung', async () => {
    const p = await openEdgeplay(browser, serverUrl, 'abr-start');
    try {
      await p.load(`/manifest/vod?format=dash&session=${p.session}`);
      // Segments 1 and 2 (4 s each) played.
      await p.waitForTime(8.5, 40_000);
      const log = await p.requests();
      const video = log.filter((r) => r.rendition.startsWith('video/') && r.status >= 200 && r.status < 300 && r.bytes > 0 && /\/seg-\d+\.m4s$/.test(r.path));
      const bottom = VIDEO_LADDER[0]!.bandwidth / 1000;
      // The last complete download of each segment index is what was played.
      const played = new Map<number, number>();
      for (const r of video) played.set(Number(/\/seg-(\d+)\.m4s$/.exec(r.path)![1]), kbpsOf(r.rendition));
      expect([played.get(1), played.get(2)]).toEqual([expect.any(Number), expect.any(Number)]);
      expect(played.get(1)!).toBeGreaterThan(bottom);
      expect(played.get(2)!).toBeGreaterThan(bottom);
      const progress = await p.progress();
      expect(progress.errors.filter((e: { severity: string }) => e.severity === 'fatal')).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
