/**
 * A memory-limited TV profile over ≥ 10 minutes of real Chromium playback
 * (wall clock, playbackRate 1): the HbbTV profile, its budget tightened to
 * 20 MiB (16 forward + 4 back), plays a 12-minute DASH presentation (the
 * 120 s `vod` fixture as six back-to-back periods, served from this test's
 * own reference server) while the page's SourceBuffer bytes are sampled
 * every 5 s by a probe outside the player. The peak must stay within the
 * budget, with no `waiting` event after startup, no player stall and the
 * playhead moving in every sample interval (playbackRate 1 throughout). The
 * curve summary is printed for the issue's note.
 *
 * Its own vitest project (`browser-soak`): scripts/test.sh runs it in the
 * background beside the main browser suite, so CI waits ~11 min once, not
 * in series. EDGEPLAY_TV_SOAK_S shortens it for local iteration.
 */
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../packages/server/src/index.js';
import { launchChromium } from '../browser/support/chromium.js';
import { openTvPage, type TvPage } from '../browser/support/tv-page.js';

const SOAK_S = Number(process.env.EDGEPLAY_TV_SOAK_S ?? 600);
const SAMPLE_MS = 5_000;
const MiB = 1024 * 1024;
const BUDGET = { forwardBytes: 16 * MiB, backBytes: 4 * MiB };
const PERIODS = 6; // 6 × 120 s = 12 min of media for ≥ 10 min of playback
const HBBTV_UA = 'Mozilla/5.0 (Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.0 Safari/537.36 HbbTV/1.5.1 (+DRM; Vestel; MB130; 3.10.23.0; _TV_G31_2020;)';

let server: RunningServer;
let browser: Browser;
let tv: TvPage | undefined;

/** The vod fixture's single period repeated `n` times back to back (each period's media starts at 0; DASH maps it to k × 120 s). */
function loopedManifest(n: number): string {
  const base = readFileSync(path.resolve('.fixtures/vod/manifest.mpd'), 'utf8');
  const period = /<Period[\s\S]*?<\/Period>/.exec(base)?.[0];
  if (!period || !/id="p0" start="PT0.000S" duration="PT120.000S"/.test(period)) throw new Error('the vod fixture manifest changed shape: one 120 s period expected');
  const periods = Array.from({ length: n }, (_, k) => period.replace('id="p0" start="PT0.000S"', `id="loop${k}" start="PT${k * 120}.000S"`));
  return base.replace(period, periods.join('\n')).replace('mediaPresentationDuration="PT120.000S"', `mediaPresentationDuration="PT${n * 120}.000S"`);
}

beforeAll(async () => {
  server = await startServer({ port: 0, caches: 1, dataDir: mkdtempSync(path.join(tmpdir(), 'edgeplay-tv-soak-')) });
  browser = await launchChromium();
});
afterAll(async () => {
  await tv?.close();
  await browser?.close();
  await server?.close();
});

const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

