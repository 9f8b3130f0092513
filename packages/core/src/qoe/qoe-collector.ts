/** QoE figures of one playback session. */
export interface QoeSummary {
  /** load() → first frame playing, ms; NaN until then. */
  startupTimeMs: number;
  /** load() → first video frame presented (requestVideoFrameCallback), ms; NaN until then or where unsupported. */
  firstFrameMs: number;
  stalls: number;
  /** Seconds stalled after startup (startup is not a stall). */
  stallTime: number;
  /** Bitrate averaged over time spent playing, bits/s; NaN before any. */
  averageBitrate: number;
  switches: number;
  droppedFrames: number;
  decodedFrames: number;
  /** Seconds spent playing. */
  playTime: number;
}

/**
 * Accumulates QoE figures from player moments. Pure bookkeeping over the
 * times it is given (ms, Clock.now), so it works on a virtual clock and is
 * trivially testable.
 */
export class QoeCollector {
  private loadAt = NaN;
  private firstPlayAt = NaN;
  private firstFrameAt = NaN;
  private stallStartedAt = NaN;
  private stallMs = 0;
  private stallCount = 0;
  private switchCount = 0;
  private bitrate = NaN;
  private playingSince = NaN;
  private bitrateMs = 0;
  private playMs = 0;
  private frames = { decodedFrames: 0, droppedFrames: 0 };

  /** A new load started. Resets everything. */
  loadStarted(now: number): void {
    Object.assign(this, new QoeCollector());
    this.loadAt = now;
  }

  /** Playback (re)started: first call marks startup; ends a stall. */
  playing(now: number): void {
    if (Number.isNaN(this.firstPlayAt)) this.firstPlayAt = now;
    if (!Number.isNaN(this.stallStartedAt)) {
      this.stallMs += now - this.stallStartedAt;
      this.stallStartedAt = NaN;
    }
    if (Number.isNaN(this.playingSince)) this.playingSince = now;
  }

  /** The first video frame was presented. */
  firstFrame(now: number): void {
    if (Number.isNaN(this.firstFrameAt)) this.firstFrameAt = now;
  }

  /** Playback stopped for lack of data. Counts as a stall only after startup. */
  stalled(now: number): void {
    this.closePlaying(now);
    if (Number.isNaN(this.firstPlayAt) || !Number.isNaN(this.stallStartedAt)) return;
    this.stallCount++;
    this.stallStartedAt = now;
  }

  /** Playback stopped for another reason (pause, seek, end). */
  paused(now: number): void {
    this.closePlaying(now);
    if (!Number.isNaN(this.stallStartedAt)) {
      this.stallMs += now - this.stallStartedAt;
      this.stallStartedAt = NaN;
    }
  }

  /** The bitrate being played changed (a switch unless it is the first). */
  bitrateChanged(now: number, bitsPerSecond: number): void {
    if (!Number.isNaN(this.bitrate) && bitsPerSecond !== this.bitrate) this.switchCount++;
    if (!Number.isNaN(this.playingSince)) {
      this.closePlaying(now);
      this.playingSince = now;
    }
    this.bitrate = bitsPerSecond;
  }

  /** The bitrate being played now, bits/s (NaN before the first). */
  get currentBitrate(): number {
    return this.bitrate;
  }

  /** Latest decoder counters (cumulative, from the sink). */
  frameCounts(counts: { decodedFrames: number; droppedFrames: number } | null): void {
    if (counts) this.frames = { ...counts };
  }

  private closePlaying(now: number): void {
    if (Number.isNaN(this.playingSince)) return;
    const dt = Math.max(0, now - this.playingSince);
    this.playMs += dt;
    if (!Number.isNaN(this.bitrate)) this.bitrateMs += dt * this.bitrate;
    this.playingSince = NaN;
  }

  /** Figures as of `now`. */
  summary(now: number): QoeSummary {
    const open = Number.isNaN(this.playingSince) ? 0 : Math.max(0, now - this.playingSince);
    const playMs = this.playMs + open;
    const bitrateMs = this.bitrateMs + (Number.isNaN(this.bitrate) ? 0 : open * this.bitrate);
    const openStall = Number.isNaN(this.stallStartedAt) ? 0 : now - this.stallStartedAt;
    return {
      startupTimeMs: this.firstPlayAt - this.loadAt,
      firstFrameMs: this.firstFrameAt - this.loadAt,
      stalls: this.stallCount,
      stallTime: (this.stallMs + openStall) / 1000,
      averageBitrate: playMs > 0 ? bitrateMs / playMs : NaN,
      switches: this.switchCount,
      droppedFrames: this.frames.droppedFrames,
      decodedFrames: this.frames.decodedFrames,
      playTime: playMs / 1000,
    };
  }
}
