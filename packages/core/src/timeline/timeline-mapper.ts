/**
 * Maps media timestamps onto the playlist (presentation) timeline: HLS media
 * carries its own clock (TS PTS from ~1.4 s, 10 s, anywhere for live; fMP4
 * tfdt from the source), restarts it at every EXT-X-DISCONTINUITY, and the
 * MPEG-2 clock wraps at 2^33 ticks. The SourceBuffer's `timestampOffset` has to
 * bridge the two.
 *
 * The rule (the one hls.js and shaka-player follow):
 * 1. The first segment the engine appends from discontinuity sequence `d` —
 *    whichever variant, type (audio/video/text) or position it is — fixes the
 *    mapping: `offset(d) = playlistStart(segment) − firstMediaTime(segment)`.
 *    `playlistStart` is the segment's start in the playlist, or, when both
 *    this segment and the first mapped segment of the presentation carry
 *    EXT-X-PROGRAM-DATE-TIME and `useProgramDateTime` is on, the time the
 *    program date differences put it at (EXTINF sums drift when durations
 *    are rounded; dates do not).
 * 2. Every later segment of `d` (other variants after a switch, other types,
 *    later live reloads) uses `offset(d)`, so audio, video and text of one
 *    discontinuity share one mapping and stay in sync.
 * 3. MPEG-2 times are unwrapped against where the segment should be: of
 *    `media + k·2^33/90000` the one nearest `playlistStart − offset(d)` is
 *    taken, and the offset grows by `k·2^33/90000` accordingly. fMP4 tfdt
 *    times do not wrap (64-bit) and are used as they are.
 * 4. Mappings live until {@link TimelineMapper.forgetBefore} (when a
 *    discontinuity sequence leaves the live window) or {@link TimelineMapper.reset}
 *    (a new presentation).
 */
import { MPEG_CLOCK_HZ, MPEG_TS_WRAP } from '../transmux/timestamp.js';
import type { TimestampMap } from './timestamp-map.js';

/** Seconds after which the MPEG-2 clock wraps (≈ 26.5 h). */
export const MPEG_WRAP_SECONDS = MPEG_TS_WRAP / MPEG_CLOCK_HZ;

/** Where a segment is on the playlist timeline (the fields of a SegmentReference it needs). */
export interface SegmentPlacement {
  /** HLS discontinuity sequence number of the segment. */
  discontinuity: number;
  /** Start time of the segment in the playlist, seconds. */
  start: number;
  /** EXT-X-PROGRAM-DATE-TIME of the segment start, ms since the epoch. */
  programDateTime?: number;
}

/** The first media time read from a segment. */
export interface FirstMediaTime {
  /** Seconds on the media's own clock (transmuxer `timing.firstPts`, or {@link firstTfdt}). */
  seconds: number;
  /** True for MPEG-2 (TS/packed audio/X-TIMESTAMP-MAP) times, which wrap at 2^33 ticks. */
  wraps: boolean;
}

/** What {@link TimelineMapper.map} decided for a segment. */
export interface TimelineMapping {
  /** Value for `SourceBuffer.timestampOffset` when appending this segment. */
  timestampOffset: number;
  /** Where the media will land minus where the playlist says it starts, seconds (0 for the segment that fixed the mapping). */
  drift: number;
  /** True when this segment fixed the mapping of its discontinuity sequence. */
  established: boolean;
}

export interface TimelineMapperOptions {
  /** Place a new discontinuity sequence by program date time when both ends have one (default true). */
  useProgramDateTime?: boolean;
}

interface Mapping {
  offset: number;
}

/** One per presentation; shared by the audio, video and text streams of that presentation. */
export class TimelineMapper {
  private readonly mappings = new Map<number, Mapping>();
  private dateAnchor: { start: number; programDateTime: number } | null = null;
  private readonly useProgramDateTime: boolean;

  constructor(options: TimelineMapperOptions = {}) {
    this.useProgramDateTime = options.useProgramDateTime ?? true;
  }

  /** The timestampOffset for appending `segment`, whose first media time is `media`. */
  map(segment: SegmentPlacement, media: FirstMediaTime): TimelineMapping {
    const existing = this.mappings.get(segment.discontinuity);
    if (!existing) {
      const start = this.playlistStart(segment);
      const offset = start - media.seconds;
      this.mappings.set(segment.discontinuity, { offset });
      return { timestampOffset: offset, drift: start - segment.start, established: true };
    }
    let offset = existing.offset;
    if (media.wraps) {
      const expected = segment.start - offset;
      offset += Math.round((expected - media.seconds) / MPEG_WRAP_SECONDS) * MPEG_WRAP_SECONDS;
    }
    return { timestampOffset: offset, drift: media.seconds + offset - segment.start, established: false };
  }

  /** The mapping of `discontinuity` if a segment of it was mapped already (unwrapping not applied). */
  offsetOf(discontinuity: number): number | undefined {
    return this.mappings.get(discontinuity)?.offset;
  }

  /**
   * Seconds to add to the cue times of a WebVTT segment so they land on the
   * presentation timeline: its `X-TIMESTAMP-MAP` says cue time `local` is
   * MPEG-2 time `mpegts`. Without the header (`map` null) cue times are taken
   * as MPEG-2 media times (MPEGTS 0 ↔ LOCAL 0). Returns `undefined` while no
   * audio/video segment of the discontinuity fixed the mapping — text alone
   * cannot fix it, because a cue's time says nothing about the segment start.
   */
  cueOffset(segment: SegmentPlacement, map: TimestampMap | null): number | undefined {
    if (!this.mappings.has(segment.discontinuity)) return undefined;
    const mpegSeconds = (map?.mpegts ?? 0) / MPEG_CLOCK_HZ;
    const { timestampOffset } = this.map(segment, { seconds: mpegSeconds, wraps: true });
    return timestampOffset + mpegSeconds - (map?.local ?? 0);
  }

  /** Drops mappings of discontinuity sequences before `discontinuity` (they left the live window). */
  forgetBefore(discontinuity: number): void {
    for (const d of this.mappings.keys()) if (d < discontinuity) this.mappings.delete(d);
  }

  reset(): void {
    this.mappings.clear();
    this.dateAnchor = null;
  }

  private playlistStart(segment: SegmentPlacement): number {
    if (!this.useProgramDateTime || segment.programDateTime === undefined) return segment.start;
    if (!this.dateAnchor) {
      this.dateAnchor = { start: segment.start, programDateTime: segment.programDateTime };
      return segment.start;
    }
    return this.dateAnchor.start + (segment.programDateTime - this.dateAnchor.programDateTime) / 1000;
  }
}