describe('TV memory budget in Chromium', () => {
  it(`HbbTV profile at a 20 MiB budget: ${SOAK_S} s of playback, peak buffered bytes ≤ budget, no stall`, async () => {
    tv = await openTvPage(browser, server.url, HBBTV_UA, ['oipfObjectFactory']);
    const mpd = loopedManifest(PERIODS);
    // Same directory as the fixture, so its relative segment URLs resolve to the server's real media.
    await tv.context.route('**/media/vod/looped.mpd', (route) => route.fulfill({ status: 200, contentType: 'application/dash+xml', body: mpd }));
    const info = await tv.start(`${server.url}/media/vod/looped.mpd`, { memory: BUDGET });
    expect(await tv.page.evaluate(() => document.querySelector('video')!.playbackRate)).toBe(1);
    expect(info.id).toBe('hbbtv');
    // The budget binds: at the top rung (4.3 Mb/s + 128 kb/s audio) 30 s would be ~16 MiB forward alone.
    expect(info.streaming.bufferGoal).toBeLessThan(30);

    const t0 = Date.now();
    const start = await tv.progress();
    const samples: { wallS: number; currentTime: number; bytes: number; seconds: number; state: string }[] = [];
    while (Date.now() - t0 < SOAK_S * 1000) {
      await tv.page.waitForTimeout(SAMPLE_MS);
      const [b, p] = [await tv.bufferedBytes(), await tv.progress()];
      samples.push({ wallS: (Date.now() - t0) / 1000, currentTime: p.currentTime, bytes: b.total, seconds: Math.max(0, ...b.buffers.map((x) => x.seconds)), state: p.state });
      expect(p.fatal).toEqual([]);
    }
    const end = await tv.progress();
    const wallS = (Date.now() - t0) / 1000;
    const bytes = samples.map((s) => s.bytes);
    const peak = Math.max(...bytes);
    const perMinute = Array.from({ length: Math.ceil(wallS / 60) }, (_, m) => Math.max(0, ...samples.filter((s) => s.wallS > m * 60 && s.wallS <= (m + 1) * 60).map((s) => s.bytes)));
    console.log(
      `[tv soak] hbbtv budget ${(BUDGET.forwardBytes + BUDGET.backBytes) / MiB} MiB (bufferGoal ${info.streaming.bufferGoal.toFixed(1)} s, backBuffer ${info.streaming.backBuffer.toFixed(1)} s): ` +
        `${wallS.toFixed(0)} s wall, playhead ${start.currentTime.toFixed(1)} → ${end.currentTime.toFixed(1)} s, ${samples.length} samples, ` +
        `buffered MiB min ${(Math.min(...bytes) / MiB).toFixed(2)} / median ${(quantile(bytes, 0.5) / MiB).toFixed(2)} / p95 ${(quantile(bytes, 0.95) / MiB).toFixed(2)} / peak ${(peak / MiB).toFixed(2)}; ` +
        `per-minute peaks MiB [${perMinute.map((b) => (b / MiB).toFixed(1)).join(', ')}]; waiting after start ${end.waiting}; player stalls ${end.stalls} (${end.stallTime.toFixed(1)} s); frames ${end.frames - start.frames}`,
    );
    // Where the playhead fell behind the wall clock (a sample interval with < 90 % progress), for diagnosis.
    const slow = samples.slice(1).map((s, i) => ({ at: s.currentTime, rate: (s.currentTime - samples[i]!.currentTime) / (s.wallS - samples[i]!.wallS), state: s.state })).filter((x) => x.rate < 0.9);
    if (slow.length) console.log(`[tv soak] slow intervals: ${slow.map((x) => `${x.at.toFixed(1)} s ×${x.rate.toFixed(2)} ${x.state}`).join('; ')}`);
    expect(wallS).toBeGreaterThanOrEqual(SOAK_S);
    expect(peak).toBeLessThanOrEqual(BUDGET.forwardBytes + BUDGET.backBytes);
    expect(peak).toBeGreaterThan(0);
    expect(end.waiting).toBe(0);
    expect(end.stalls).toBe(0);
    // Never frozen: every 5 s sample interval moved the playhead by at least half of it. Not asserted at 100 %
    // of the wall clock: on the shared 2-core CI machine Chromium's media clock runs ~5 % slow while playing with
    // no stall (measured: 569.9 s of media in 600 s wall, 0 waiting events, 0 player stalls; load average ~8).
    for (let i = 1; i < samples.length; i++) expect(samples[i]!.currentTime - samples[i - 1]!.currentTime).toBeGreaterThan((samples[i]!.wallS - samples[i - 1]!.wallS) * 0.5);
    expect(end.currentTime - start.currentTime).toBeGreaterThan(wallS * 0.85);
    expect(end.frames - start.frames).toBeGreaterThan((end.currentTime - start.currentTime) * 25 * 0.9);
  }, (SOAK_S + 180) * 1000);
});
