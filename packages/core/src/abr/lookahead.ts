import type { Track } from '../manifest/model.js';
import type { AbrContext } from './abr-strategy.js';

/** Segments a lookahead plans: `horizon`, cut to the segments left before the end of the presentation (at least 1). */
export function lookaheadSegments(context: AbrContext, horizon: number): number {
  const remaining = context.remainingS ?? Infinity;
  return Math.max(1, Math.min(horizon, Number.isFinite(remaining) ? Math.ceil(remaining / context.segmentDuration - 1e-9) : horizon));
}

/**
 * Bytes of the segment `ahead` after the one being decided, on `track`: its
 * own size where the context knows it (`segmentBytes`), else bandwidth ×
 * segment duration.
 */
export function lookaheadBytes(context: AbrContext, track: Track, ahead: number): number {
  return context.segmentBytes?.(track, ahead) ?? (track.bandwidth * context.segmentDuration) / 8;
}

/** Seconds to fetch the segment `ahead` after the one being decided, on `track` at `bps`, plus `rttS` ({@link lookaheadBytes}). */
export function downloadSeconds(context: AbrContext, track: Track, ahead: number, bps: number, rttS: number): number {
  return (lookaheadBytes(context, track, ahead) * 8) / bps + rttS;
}
