/**
 * The stall-recovery ladder against the real pipeline in Chromium (the TV
 * bundle, MediaSource, the reference server's `vod` fixture): once playback
 * runs, the test wedges the decoder the way TV integrators describe it —
 * playhead frozen, element not paused, media buffered ahead, no error — and
 * the ladder must climb until a rung makes `currentTime` advance again, with
 * the steps in `tv.stallRecoveryStats()`.
 *
 * Chromium's decoder cannot be wedged on demand, so the symptom is made with
 * `playbackRate = 0` (frozen, `paused` false, buffering continues). Which
 * rung cures it is chosen per case: a wedge a pause/play releases, one only
 * a seek releases, and one nothing but a reload releases — the reload really
 * cures it, because the media element load algorithm resets `playbackRate`
 * to `defaultPlaybackRate`. The core's own stuck-decoder nudge is off
 * (`stallSkip: 0`, as on the no-skip TV profiles), so only the ladder acts.
 */
import { describe, expect, it } from 'vitest';
import { useChromiumSession } from './support/chromium-session.js';
import { openTvPage } from './support/tv-page.js';
import { USER_AGENTS } from '../../packages/tv/test/user-agents.js';

const chromium = useChromiumSession();

type Cure = 'play' | 'seeked' | 'reload';
interface LadderStats {
  stalls: number;
  attempts: Record<'nudge' | 'seek' | 'flush', number>;
  successes: Record<'nudge' | 'seek' | 'flush' | 'wait', number>;
  givenUp: number;
}

const CASES: { name: string; platform: 'desktop' | 'tizen'; cure: Cure; actions: string[]; cured: 'nudge' | 'seek' | 'flush' }[] = [
  { name: 'desktop ladder, a wedge a pause/play releases: cured by the nudge', platform: 'desktop', cure: 'play', actions: ['nudge'], cured: 'nudge' },
  { name: 'desktop ladder, a wedge only a seek releases: nudge fails, the small seek cures', platform: 'desktop', cure: 'seeked', actions: ['nudge', 'seek'], cured: 'seek' },
  { name: 'Tizen ladder (no seek rung), a wedge only a reload releases: nudge fails, flush and re-append cures', platform: 'tizen', cure: 'reload', actions: ['nudge', 'flush'], cured: 'flush' },
];

describe('stall-recovery ladder in Chromium', () => {
  it.each(CASES)('$name', async ({ platform, cure, actions, cured }) => {
    const ua = USER_AGENTS.find((u) => u.platform === platform)!;
    const tv = await openTvPage(chromium.browser, chromium.server.url, ua.ua, platform === 'tizen' ? ['tizen'] : []);
    try {
      const info = await tv.start(`${chromium.server.url}/manifest/vod?format=dash&session=tv-ladder-${cure}-${Date.now()}`, { config: { streaming: { stallSkip: 0 } }, platform });
      expect(info.id).toBe(platform);
      await tv.page.waitForFunction(() => document.querySelector('video')!.currentTime > 4, null, { timeout: 30_000 });

      const frozenAt = await tv.page.evaluate((how) => {
        const v = document.querySelector('video')!;
        v.playbackRate = 0;
        if (how !== 'reload') v.addEventListener(how, () => (v.playbackRate = 1), { once: true });
        return v.currentTime;
      }, cure);
      // Frozen for real: nothing moves for a moment (the ladder waits ≥ 1 s before its first action).
      await tv.page.waitForTimeout(600);
      expect(Math.abs((await tv.progress()).currentTime - frozenAt)).toBeLessThan(0.05);

      // Cured: the playhead advances ≥ 2 s past where it was frozen (the rungs take ≤ ~5 s, the reload a few more).
      await tv.page.waitForFunction((t) => document.querySelector('video')!.currentTime > t + 2, frozenAt, { timeout: 30_000 });
      const stats = await tv.page.evaluate(() => (window as unknown as { __tv: { stallRecoveryStats(): LadderStats } }).__tv.stallRecoveryStats());
      const taken = (await tv.stallActions()).map((a) => a.kind);
      const p = await tv.progress();
      console.log(`[tv ladder] ${platform}/${cure}: actions ${taken.join(' → ')}; stats ${JSON.stringify(stats)}; playhead ${frozenAt.toFixed(2)} → ${p.currentTime.toFixed(2)} s`);
      expect(taken).toEqual(actions);
      expect(stats.stalls).toBe(1);
      expect(stats.successes[cured]).toBe(1);
      expect(stats.givenUp).toBe(0);
      for (const rung of ['nudge', 'seek', 'flush'] as const) expect(stats.attempts[rung]).toBe(actions.filter((a) => a === rung).length);
      expect(p.fatal).toEqual([]);
      expect(await tv.page.evaluate(() => document.querySelector('video')!.playbackRate)).toBe(1);
    } finally {
      await tv.close();
    }
  });
});
