import type { Track } from '../manifest/model.js';

/** One completed media transfer, as the network saw it. */
export interface ThroughputSample {
  /** Body bytes received. */
  bytes: number;
  /** Request start → last byte, ms (what a browser's resource timing gives). */
  durationMs: number;
  /** Request start → first byte, ms. */
  ttfbMs: number;
  /** Clock.now() when it completed. */
  endMs: number;
}

/** What the ABR strategy knows when it decides. Built by the streaming scheduler. */
export interface AbrContext {
  /** Candidate tracks (one switching set), sorted by bandwidth ascending, already filtered by caps/restrictions. */
  tracks: readonly Track[];
  current: Track | null;
  /** Throughput estimate, bits/s; NaN until the estimator has enough data. */
  estimatedBandwidth: number;
  /** 0..1: how much to trust `estimatedBandwidth` (few samples → low). */
  confidence: number;
  /** Seconds of media buffered ahead of the playhead (of the type being decided). */
  bufferLevel: number;
  /** The scheduler's buffering goal, seconds. */
  bufferGoal: number;
  /** Nominal segment duration, seconds. */
  segmentDuration: number;
  /**
   * Seconds of media still to download after what is buffered, up to the end
   * of the presentation; Infinity for live or when unknown. Lets a strategy
   * spend the buffer near the end instead of finishing with it full.
   */
  remainingS?: number;
  playbackRate: number;
  /** True before the first frame: favour fast start. */
  startingUp: boolean;
  /** True while the player is stalled (rebuffering). */
  rebuffering: boolean;
  /** Monotonic ms (Clock.now). */
  now: number;
  /**
   * Optional, newest last: the last completed segment transfers of this type
   * (the Player should keep ~10). Strategies that need them fall back to
   * `estimatedBandwidth` when absent.
   */
  throughputSamples?: readonly ThroughputSample[];
  /**
   * Optional: bytes of the segment `ahead` positions after the one being
   * decided (0 = that one) at `track`, when known (sidx, EXT-X-BYTERANGE,
   * size hints); the Player fills it from the index's byte ranges; undefined = unknown, use
   * bandwidth × duration.
   */
  segmentBytes?: (track: Track, ahead: number) => number | undefined;
  /**
   * Optional prior for the first decision, bits/s: the manifest/playlist/init
   * transfers' own throughput, `navigator.connection.downlink`, the last
   * session's estimate, or an app hint. Used while `estimatedBandwidth` is NaN.
   */
  initialEstimate?: number;
  /** Optional: stalls since the presentation started. */
  stallCount?: number;
  /** Download in flight for this type, if any (for abandon decisions). */
  inFlight?: { track: Track; bytesLoaded: number; bytesTotal: number | null; elapsedMs: number; segmentDuration: number };
}

/** What an {@link AbrStrategy} chose, and why. */
export interface AbrDecision {
  track: Track;
  /** Human-readable why, surfaced in `adaptation` events and telemetry. */
  reason: string;
}

/**
 * A pluggable bitrate-adaptation rule. May be async (an ML model on a worker,
 * a remote policy); the controller handles late answers by using them for the
 * next segment.
 */
export interface AbrStrategy {
  readonly name: string;
  /**
   * True when the strategy damps switching itself (e.g. MPC's switching
   * penalty): the controller then skips its minimum-interval and
   * no-return-up holds (caps, emergency, manual and abandon still apply).
   */
  readonly ownsHysteresis?: boolean;
  chooseTrack(context: AbrContext): AbrDecision | Promise<AbrDecision>;
  /**
   * Optional: while a segment downloads, whether to abandon it (and re-request
   * at the returned lower track) because it will not finish before the buffer
   * runs out. Return null to keep going.
   */
  shouldAbandon?(context: AbrContext): AbrDecision | null;
  /** Clears learned state (new presentation). */
  reset?(): void;
}
