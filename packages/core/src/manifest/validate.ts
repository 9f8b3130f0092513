import type { Presentation, Track } from './model.js';
import type { SegmentIndex } from './segment-index.js';
import { candidateUrls } from './resolve.js';

/** One broken invariant, with where it was found. */
export interface Violation {
  where: string;
  message: string;
}

export interface ValidateOptions {
  /** Allowed slack, seconds, for contiguity and duration sums (rounding in timescales). */
  tolerance?: number;
  /** Check at most this many segments per track (large live indexes). */
  maxSegmentsPerTrack?: number;
  /**
   * Largest start gap (seconds) between the period start and a track's first
   * segment that is still valid content rather than a wrong model. Real
   * streams start audio or video a little late (positive EPT deltas, trimmed
   * encodes); players jump such gaps. Default 5 s.
   */
  maxStartGap?: number;
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Checks the invariants every parsed presentation must satisfy, so tests (and
 * apps, in debug builds) can tell a wrong model from a right one:
 * - bandwidth > 0 for audio/video tracks, at least one period;
 * - every reference ends after it starts, and (VOD) none starts after its period ends;
 * - within a period, segment times are monotonic and contiguous (gaps/overlaps
 *   within `tolerance`, except across HLS discontinuities);
 * - for VOD, segment durations of each track sum to the period duration;
 * - every resolved segment/init URL is absolute;
 * - every track with segments has an init segment or self-initialising segments
 *   (byte-range SegmentBase, or HLS TS which carries its own init).
 * Tracks whose index is not loaded yet (`segmentIndex === null`) are checked
 * for everything but segments.
 */
export function validatePresentation(p: Presentation, options: ValidateOptions = {}): Violation[] {
  const tol = options.tolerance ?? 0.5;
  const max = options.maxSegmentsPerTrack ?? 100_000;
  const maxStartGap = options.maxStartGap ?? 5;
  const out: Violation[] = [];
  if (p.periods.length === 0) out.push({ where: 'presentation', message: 'no periods' });
  p.periods.forEach((period, pi) => {
    period.switchingSets.forEach((set, si) => {
      set.tracks.forEach((track, ti) => {
        const where = `period[${pi}]/set[${si}]/track[${ti}](${track.id})`;
        if ((track.type === 'video' || track.type === 'audio') && !(track.bandwidth > 0)) {
          out.push({ where, message: `bandwidth must be > 0, got ${track.bandwidth}` });
        }
        for (const b of track.baseUrls) {
          if (!ABSOLUTE.test(b.url)) out.push({ where, message: `base URL not absolute: ${b.url}` });
        }
        if (track.segmentIndex) {
          validateIndex(track, track.segmentIndex, where, p.type === 'vod' ? period.duration : null, period.start, tol, max, maxStartGap, out);
        }
      });
    });
  });
  return out;
}

function validateIndex(
  track: Track,
  index: SegmentIndex,
  where: string,
  periodDuration: number | null,
  periodStart: number,
  tol: number,
  max: number,
  maxStartGap: number,
  out: Violation[],
): void {
  const n = Math.min(index.length, max);
  let prev: { end: number; discontinuity: number } | null = null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const ref = index.get(i);
    if (!ref) {
      out.push({ where, message: `segment ${i} missing` });
      return;
    }
    if (!(ref.end > ref.start) && !(ref.end === ref.start && ref.gap)) {
      out.push({ where: `${where}/seg[${i}]`, message: `end ${ref.end} not after start ${ref.start}` });
      return;
    }
    // No slack here: the period holds no time at or after its end, whatever rounding did to durations (1 ms for float noise).
    if (periodDuration !== null && ref.start >= periodStart + periodDuration - 1e-3) {
      out.push({ where: `${where}/seg[${i}]`, message: `starts at ${ref.start}, after the period ends at ${periodStart + periodDuration}` });
      return;
    }
    if (prev && ref.discontinuity === prev.discontinuity && Math.abs(ref.start - prev.end) > tol) {
      out.push({ where: `${where}/seg[${i}]`, message: `not contiguous: starts at ${ref.start}, previous ended at ${prev.end}` });
      return;
    }
    if (prev && ref.start < prev.end - tol) {
      out.push({ where: `${where}/seg[${i}]`, message: `not monotonic: ${ref.start} < ${prev.end}` });
      return;
    }
    for (const { url } of candidateUrls(track, ref)) {
      if (!ABSOLUTE.test(url)) {
        out.push({ where: `${where}/seg[${i}]`, message: `segment URL not absolute: ${url}` });
        return;
      }
    }
    if (ref.init) {
      for (const { url } of candidateUrls(track, ref.init)) {
        if (!ABSOLUTE.test(url)) {
          out.push({ where: `${where}/seg[${i}]`, message: `init URL not absolute: ${url}` });
          return;
        }
      }
    } else if (!selfInitialising(track, ref.byteRange !== undefined)) {
      out.push({ where: `${where}/seg[${i}]`, message: 'no init segment and segments are not self-initialising' });
      return;
    }
    sum += ref.end - ref.start;
    prev = ref;
  }
  if (periodDuration !== null && n === index.length && n > 0 && track.type !== 'text') {
    // Durations must add up to the period; the first segment may start a little late/early.
    const covered = index.end - Math.max(periodStart, index.start);
    const startGap = index.start - periodStart;
    const endsAtPeriodEnd = Math.abs(index.end - (periodStart + periodDuration)) <= Math.max(tol, index.length * 0.01);
    const sumOk = Math.abs(sum - periodDuration) <= Math.max(tol, index.length * 0.01);
    const coveredOk = Math.abs(covered - periodDuration) <= Math.max(tol * 4, periodDuration * 0.02);
    if (!sumOk && !coveredOk && !(endsAtPeriodEnd && startGap > 0 && startGap <= maxStartGap)) {
      out.push({ where, message: `segment durations sum to ${sum.toFixed(3)} s, period lasts ${periodDuration.toFixed(3)} s` });
    }
  }
}

/** MPEG-TS, packed audio and text carry their own initialisation; byte-range-indexed single files carry it in their header. */
function selfInitialising(track: Track, hasByteRange: boolean): boolean {
  const mime = track.mimeType.toLowerCase();
  return (
    track.type === 'text' ||
    track.type === 'image' ||
    mime.includes('mp2t') ||
    mime.includes('aac') ||
    mime.includes('mpeg') ||
    mime.includes('ac3') ||
    mime.includes('vtt') ||
    mime.includes('ttml') ||
    hasByteRange
  );
}
