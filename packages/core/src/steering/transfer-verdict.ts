/**
 * Failure detection beyond HTTP errors: is the segment transfer in flight on
 * a broken cache? Judged from what the transfer has shown so far, against
 * thresholds scaled to the segment duration and the buffer the player has
 * left — a pure function, so the simulator and unit tests exercise the exact
 * rule the browser runs.
 *
 * What counts as the cache's fault (and so a reason to fail over):
 * - no first byte within `ttfbFactor × segment duration` (a hung cache);
 * - no body bytes for `stallFactor × segment duration` (stalled mid-body);
 * - a body rate below the lowest rendition of the ladder (no rendition can
 *   play from it in real time: throttled or overloaded);
 * - a transfer that cannot finish before the buffer runs out while running at
 *   well under what the player measured before (a sudden collapse, not a
 *   network that was always slow).
 * Slowness the player's own network explains is not the cache's fault: that
 * is the ABR controller's call (abandon to a lower rendition), which the
 * player consults separately.
 */
import type { PathwayFailureReason } from './pathway-selector.js';

/** What the transfer has shown so far. */
export interface TransferObservation {
  /** Since this attempt started, ms. */
  elapsedMs: number;
  /** Time to first byte of this attempt, ms; null while none arrived. */
  ttfbMs: number | null;
  /** Since the last body bytes (or the first byte), ms. */
  idleMs: number;
  bytesLoaded: number;
  /** Body size when known (Content-Length / byte range); else an estimate from bitrate × duration. */
  bytesExpected: number;
  segmentDurationS: number;
  /** Media buffered ahead of the playhead, s. */
  bufferAheadS: number;
  /** Bits/s of the lowest rendition of the presentation (video when there is video). */
  lowestBandwidth: number;
  /** The player's throughput estimate before this transfer, bits/s (NaN when unknown). */
  estimateBps: number;
}

/** Tuning of `judgeTransfer`; see `PlayerConfig.failover`. */
export interface TransferThresholds {
  /** First-byte deadline as a fraction of the segment duration. */
  ttfbFactor: number;
  /** Mid-body silence deadline as a fraction of the segment duration. */
  stallFactor: number;
  /** Bounds of both deadlines, ms. */
  minDeadlineMs: number;
  maxDeadlineMs: number;
  /** A rate below `collapseRatio × estimate` that cannot finish in time is a collapse. */
  collapseRatio: number;
  /** Body time needed before rates are judged, as a fraction of the segment duration. */
  minObservationFactor: number;
}

/** Default slow-transfer thresholds (`failover.thresholds`). */
export const DEFAULT_TRANSFER_THRESHOLDS: Readonly<TransferThresholds> = Object.freeze({
  ttfbFactor: 0.5,
  stallFactor: 0.5,
  minDeadlineMs: 1000,
  maxDeadlineMs: 6000,
  collapseRatio: 0.1,
  minObservationFactor: 0.25,
});

export type TransferVerdict = { verdict: 'healthy' } | { verdict: 'cache-failure'; reason: PathwayFailureReason; detail: string };

const HEALTHY: TransferVerdict = { verdict: 'healthy' };

/** The deadline (ms) `factor × segment duration`, bounded. */
export function scaledDeadlineMs(segmentDurationS: number, factor: number, t: TransferThresholds = DEFAULT_TRANSFER_THRESHOLDS): number {
  const d = Number.isFinite(segmentDurationS) && segmentDurationS > 0 ? segmentDurationS : 4;
  return Math.min(t.maxDeadlineMs, Math.max(t.minDeadlineMs, d * 1000 * factor));
}

export function judgeTransfer(o: TransferObservation, t: TransferThresholds = DEFAULT_TRANSFER_THRESHOLDS): TransferVerdict {
  if (o.ttfbMs === null) {
    const deadline = scaledDeadlineMs(o.segmentDurationS, t.ttfbFactor, t);
    return o.elapsedMs > deadline ? { verdict: 'cache-failure', reason: 'slow-ttfb', detail: `no first byte after ${Math.round(o.elapsedMs)} ms (deadline ${Math.round(deadline)} ms)` } : HEALTHY;
  }
  const stallDeadline = scaledDeadlineMs(o.segmentDurationS, t.stallFactor, t);
  if (o.idleMs > stallDeadline && o.bytesLoaded < o.bytesExpected) {
    return { verdict: 'cache-failure', reason: 'stalled', detail: `no body bytes for ${Math.round(o.idleMs)} ms (deadline ${Math.round(stallDeadline)} ms)` };
  }
  if (!rateObservable(o, t) || o.bytesLoaded <= 0) return HEALTHY;
  // Throttled bodies arrive in bursts, so the rate counts quiet time too; a body that has gone quiet
  // for a while is reported as stalled rather than slow.
  const slowReason: PathwayFailureReason = o.idleMs > stallDeadline / 2 ? 'stalled' : 'too-slow';
  const bodyMs = o.elapsedMs - o.ttfbMs;
  const rateBps = (o.bytesLoaded * 8 * 1000) / bodyMs;
  const remainingS = rateBps > 0 ? ((Math.max(0, o.bytesExpected - o.bytesLoaded) * 8) / rateBps) : Infinity;
  if (remainingS <= 0) return HEALTHY;
  // Too slow: cannot finish before the buffer runs out, at a small fraction of what this player measured
  // until now (a cache collapse; a network that was always this slow is ABR's business), or below the
  // lowest rendition while the player had measured enough for the top one many times over.
  const cannotFinish = remainingS > o.bufferAheadS - 1;
  const collapsed = Number.isFinite(o.estimateBps) && rateBps < t.collapseRatio * o.estimateBps;
  if (cannotFinish && collapsed) {
    return { verdict: 'cache-failure', reason: slowReason, detail: `${Math.round(rateBps / 1000)} kbit/s (estimate ${Math.round(o.estimateBps / 1000)}) cannot finish in ${o.bufferAheadS.toFixed(1)} s of buffer` };
  }
  if (collapsed && o.lowestBandwidth > 0 && rateBps < o.lowestBandwidth) {
    // Even a transfer that would finish in time: nothing can be played from this cache, and its
    // slow samples would drag the estimate (and so the quality) down for everything else.
    return { verdict: 'cache-failure', reason: slowReason, detail: `${Math.round(rateBps / 1000)} kbit/s is below the lowest rendition (${Math.round(o.lowestBandwidth / 1000)} kbit/s); estimate was ${Math.round(o.estimateBps / 1000)} kbit/s` };
  }
  return HEALTHY;
}

/**
 * Whether enough body time has passed to judge the transfer's rate (a quarter
 * of the segment duration, at least 500 ms). Before that, an abandonment
 * decision on the rate would be premature.
 */
export function rateObservable(o: Pick<TransferObservation, 'elapsedMs' | 'ttfbMs' | 'segmentDurationS'>, t: TransferThresholds = DEFAULT_TRANSFER_THRESHOLDS): boolean {
  if (o.ttfbMs === null) return false;
  return o.elapsedMs - o.ttfbMs >= Math.max(500, o.segmentDurationS * 1000 * t.minObservationFactor);
}
