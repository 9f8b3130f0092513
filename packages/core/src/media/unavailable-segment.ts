import type { SegmentReference, Track } from '../manifest/model.js';

/**
 * The renditions already tried for the one segment time a scheduler cannot
 * download (after the request engine's retries and pathway failover), so the
 * load-error policy is offered only those left. Forgotten as soon as the
 * scheduler fetches another time.
 */
export class UnavailableSegment {
  private start: number | null = null;
  private readonly tried = new Set<string>();

  /** Records that `track` failed at `ref`'s time; returns the renditions of `candidates` not yet tried, nearest bandwidth first. */
  failed(ref: SegmentReference, track: Track, candidates: readonly Track[]): Track[] {
    if (this.start !== ref.start) {
      this.start = ref.start;
      this.tried.clear();
    }
    this.tried.add(track.id);
    return candidates.filter((t) => !this.tried.has(t.id)).sort((a, b) => Math.abs(a.bandwidth - track.bandwidth) - Math.abs(b.bandwidth - track.bandwidth));
  }

  /** A segment at another time went through: start afresh. */
  clear(): void {
    this.start = null;
    this.tried.clear();
  }
}
