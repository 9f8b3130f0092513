import type { SegmentReference, Track } from './model.js';

/**
 * Answers "which segment covers time t" and "what comes next" for one track.
 * Positions are 0-based within the index as it is now; for live streams that
 * slide, look segments up by time (or `sequence`) after each refresh rather
 * than holding on to positions.
 *
 * Implementations may build references lazily (a 3-hour SegmentTimeline with
 * thousands of entries should not allocate an object per segment up front).
 */
export interface SegmentIndex {
  /** Number of segments currently in the index. */
  readonly length: number;
  /** Start of the first segment, or `NaN` when empty. */
  readonly start: number;
  /** End of the last segment, or `NaN` when empty. */
  readonly end: number;
  /** Segment at `position`, or `null` when out of range. */
  get(position: number): SegmentReference | null;
  /**
   * Position of the segment with `start <= time < end`. When `time` falls into a
   * gap between segments, the position of the next segment. `-1` when `time` is
   * past the end (or the index is empty). When `time` is before the first
   * segment, 0. O(log n).
   */
  find(time: number): number;
}

/**
 * Binary search over a sorted array of start times: the last index whose
 * start <= time, or -1.
 */
export function lastIndexAtOrBefore(starts: ArrayLike<number>, length: number, time: number): number {
  let lo = 0;
  let hi = length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= time) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Shared implementation of {@link SegmentIndex.find} over start/end accessors. */
export function findSegment(
  length: number,
  startAt: (i: number) => number,
  endAt: (i: number) => number,
  time: number,
): number {
  if (length === 0 || !(time === time)) return -1;
  if (time < startAt(0)) return 0;
  let lo = 0;
  let hi = length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (startAt(mid) <= time) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0) return 0;
  if (time < endAt(found)) return found;
  // In a gap after `found` (or past the end).
  return found + 1 < length ? found + 1 : -1;
}

/**
 * A segment index over an explicit, time-ordered list of references (HLS
 * media playlists, DASH SegmentList, parsed sidx). Supports live updates by
 * appending new segments and evicting old ones.
 */
export class ListSegmentIndex implements SegmentIndex {
  private refs: SegmentReference[];

  constructor(references: SegmentReference[]) {
    this.refs = references;
  }

  get length(): number {
    return this.refs.length;
  }

  get start(): number {
    return this.refs.length ? this.refs[0]!.start : NaN;
  }

  get end(): number {
    return this.refs.length ? this.refs[this.refs.length - 1]!.end : NaN;
  }

  get(position: number): SegmentReference | null {
    return this.refs[position] ?? null;
  }

  find(time: number): number {
    const refs = this.refs;
    return findSegment(refs.length, (i) => refs[i]!.start, (i) => refs[i]!.end, time);
  }

  /** All references (read-only view). */
  references(): readonly SegmentReference[] {
    return this.refs;
  }

  /**
   * Live update: keeps existing references, appends those of `newer` whose
   * `sequence` is beyond our last one. Returns the number appended.
   */
  mergeNewer(newer: readonly SegmentReference[]): number {
    const lastSeq = this.refs.length ? this.refs[this.refs.length - 1]!.sequence : -Infinity;
    let added = 0;
    for (const ref of newer) {
      if (ref.sequence > lastSeq) {
        this.refs.push(ref);
        added++;
      }
    }
    return added;
  }

  /** Drops references that end at or before `time` (outside a live DVR window). */
  evictBefore(time: number): number {
    let n = 0;
    while (n < this.refs.length && this.refs[n]!.end <= time) n++;
    if (n) this.refs = this.refs.slice(n);
    return n;
  }
}

/** Live refresh: appends segments newer than the track's last into its index (or replaces a non-list index). */
export function mergeSegmentIndex(track: Track, fresh: SegmentIndex): void {
  const current = track.segmentIndex;
  if (current instanceof ListSegmentIndex) {
    const refs: SegmentReference[] = [];
    for (let i = 0; i < fresh.length; i++) refs.push(fresh.get(i)!);
    current.mergeNewer(refs);
    if (refs.length) current.evictBefore(refs[0]!.start);
  } else {
    track.segmentIndex = fresh;
  }
}
