/**
 * Issue 14's start on an unshaped loopback link: the first segments must not
 * be spent at the bottom rung. Before the start prior, the first decision had
 * no usable estimate (the manifest transfer was dropped before the prior read
 * it, the init segments are too small to measure, nothing persisted) and
 * segment 1 always came at 300 kbit/s, whatever the link.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { openEdgeplay, type EdgeplayPage } from './support/edgeplay-page.js';
import { control } from './support/server-auth.js';
import { VIDEO_LADDER } from '../../packages/server/src/fixtures/ladder.js';

const serverUrl = inject('serverUrl');
const operatorToken = inject('operatorToken');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const BOTTOM_KBPS = VIDEO_LADDER[0]!.bandwidth / 1000;

/** kbit/s of each played video segment of `session` (the last complete download of each index), by index. */
async function playedRungs(session: string): Promise<Map<number, number>> {
  const { requests } = (await control(serverUrl, operatorToken, 'GET', `/control/sessions/${session}/requests`)) as { requests: { path: string; rendition: string; status: number; bytes: number }[] };
  const played = new Map<number, number>();
  for (const r of requests) {
    const segment = /\/seg-(\d+)\.m4s$/.exec(r.path);
    const rung = /^video\/v(\d+)$/.exec(r.rendition);
    if (segment && rung && r.status >= 200 && r.status < 300 && r.bytes > 0) played.set(Number(segment[1]), Number(rung[1]));
  }
  return played;
}

/** Plays `session` until segments 1 and 2 (4 s each) have played; returns their rungs. */
async function firstTwo(p: EdgeplayPage, session: string): Promise<[number | undefined, number | undefined]> {
  await p.load(`/manifest/vod?format=dash&session=${session}`);
  await p.waitForTime(8.5, 40_000);
  const played = await playedRungs(session);
  const progress = await p.progress();
  expect(progress.errors.filter((e) => e.severity === 'fatal')).toEqual([]);
  return [played.get(1), played.get(2)];
}

describe('ABR start on an unshaped link', () => {
  it('a returning viewer (the last session’s estimate in localStorage) plays segments 1 and 2 above the bottom rung', async () => {
    const p = await openEdgeplay(browser, serverUrl, 'abr-start-returning');
    try {
      // The first session measures the link and persists its estimate; the second starts from it.
      await firstTwo(p, p.session);
      const stored = await p.page.evaluate(() => localStorage.getItem('edgeplay.abr.lastBandwidth'));
      expect(JSON.parse(stored ?? '{}').bps).toBeGreaterThan(10_000_000);
      const [one, two] = await firstTwo(p, `${p.session}-again`);
      expect(one).toBeGreaterThan(BOTTOM_KBPS);
      expect(two).toBeGreaterThan(BOTTOM_KBPS);
    } finally {
      await p.close();
    }
  });

  it('a fresh viewer leaves the bottom rung by segment 2', async () => {
    const p = await openEdgeplay(browser, serverUrl, 'abr-start-fresh');
    try {
      const [one, two] = await firstTwo(p, p.session);
      expect(one).toBeDefined();
      expect(two).toBeGreaterThan(BOTTOM_KBPS);
    } finally {
      await p.close();
    }
  });
});
