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

function attrInt(s: XmlElement, name: string, where: string, allowNegativeOne = false): number | undefined {
  const raw = s.attributes[name];
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || !Number.isInteger(v) || (v < 0 && !(allowNegativeOne && v === -1))) {
    throw new ManifestError('MANIFEST_INVALID_VALUE', `S@${name}="${raw}" is not a valid non-negative integer`, where);
  }
  if (v > Number.MAX_SAFE_INTEGER) {
    throw new ManifestError('MANIFEST_INVALID_VALUE', `S@${name}="${raw}" exceeds 2^53`, where);
  }
  return v;
}

/**
 * Expands the `<S>` children of a SegmentTimeline.
 * @throws ManifestError for missing `d`, negative values, or more than `maxSegments` entries.
 */
export function expandSegmentTimeline(timeline: XmlElement, bounds: TimelineBounds): ExpandedTimeline {
  const sList = timeline.children.filter((c) => c.name === 'S' || c.name.endsWith(':S'));
  let cap = 64;
  let starts = new Float64Array(cap);
  let durations = new Float64Array(cap);
  let n = 0;
  let time = 0;
  const push = (t: number, d: number): void => {
    if (n === cap) {
      if (cap >= bounds.maxSegments) {
        throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `SegmentTimeline expands to more than ${bounds.maxSegments} segments`, bounds.where);
      }
      cap = Math.min(cap * 2, bounds.maxSegments);
      const s2 = new Float64Array(cap);
      s2.set(starts);
      starts = s2;
      const d2 = new Float64Array(cap);
      d2.set(durations);
      durations = d2;
    }
    starts[n] = t;
    durations[n] = d;
    n++;
  };
  for (let i = 0; i < sList.length; i++) {
    const s = sList[i]!;
    const where = `${bounds.where}/S[${i}]`;
    const t = attrInt(s, 't', where);
    const d = attrInt(s, 'd', where);
    const r = attrInt(s, 'r', where, true) ?? 0;
    if (d === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'S@d is required', where);
    if (d === 0) throw new ManifestError('MANIFEST_INVALID_VALUE', 'S@d must be > 0', where);
    if (t !== undefined) {
      if (n > 0 && t < time - 1) {
        throw new ManifestError('MANIFEST_INVALID_VALUE', `S@t=${t} goes back in time (previous segment ends at ${time})`, where);
      }
      time = t;
    }
    let repeats: number;
    if (r === -1) {
      // Repeat until the next S@t, else until the period end (ISO/IEC 23009-1 §5.3.9.6.1).
      const next = sList[i + 1];
      const nextT = next?.attributes.t !== undefined ? Number(next.attributes.t) : null;
      const until = nextT !== null && Number.isFinite(nextT) ? nextT : bounds.endTime;
      if (until === null) {
        throw new ManifestError('MANIFEST_INVALID_VALUE', 'S@r=-1 with no following S@t and no known period end', where);
      }
      repeats = Math.max(0, Math.ceil((until - time) / d) - 1);
    } else {
      repeats = r;
    }
    if (n + repeats + 1 > bounds.maxSegments) {
      throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `SegmentTimeline expands to more than ${bounds.maxSegments} segments`, where);
    }
    for (let k = 0; k <= repeats; k++) {
      if (bounds.endTime !== null && time >= bounds.endTime && n > 0) break;
      push(time, d);
      time += d;
    }
  }
  return { starts: starts.subarray(0, n), durations: durations.subarray(0, n), length: n };
}
