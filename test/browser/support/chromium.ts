/**
 * Shared real-browser helpers for the browser test project: launching Debian's
 * Chromium through playwright-core and waiting for a <video> to really play.
 *
 * Chromium comes from Debian (/usr/bin/chromium, `bash scripts/ensure-system.sh`)
 * because these machines cannot download Playwright's own browser builds.
 */
import type { Page } from 'playwright-core';

// One definition of the Chromium path, switches and launcher, shared with npm start --check and the benches.
export { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from '../../../scripts/lib/chromium.mjs';

/** What {@link waitForPlayback} observed on the page's video element. */
export interface PlaybackProgress {
  /** `video.currentTime` when the wait ended (s). */
  currentTime: number;
  /** `getVideoPlaybackQuality().totalVideoFrames` when the wait ended. */
  totalVideoFrames: number;
  /** Frames decoded between the first and the last poll. */
  framesAdvanced: number;
  /** `video.error?.code`, when the element reported a media error. */
  errorCode: number | null;
  /** Time spent waiting (ms). */
  elapsedMs: number;
}

/** Options for {@link waitForPlayback}. */
export interface WaitForPlaybackOptions {
  /** Resolve once `currentTime` reaches this many seconds (and frames advanced). */
  seconds: number;
  /** Give up after this long (ms); default: 4 × seconds + 20 s for start-up. */
  timeoutMs?: number;
  /** CSS selector of the video element; default `video`. */
  selector?: string;
  /** Poll interval (ms); default 250. */
  pollMs?: number;
}

interface VideoSnapshot {
  found: boolean;
  currentTime: number;
  frames: number;
  errorCode: number | null;
}

async function snapshot(page: Page, selector: string): Promise<VideoSnapshot> {
  return page.evaluate((sel) => {
    const video = document.querySelector(sel) as HTMLVideoElement | null;
    if (!video) return { found: false, currentTime: 0, frames: 0, errorCode: null };
    const quality = typeof video.getVideoPlaybackQuality === 'function' ? video.getVideoPlaybackQuality() : null;
    return {
      found: true,
      currentTime: video.currentTime,
      frames: quality ? quality.totalVideoFrames : 0,
      errorCode: video.error ? video.error.code : null,
    };
  }, selector);
}

/**
 * Polls the page's video element until `currentTime >= seconds` and decoded
 * frames have advanced since the first poll. Resolves with what it saw; throws
 * (with the last observation in the message) on a media error or timeout, so a
 * failing test says how far playback got.
 */
export async function waitForPlayback(page: Page, options: WaitForPlaybackOptions): Promise<PlaybackProgress> {
  const selector = options.selector ?? 'video';
  const pollMs = options.pollMs ?? 250;
  const timeoutMs = options.timeoutMs ?? options.seconds * 4000 + 20_000;
  const started = Date.now();
  let first: VideoSnapshot | null = null;
  let last: VideoSnapshot = { found: false, currentTime: 0, frames: 0, errorCode: null };
  const progress = (): PlaybackProgress => ({
    currentTime: last.currentTime,
    totalVideoFrames: last.frames,
    framesAdvanced: first ? last.frames - first.frames : 0,
    errorCode: last.errorCode,
    elapsedMs: Date.now() - started,
  });
  while (Date.now() - started < timeoutMs) {
    last = await snapshot(page, selector);
    if (last.found && first === null) first = last;
    if (last.errorCode !== null) {
      throw new Error(`waitForPlayback: media error ${last.errorCode} at currentTime=${last.currentTime.toFixed(2)}s`);
    }
    const p = progress();
    if (last.currentTime >= options.seconds && p.framesAdvanced > 0) return p;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const p = progress();
  throw new Error(
    `waitForPlayback: timed out after ${p.elapsedMs} ms waiting for currentTime >= ${options.seconds}s ` +
      `(video ${last.found ? 'found' : `"${selector}" not found`}; currentTime=${p.currentTime.toFixed(2)}s, ` +
      `totalVideoFrames=${p.totalVideoFrames}, framesAdvanced=${p.framesAdvanced})`,
  );
}
