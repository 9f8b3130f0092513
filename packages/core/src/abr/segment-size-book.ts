import type { SegmentReference, Track } from '../manifest/model.js';

/**
 * Fetched segments remembered per rendition for its size ratio: a window,
 * because an encoder's rate control follows the content (a title's action
 * scenes weigh more than its dialogue).
 */
const KEPT_PER_TRACK = 8;
/** Fewest fetched segments before a ratio replaces the declared rate: one segment may be a scene cut. */
const MIN_SEGMENTS = 2;
/**
 * A ratio outside [¼, 4] of the declared rate is a wrong `BANDWIDTH` or a
 * hostile manifest, not rate control: clamped so one bad figure cannot make a
 * rung look free or unaffordable.
 */
const MIN_RATIO = 0.25;
const MAX_RATIO = 4;

interface Fetched {
  bytes: number;
  /** Declared bandwidth × the segment's duration, bytes. */
  nominal: number;
}

/**
 * What the ABR lookahead knows of a rendition's coming segment sizes
 * (`AbrContext.segmentBytes`), best evidence first:
 * 1. the segment index's byte range where it has an end (DASH `SegmentBase`
 *    sidx and `@mediaRange`, HLS `EXT-X-BYTERANGE`): the exact size;
 * 2. the declared bandwidth × the segment's duration, scaled by what this
 *    rendition's fetched segments actually weighed against their declared
 *    size — else by the ratio over every rendition of that type fetched so far
 *    (HLS `BANDWIDTH` is a peak: real encodes average well under it, and one
 *    encoder's renditions err alike);
 * 3. unknown (`undefined`): the strategy uses the declared bandwidth.
 *
 * One book per load: track ids are the presentation's.
 */
export class SegmentSizeBook {
  private readonly byTrack = new Map<string, Fetched[]>();
  private readonly byType = new Map<string, Fetched[]>();

  /** A segment of `track` arrived with `bytes` of body (fetched, not from a cache of ours). */
  record(track: Track, ref: SegmentReference, bytes: number): void {
    const nominal = (track.bandwidth * (ref.end - ref.start)) / 8;
    if (!(bytes > 0) || !(nominal > 0) || !Number.isFinite(bytes) || !Number.isFinite(nominal)) return;
    push(this.byTrack, track.id, { bytes, nominal });
    push(this.byType, track.type, { bytes, nominal });
  }

  /**
   * Bytes of the segment `ahead` positions after the one at presentation time
   * `time` (0 = that one) on `track`; undefined when nothing is known.
   * `segmentDuration` stands in for the segment's own duration when the
   * track's index is not loaded yet.
   */
  bytes(track: Track, time: number, ahead: number, segmentDuration: number): number | undefined {
    const index = track.segmentIndex;
    const position = index && Number.isFinite(time) ? index.find(time) : -1;
    const ref = position >= 0 ? index!.get(position + Math.max(0, Math.floor(ahead))) : null;
    const range = ref?.byteRange;
    if (range && range.end !== null && range.end >= range.start) return range.end - range.start + 1;
    const ratio = sizeRatio(this.byTrack.get(track.id)) ?? sizeRatio(this.byType.get(track.type));
    if (ratio === undefined) return undefined;
    const durationS = ref ? ref.end - ref.start : segmentDuration;
    return durationS > 0 ? (ratio * track.bandwidth * durationS) / 8 : undefined;
  }
}

function push(map: Map<string, Fetched[]>, key: string, entry: Fetched): void {
  const list = map.get(key) ?? [];
  list.push(entry);
  if (list.length > KEPT_PER_TRACK) list.shift();
  map.set(key, list);
}

/** Fetched bytes over declared bytes (a ratio of sums, so short segments weigh less), clamped; undefined below {@link MIN_SEGMENTS}. */
function sizeRatio(list: readonly Fetched[] | undefined): number | undefined {
  if (!list || list.length < MIN_SEGMENTS) return undefined;
  const ratio = list.reduce((s, f) => s + f.bytes, 0) / list.reduce((s, f) => s + f.nominal, 0);
  return Math.min(MAX_RATIO, Math.max(MIN_RATIO, ratio));
}
