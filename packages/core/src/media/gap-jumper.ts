import type { BufferedRanges } from '../platform/media-sink.js';
import { RANGE_EPSILON, nextRangeAfter, rangeAt } from './buffered-ranges.js';

/**
 * Where to jump to when the playhead sits in (or at the edge of) a small hole
 * in the buffer, or null. Holes come from encoder gaps, skipped corrupt
 * segments and audio/video start offsets; decoders stall at them forever.
 * Only holes up to `threshold` seconds are jumped, so a real missing segment
 * is fetched rather than skipped. The jump lands `padding` seconds inside the
 * next range (`streaming.gapPadding`).
 */
export function gapJumpTarget(ranges: BufferedRanges, playhead: number, threshold: number, padding = 0.01): number | null {
  const inside = rangeAt(ranges, playhead);
  if (inside && inside.end - playhead > RANGE_EPSILON) return null;
  const next = nextRangeAfter(ranges, playhead);
  if (!next) return null;
  const gap = next.start - playhead;
  return gap > 0 && gap <= threshold ? next.start + padding : null;
}
