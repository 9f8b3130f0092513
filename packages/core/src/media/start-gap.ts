import type { BufferedRanges } from '../platform/media-sink.js';
import { RANGE_EPSILON, rangeAt } from './buffered-ranges.js';

/** Landing this far inside the media after a start gap, s (past frame-quantised range edges). */
const INTO_MEDIA_S = 0.01;

/**
 * Where playback can start when the playhead stands where some media type has
 * nothing buffered but every type has media later: the latest of the types'
 * first buffered times after the playhead (from there on every type has
 * media, or its scheduler fetches it after a seek there). Null when every
 * type has media at the playhead, or some type has nothing after it yet.
 *
 * This is a start gap: media that begins later than the manifest says (an
 * EPT / presentationTimeOffset mismatch: 10 s in the field report of issue
 * 13.4) or audio and video starting at different times (muxer offsets). It is
 * not bounded by the gap-jump threshold like mid-stream holes: a scheduler
 * fetches from the segment that covers the playhead, so media buffered only
 * later means that the content itself starts later, and waiting cannot fill it.
 */
export function startGapTarget(rangesByType: readonly BufferedRanges[], playhead: number): number | null {
  if (rangesByType.length === 0) return null;
  let target = -Infinity;
  let missingHere = false;
  for (const ranges of rangesByType) {
    const first = ranges.find((r) => r.end > playhead + RANGE_EPSILON);
    if (!first) return null;
    if (!rangeAt(ranges, playhead)) missingHere = true;
    target = Math.max(target, first.start);
  }
  return missingHere && target > playhead ? target + INTO_MEDIA_S : null;
}
