/**
 * The TV bundle in Chromium under emulated TV runtimes: each Playwright
 * context carries a recorded user agent and the platform's runtime globals
 * (`window.tizen`, `webOS` + `PalmSystem`, HbbTV `oipfObjectFactory`, `cast`)
 * injected by `addInitScript` before the page runs. `createTvPlayer` must
 * pick the right profile without being told, apply it (buffer goals from its
 * byte budget, stall skip, Tizen key registration), and play the `vod`
 * fixture with frames advancing while an independent probe of SourceBuffer
 * bytes stays within the profile's budget. The app asks for far more buffer
 * (120 s ahead, 60 s behind) than the budgets allow, so the budget is what
 * limits the buffer here, not the default goal.
 */
import { describe, expect, it } from 'vitest';
import { useChromiumSession } from './support/chromium-session.js';
import { openTvPage, type TvGlobal } from './support/tv-page.js';
import { bufferSecondsForBudget, PLATFORM_PROFILES, type PlatformId } from '../../packages/tv/src/pure.js';
import { USER_AGENTS } from '../../packages/tv/test/user-agents.js';

const MiB = 1024 * 1024;
/** The vod fixture's worst case: top video rung + one audio track (bits/s), what the budget is sized for. */
const PEAK_BPS = 4_300_000 + 128_000;
/** The vod fixture's MPD@maxSegmentDuration (the one-segment overshoot the budget reserves). */
const VOD_MAX_SEGMENT_S = 4.011;
const APP = { streaming: { bufferGoal: 120, backBuffer: 60 } };
const chromium = useChromiumSession();

const ua = (platform: PlatformId, i = 0) => USER_AGENTS.filter((u) => u.platform === platform)[i]!.ua;
const CASES: { platform: PlatformId; ua: string; globals: TvGlobal[]; matchedBy: 'global' | 'user-agent' }[] = [
  { platform: 'tizen', ua: ua('tizen'), globals: ['tizen'], matchedBy: 'global' },
  { platform: 'webos', ua: ua('webos'), globals: ['webOS', 'PalmSystem'], matchedBy: 'global' },
  { platform: 'hbbtv', ua: ua('hbbtv'), globals: ['oipfObjectFactory'], matchedBy: 'global' },
  { platform: 'chromecast', ua: ua('chromecast'), globals: ['cast'], matchedBy: 'global' },
  { platform: 'xbox', ua: ua('xbox'), globals: [], matchedBy: 'user-agent' },
  { platform: 'desktop', ua: ua('desktop'), globals: [], matchedBy: 'user-agent' },
];

describe('TV profiles in Chromium with emulated user agents and runtime globals', () => {
  it.each(CASES)('$platform: detected by $matchedBy, applied, plays with frames advancing inside its byte budget', async ({ platform, ua: userAgent, globals, matchedBy }) => {
    const profile = PLATFORM_PROFILES.find((p) => p.id === platform)!;
    const budget = profile.memory.forwardBytes + profile.memory.backBytes;
    const tv = await openTvPage(chromium.browser, chromium.server.url, userAgent, globals);
    try {
      expect(await tv.page.evaluate(() => navigator.userAgent)).toBe(userAgent);
      const info = await tv.start(`${chromium.server.url}/manifest/vod?format=dash&session=tv-${platform}-${Date.now()}`, { config: APP });
      expect({ id: info.id, matchedBy: info.matchedBy }).toEqual({ id: platform, matchedBy });
      const expected = bufferSecondsForBudget(profile.memory, PEAK_BPS, { bufferGoal: 120, backBuffer: 60 }, undefined, VOD_MAX_SEGMENT_S);
      expect(info.streaming.bufferGoal).toBeCloseTo(expected.bufferGoal, 5);
      expect(info.streaming.backBuffer).toBeCloseTo(expected.backBuffer, 5);
      const applied = await tv.page.evaluate(() => (window as unknown as { __tv: { player: { getConfig(): { streaming: { stallSkip: number; gapPadding: number } } } } }).__tv.player.getConfig().streaming);
      expect(applied.stallSkip).toBe(profile.quirks.stallSkip);
      expect(applied.gapPadding).toBe(profile.quirks.gapPadding);
      // The emulated Cast platform answers canDisplayType no at 1080p and 2160p: a 720p device.
      if (platform === 'chromecast') {
        await tv.page.waitForFunction(() => (window as unknown as { __tv: { player: { getConfig(): { abr: { maxResolution: unknown } } } } }).__tv.player.getConfig().abr.maxResolution !== null);
        expect(await tv.page.evaluate(() => (window as unknown as { __tv: { player: { getConfig(): { abr: { maxResolution: unknown } } } } }).__tv.player.getConfig().abr.maxResolution)).toEqual({ width: 1280, height: 720 });
      }
      if (platform === 'tizen') expect(info.registeredKeys).toEqual(expect.arrayContaining(['MediaPlayPause', 'ColorF0Red', '0']));

      const start = await tv.progress();
      let peak = 0;
      for (let i = 0; i < 16; i++) {
        await tv.page.waitForTimeout(1000);
        peak = Math.max(peak, (await tv.bufferedBytes()).total);
      }
      const end = await tv.progress();
      console.log(`[tv profile] ${platform}: bufferGoal ${info.streaming.bufferGoal.toFixed(1)} s, peak buffered ${(peak / MiB).toFixed(2)} MiB of ${(budget / MiB).toFixed(0)} MiB, playhead ${start.currentTime.toFixed(1)} → ${end.currentTime.toFixed(1)} s`);
      expect(end.fatal).toEqual([]);
      expect(end.frames - start.frames).toBeGreaterThan(100);
      expect(end.currentTime - start.currentTime).toBeGreaterThan(8);
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(budget);
    } finally {
      await tv.close();
    }
  });

  it('a desktop user agent with window.tizen defined is still Tizen (globals beat a spoofed user agent)', async () => {
    const tv = await openTvPage(chromium.browser, chromium.server.url, ua('desktop'), ['tizen']);
    try {
      const detected = await tv.page.evaluate(() => {
        const lib = (window as unknown as { __tvlib: { detectPlatform(e: unknown): { profile: { id: string }; matchedBy: string }; currentEnvironment(): unknown } }).__tvlib;
        const d = lib.detectPlatform(lib.currentEnvironment());
        return { id: d.profile.id, matchedBy: d.matchedBy };
      });
      expect(detected).toEqual({ id: 'tizen', matchedBy: 'global' });
    } finally {
      await tv.close();
    }
  });
});
