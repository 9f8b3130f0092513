import type { BufferedRanges } from '../platform/media-sink.js';

/** Tolerance for "is time inside a range": MSE ranges are frame-quantised. */
export const RANGE_EPSILON = 0.05;

/** The range containing `time` (within {@link RANGE_EPSILON}), or null. */
export function rangeAt(ranges: BufferedRanges, time: number): { start: number; end: number } | null {
  for (const r of ranges) if (time >= r.start - RANGE_EPSILON && time < r.end + RANGE_EPSILON) return r;
  return null;
}

/** Seconds buffered contiguously from `time` onward (0 when `time` is not buffered). */
export function bufferedAhead(ranges: BufferedRanges, time: number): number {
  const r = rangeAt(ranges, time);
  return r ? Math.max(0, r.end - time) : 0;
}

/** The first range starting after `time`, or null. */
export function nextRangeAfter(ranges: BufferedRanges, time: number): { start: number; end: number } | null {
  for (const r of ranges) if (r.start > time) return r;
  return null;
}
