/** What the stall detector concluded from one observation. */
export type StallVerdict = 'ok' | 'stuck-with-data' | 'starved';

/**
 * Watches the playhead. "Starved": not enough data ahead (buffering). "Stuck
 * with data": playing, media buffered ahead, yet the playhead has not moved
 * for `thresholdMs` — a decoder hiccup that a small seek ("nudge") unsticks.
 */
export class StallDetector {
  private lastTime = NaN;
  private lastMoveAt = 0;

  constructor(private readonly thresholdMs: number) {}

  /** Feeds one observation; `now` in ms. */
  observe(playhead: number, now: number, bufferedAheadS: number, expectMotion: boolean): StallVerdict {
    if (playhead !== this.lastTime || !expectMotion) {
      this.lastTime = playhead;
      this.lastMoveAt = now;
      return 'ok';
    }
    if (bufferedAheadS < 0.1) return 'starved';
    if (now - this.lastMoveAt >= this.thresholdMs) {
      this.lastMoveAt = now;
      return 'stuck-with-data';
    }
    return 'ok';
  }

  reset(now: number): void {
    this.lastTime = NaN;
    this.lastMoveAt = now;
  }
}
