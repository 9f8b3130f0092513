/**
 * SegmentTimeline expansion (ISO/IEC 23009-1 §5.3.9.6): `<S t d r>` runs become
 * flat arrays of segment start times and durations in timescale units.
 *
 * Arrays (not objects) because a 3-hour 2-second timeline is 5,400 entries per
 * representation and every representation of an AdaptationSet usually shares
 * the same timeline: the expansion is computed once and shared, and segment
 * references are only materialised when the engine asks for one.
 */
import { ManifestError } from '../errors/manifest-error.js';
import type { XmlElement } from '../util/xml/xml-reader.js';

/** A flat timeline, timescale units. */
export interface ExpandedTimeline {
  readonly starts: Float64Array;
  readonly durations: Float64Array;
  readonly length: number;
}

/** How far a timeline may be expanded. */
export interface TimelineBounds {
  /** Period end in timescale units (relative to the same origin as S@t, i.e. including PTO); `null` if unknown. */
  endTime: number | null;
  /** Hard cap on entries (hostile `r` values). */
  maxSegments: number;
  /** Where, for error messages. */
  where: string;
}

/**
 * Expands a SegmentTimeline whose inner markup was kept raw by the XML reader.
 * @throws ManifestError for malformed `<S>`, missing `d`, time going backwards,
 * or more than `maxSegments` entries.
 */
export function expandSegmentTimeline(timeline: XmlElement, bounds: TimelineBounds): ExpandedTimeline {
  if (timeline.raw === undefined) {
    throw new ManifestError('MANIFEST_UNSUPPORTED', 'SegmentTimeline must be read with rawElements', bounds.where);
  }
  return expandRuns(scanRawTimeline(timeline.raw, bounds.where), bounds);
}

/** `<S>` runs as parallel arrays: t (NaN when absent), d, r. */
interface TimelineRuns {
  t: Float64Array;
  d: Float64Array;
  r: Float64Array;
  length: number;
}

/**
 * Scans the raw inner markup of a SegmentTimeline (see XmlReadLimits.rawElements)
 * straight into numeric runs, strictly: only `<S …/>` / `<S …></S>` elements,
 * comments and whitespace; only integer values; anything else is malformed.
 */
function scanRawTimeline(raw: string, where: string): TimelineRuns {
  let cap = 256;
  let t = new Float64Array(cap);
  let d = new Float64Array(cap);
  let r = new Float64Array(cap);
  let count = 0;
  const n = raw.length;
  let i = 0;
  const fail = (message: string, code: 'MANIFEST_XML_MALFORMED' | 'MANIFEST_INVALID_VALUE' | 'MANIFEST_MISSING_ATTRIBUTE' = 'MANIFEST_XML_MALFORMED'): never => {
    throw new ManifestError(code, `${code === 'MANIFEST_XML_MALFORMED' ? 'malformed SegmentTimeline: ' : ''}${message}`, `${where}/SegmentTimeline/S[${count}]`);
  };
  for (;;) {
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    if (i >= n) break;
    if (raw.charCodeAt(i) !== 60) fail('text inside SegmentTimeline');
    if (raw.startsWith('<!--', i)) {
      const end = raw.indexOf('-->', i + 4);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
      continue;
    }
    let j = i + 1;
    // Fast path for the overwhelmingly common unprefixed <S.
    if (raw.charCodeAt(j) === 83 && !isNameChar(raw.charCodeAt(j + 1))) j++;
    else while (j < n && isNameChar(raw.charCodeAt(j))) j++;
    const nameLen = j - i - 1;
    if (!(nameLen === 1 && raw.charCodeAt(i + 1) === 83) && !(nameLen > 2 && raw.charCodeAt(j - 1) === 83 && raw.charCodeAt(j - 2) === 58)) {
      fail(`unexpected <${raw.slice(i + 1, j).slice(0, 20)}>`);
    }
    let st = NaN;
    let sd = NaN;
    let sr = 0;
    let seen = 0;
    for (;;) {
      const ws = j;
      while (j < n && isSpace(raw.charCodeAt(j))) j++;
      const c = raw.charCodeAt(j);
      if (c === 47 /* / */) {
        if (raw.charCodeAt(j + 1) !== 62) fail('expected "/>"');
        j += 2;
        break;
      }
      if (c === 62 /* > */) {
        j++;
        while (j < n && isSpace(raw.charCodeAt(j))) j++;
        if (!raw.startsWith('</', j) || !raw.startsWith(raw.slice(i + 1, i + 1 + nameLen), j + 2)) fail('<S> must be empty');
        j += 2 + nameLen;
        while (j < n && isSpace(raw.charCodeAt(j))) j++;
        if (raw.charCodeAt(j) !== 62) fail('malformed </S>');
        j++;
        break;
      }
      if (j >= n) fail('unterminated <S>');
      if (ws === j) fail('expected whitespace before an attribute');
      const a = j;
      if (raw.charCodeAt(j + 1) === 61) j++; // one-letter name (t, d, r, n, k)
      else while (j < n && isNameChar(raw.charCodeAt(j))) j++;
      if (a === j || raw.charCodeAt(j) !== 61 /* = */) fail('malformed attribute');
      const q = raw.charCodeAt(j + 1);
      if (q !== 34 && q !== 39) fail('attribute value is not quoted');
      const attr = j - a === 1 ? raw.charCodeAt(a) : 0; // t, d, r (others, e.g. n and k, are skipped)
      if (attr === 116 || attr === 100 || attr === 114) {
        const bit = attr === 116 ? 1 : attr === 100 ? 2 : 4;
        if (seen & bit) fail(`duplicate attribute ${String.fromCharCode(attr)}`);
        seen |= bit;
        // Digits straight to a number; anything else falls back to the strict slow path.
        let k = j + 2;
        let v = 0;
        let c2 = raw.charCodeAt(k);
        while (c2 >= 48 && c2 <= 57) {
          v = v * 10 + (c2 - 48);
          c2 = raw.charCodeAt(++k);
        }
        if (c2 !== q || k === j + 2 || k - j - 2 > 16 || v > Number.MAX_SAFE_INTEGER) {
          const end = raw.indexOf(q === 34 ? '"' : "'", j + 2);
          if (end < 0) fail('unterminated attribute value');
          v = parseTimelineInt(raw, j + 2, end, attr === 114);
          if (v !== v) fail(`S@${String.fromCharCode(attr)}="${raw.slice(j + 2, Math.min(end, j + 42))}" is not a valid non-negative integer`, 'MANIFEST_INVALID_VALUE');
          k = end;
        }
        if (attr === 116) st = v;
        else if (attr === 100) sd = v;
        else sr = v;
        j = k + 1;
      } else {
        const end = raw.indexOf(q === 34 ? '"' : "'", j + 2);
        if (end < 0) fail('unterminated attribute value');
        j = end + 1;
      }
    }
    if (sd !== sd) fail('S@d is required', 'MANIFEST_MISSING_ATTRIBUTE');
    if (count === cap) {
      cap *= 2;
      const t2 = new Float64Array(cap);
      t2.set(t);
      t = t2;
      const d2 = new Float64Array(cap);
      d2.set(d);
      d = d2;
      const r2 = new Float64Array(cap);
      r2.set(r);
      r = r2;
    }
    t[count] = st;
    d[count] = sd;
    r[count] = sr;
    count++;
    i = j;
  }
  return { t, d, r, length: count };
}

