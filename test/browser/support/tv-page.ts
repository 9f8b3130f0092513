/**
 * A page that plays through `@edgeplay/tv` (its page bundle,
 * `/dist/tv/edgeplay-tv.bundle.mjs`) in a Playwright context that looks like
 * a TV runtime: the recorded user agent and the runtime globals
 * (`window.tizen`, `webOS`/`PalmSystem`, HbbTV `oipfObjectFactory`, `cast`)
 * injected with `addInitScript` before any page script runs, plus the
 * independent SourceBuffer byte probe ({@link installBufferedBytesProbe}).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { installBufferedBytesProbe, type BufferedBytesSample } from './buffered-bytes-probe.js';

/** Runtime globals to define, by name, as the platform's own scripts would. */
export type TvGlobal = 'tizen' | 'webOS' | 'PalmSystem' | 'oipfObjectFactory' | 'cast';

/** Defines the named globals with the shape our TV layer touches (Tizen key registration records what it got). */
function defineTvGlobals(names: string[]): void {
  const w = window as unknown as Record<string, unknown>;
  const registered: string[] = [];
  const shapes: Record<string, () => unknown> = {
    tizen: () => ({ tvinputdevice: { registerKey: (name: string) => registered.push(name), getSupportedKeys: () => [] } }),
    webOS: () => ({ platform: { tv: true }, deviceInfo: (cb: (i: unknown) => void) => cb({ screenWidth: 1920, screenHeight: 1080 }) }),
    PalmSystem: () => ({ deviceInfo: '{"modelName":"emulated"}' }),
    oipfObjectFactory: () => ({ isObjectSupported: () => false }),
    cast: () => ({ __platform__: { canDisplayType: () => false } }),
  };
  for (const n of names) w[n] = shapes[n]?.() ?? {};
  w.__registeredKeys = registered;
}

/** What a TV page reports about its player. */
export interface TvPlayerInfo {
  id: string;
  name: string;
  matchedBy: string;
  /** streaming config after the presentation loaded (buffer goals from the byte budget). */
  streaming: { bufferGoal: number; backBuffer: number; gapJumpThreshold: number };
  registeredKeys: string[];
}

export interface TvPage {
  context: BrowserContext;
  page: Page;
  /** Creates the TV player (detection, no forced profile) with `memory` overriding the profile's budget, and loads `url`. */
  start(url: string, options?: { memory?: { forwardBytes: number; backBytes: number }; config?: Record<string, unknown>; platform?: string }): Promise<TvPlayerInfo>;
  /** The stall-recovery actions taken so far (`window.__stallActions`), with the playhead when each was taken. */
  stallActions(): Promise<{ kind: string; currentTime: number }[]>;
  /** The independent probe's measure of buffered bytes now. */
  bufferedBytes(): Promise<BufferedBytesSample>;
  /** currentTime, decoded frames, `waiting` events since start, the player's fatal errors. */
  progress(): Promise<{ currentTime: number; frames: number; waiting: number; paused: boolean; fatal: string[]; stalls: number; stallTime: number; state: string }>;
  close(): Promise<void>;
}

/** Opens a page on `serverUrl`'s origin emulating `userAgent` with `globals` defined. */
export async function openTvPage(browser: Browser, serverUrl: string, userAgent: string, globals: TvGlobal[]): Promise<TvPage> {
  const context = await browser.newContext({ userAgent, viewport: { width: 1280, height: 720 } });
  await context.addInitScript(installBufferedBytesProbe);
  await context.addInitScript(defineTvGlobals, globals);
  const page = await context.newPage();
  // Any same-origin document will do: the bundle is imported from the server's /dist route.
  await page.goto(`${serverUrl}/health`);
  await page.setContent(
    '<!doctype html><video muted playsinline style="width:640px;height:360px"></video>' +
      "<script type=module>import * as lib from '/dist/tv/edgeplay-tv.bundle.mjs'; window.__tvlib = lib;</script>",
  );
  await page.waitForFunction(() => (window as unknown as { __tvlib?: unknown }).__tvlib !== undefined, null, { timeout: 20_000 });
  return {
    context,
    page,
    async start(url, options = {}) {
      return page.evaluate(async ([u, memory, config, platform]) => {
        const w = window as unknown as Record<string, unknown>;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page bundle's exports, untyped in the page
        const lib = w.__tvlib as any;
        const video = document.querySelector('video')!;
        w.__waiting = 0;
        w.__fatal = [];
        w.__stallActions = [];
        const tv = lib.createTvPlayer(video, config ?? {}, {
          ...(platform ? { platform } : {}),
          ...(memory ? { profile: (p: unknown) => lib.withOverrides(p, { memory: { ...(p as { memory: object }).memory, ...memory } }) } : {}),
          onStallRecovery: (a: { kind: string }) => (w.__stallActions as unknown[]).push({ kind: a.kind, currentTime: video.currentTime }),
        });
        w.__tv = tv;
        tv.player.on('error', (e: { severity: string; code: string; message: string }) => {
          if (e.severity === 'fatal') (w.__fatal as string[]).push(`${e.code}: ${e.message}`);
        });
        await tv.load(u);
        await video.play().catch(() => undefined);
        // Count stalls only once playback started (startup buffering is not a stall).
        video.addEventListener('waiting', () => (w.__waiting as number)++);
        const s = tv.player.getConfig().streaming;
        return {
          id: tv.platform.profile.id, name: tv.platform.profile.name, matchedBy: tv.platform.matchedBy,
          streaming: { bufferGoal: s.bufferGoal, backBuffer: s.backBuffer, gapJumpThreshold: s.gapJumpThreshold },
          registeredKeys: [...(w.__registeredKeys as string[])],
        };
      }, [url, options.memory ?? null, options.config ?? null, options.platform ?? null] as const);
    },
    stallActions: () => page.evaluate(() => (window as unknown as { __stallActions: { kind: string; currentTime: number }[] }).__stallActions),
    bufferedBytes: () => page.evaluate(() => (window as unknown as { __bufferedBytes: () => BufferedBytesSample }).__bufferedBytes()),
    progress: () =>
      page.evaluate(() => {
        const v = document.querySelector('video')!;
        const w = window as unknown as { __waiting: number; __fatal: string[]; __tv: { player: { state: string; getStats(): { stalls: number; stallTime: number } } } };
        const stats = w.__tv.player.getStats();
        return { currentTime: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames, waiting: w.__waiting, paused: v.paused, fatal: [...w.__fatal], stalls: stats.stalls, stallTime: stats.stallTime, state: w.__tv.player.state };
      }),
    close: () => context.close(),
  };
}
