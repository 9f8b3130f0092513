/**
 * Which bitrate is on screen: the media-time ranges of appended segments with
 * their track's bandwidth. The player downloads up to a buffer goal ahead
 * (30 s by default), so the track the scheduler is fetching is not the one
 * being played; QoE figures (time-weighted bitrate, switch count) must follow
 * the playhead through what was appended, not the downloader.
 */
export class PlayedBitrateTimeline {
  /** Appended ranges in append order; a later append over the same time wins (seek refetch, switch flush). */
  private ranges: { start: number; end: number; bandwidth: number }[] = [];

  constructor(private readonly maxRanges = 2000) {}

  /** A segment covering [start, end) media seconds of a track at `bandwidth` bits/s was appended. */
  record(start: number, end: number, bandwidth: number): void {
    if (!(end > start) || !(bandwidth > 0)) return;
    this.ranges.push({ start, end, bandwidth });
    if (this.ranges.length > this.maxRanges) this.ranges.splice(0, this.ranges.length - this.maxRanges);
  }

  /** Bandwidth of the media at `time`, or NaN when nothing appended covers it. */
  at(time: number): number {
    for (let i = this.ranges.length - 1; i >= 0; i--) {
      const r = this.ranges[i]!;
      if (time >= r.start - 1e-3 && time < r.end) return r.bandwidth;
    }
    return NaN;
  }

  /** Forgets ranges that ended before `time` (played and evicted). */
  pruneBefore(time: number): void {
    if (this.ranges.length && this.ranges[0]!.end < time) this.ranges = this.ranges.filter((r) => r.end >= time);
  }

  clear(): void {
    this.ranges = [];
  }
}