/** Unsigned decimal integer (or -1 when `allowMinusOne`) from `s[from, to)`; NaN when invalid or ≥ 2^53. */
function parseTimelineInt(s: string, from: number, to: number, allowMinusOne: boolean): number {
  if (allowMinusOne && to - from === 2 && s.charCodeAt(from) === 45 && s.charCodeAt(from + 1) === 49) return -1;
  if (to === from || to - from > 16) return NaN;
  let v = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v <= Number.MAX_SAFE_INTEGER ? v : NaN;
}

/** Expands numeric runs (same semantics as the element path above). */
function expandRuns(runs: TimelineRuns, bounds: TimelineBounds): ExpandedTimeline {
  let total = 0;
  let time = 0;
  // First pass: validate and count, so the output is allocated once.
  const repeats = new Float64Array(runs.length);
  for (let i = 0; i < runs.length; i++) {
    const where = `${bounds.where}/S[${i}]`;
    const t = runs.t[i]!;
    const d = runs.d[i]!;
    if (d === 0) throw new ManifestError('MANIFEST_INVALID_VALUE', 'S@d must be > 0', where);
    if (t === t) {
      if (i > 0 && t < time - 1) throw new ManifestError('MANIFEST_INVALID_VALUE', `S@t=${t} goes back in time (previous segment ends at ${time})`, where);
      time = t;
    }
    let rep = runs.r[i]!;
    if (rep === -1) {
      const nextT = i + 1 < runs.length ? runs.t[i + 1]! : NaN;
      const until = nextT === nextT ? nextT : bounds.endTime;
      if (until === null) throw new ManifestError('MANIFEST_INVALID_VALUE', 'S@r=-1 with no following S@t and no known period end', where);
      rep = Math.max(0, Math.ceil((until - time) / d) - 1);
    }
    if (bounds.endTime !== null) {
      // Entries at or past the period end are dropped (but the first segment is always kept).
      const fit = Math.ceil((bounds.endTime - time) / d);
      if (fit <= 0) rep = total === 0 ? 0 : -1;
      else if (rep + 1 > fit) rep = fit - 1;
    }
    repeats[i] = rep;
    total += rep + 1;
    if (total > bounds.maxSegments) throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `SegmentTimeline expands to more than ${bounds.maxSegments} segments`, where);
    time += (runs.r[i]! === -1 ? rep + 1 : runs.r[i]! + 1) * d;
  }
  const starts = new Float64Array(total);
  const durations = new Float64Array(total);
  let k = 0;
  time = 0;
  for (let i = 0; i < runs.length; i++) {
    const t = runs.t[i]!;
    const d = runs.d[i]!;
    if (t === t) time = t;
    const rep = repeats[i]!;
    for (let m = 0; m <= rep; m++) {
      starts[k] = time;
      durations[k] = d;
      k++;
      time += d;
    }
    if (rep < runs.r[i]!) time += (runs.r[i]! - rep) * d; // dropped past the period end
  }
  return { starts, durations, length: total };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 45 || c === 46;
}
