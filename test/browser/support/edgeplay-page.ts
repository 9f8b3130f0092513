/**
 * Drives Edgeplay's own player in Chromium: the demo page (served by the
 * reference server, `autoplay=0`) exposes `window.__edgeplay.player`; these
 * helpers load a URL, read playback progress from the element, and read what
 * the session really fetched from the server's request log.
 */
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { operatorHeaders } from './server-auth.js';

export interface EdgeplayPage {
  page: Page;
  session: string;
  load(url: string, startTime?: number): Promise<void>;
  /** Starts loading without waiting for `load()` to settle (failure-path tests watch the error events instead). */
  startLoad(url: string): Promise<void>;
  /** Runs `fn(player, video)` in the page. */
  call<T>(fn: string): Promise<T>;
  progress(): Promise<{ currentTime: number; frames: number; dropped: number; errors: { category: string; code: string; severity: string; message: string }[]; waiting: number }>;
  /** Waits until `currentTime >= t` (rejects with what it saw after `timeoutMs`). */
  waitForTime(t: number, timeoutMs?: number): Promise<void>;
  requests(): Promise<{ cache: string; path: string; rendition: string; status: number; bytes: number; fault?: string }[]>;
  close(): Promise<void>;
}

let counter = 0;

/** `operatorToken`: of the server at `serverUrl` (default: the shared test server's). */
export async function openEdgeplay(browser: Browser, serverUrl: string, name: string, operatorToken?: string): Promise<EdgeplayPage> {
  const session = `${name}-${Date.now().toString(36)}-${counter++}`;
  const page = await browser.newPage();
  await page.goto(`${serverUrl}/demo/?autoplay=0&session=${session}`);
  await page.waitForFunction(() => (window as unknown as { __edgeplay?: unknown }).__edgeplay !== undefined, null, { timeout: 20_000 });
  await page.evaluate(() => {
    const w = window as unknown as { __waiting: number };
    w.__waiting = 0;
    document.querySelector('video')!.addEventListener('waiting', () => w.__waiting++);
  });
  const self: EdgeplayPage = {
    page,
    session,
    async load(url, startTime) {
      await page.evaluate(
        async ([u, t]) => {
          const { player } = (window as unknown as { __edgeplay: { player: { load(u: string, o: object): Promise<void> } } }).__edgeplay;
          await player.load(u as string, t === null ? {} : { startTime: t });
          await document.querySelector('video')!.play().catch(() => undefined);
        },
        [url, startTime ?? null] as const,
      );
    },
    async startLoad(url) {
      await page.evaluate((u) => {
        const { player } = (window as unknown as { __edgeplay: { player: { load(u: string): Promise<void> } } }).__edgeplay;
        void player.load(u).then(() => document.querySelector('video')!.play().catch(() => undefined), () => undefined);
      }, url);
    },
    call(fn) {
      return page.evaluate(`(async () => { const player = window.__edgeplay.player; const video = document.querySelector('video'); return (${fn})(player, video); })()`);
    },
    progress() {
      return page.evaluate(() => {
        const v = document.querySelector('video')!;
        const q = v.getVideoPlaybackQuality();
        const w = window as unknown as { __edgeplay: { state: { errors: never[] } }; __waiting: number };
        return { currentTime: v.currentTime, frames: q.totalVideoFrames, dropped: q.droppedVideoFrames, errors: w.__edgeplay.state.errors, waiting: w.__waiting };
      });
    },
    async waitForTime(t, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last = await self.progress();
      while (last.currentTime < t) {
        if (Date.now() > deadline) throw new Error(`playback reached ${last.currentTime.toFixed(2)} s, not ${t} s, in ${timeoutMs} ms; errors: ${JSON.stringify(last.errors)}`);
        await page.waitForTimeout(250);
        last = await self.progress();
      }
    },
    async requests() {
      const res = await fetch(`${serverUrl}/control/sessions/${session}/requests`, { headers: operatorHeaders(operatorToken ?? inject('operatorToken')) });
      return ((await res.json()) as { requests: Awaited<ReturnType<EdgeplayPage['requests']>> }).requests;
    },
    close: () => page.close(),
  };
  return self;
}
