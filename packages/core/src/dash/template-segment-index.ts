/**
 * A lazy {@link SegmentIndex} over a SegmentTemplate: segment references are
 * computed on demand from either a shared expanded SegmentTimeline or a fixed
 * `@duration`, so a 3-hour, 10-representation MPD costs two typed arrays, not
 * 54,000 objects. Lookups are O(log n) (timeline) or O(1) (fixed duration).
 */
import type { InitSegmentReference, SegmentReference } from '../manifest/model.js';
import { findSegment, type SegmentIndex } from '../manifest/segment-index.js';
import type { ExpandedTimeline } from './segment-timeline.js';
import { expandTemplate, type CompiledTemplate } from './template.js';

/** Where the segment times come from. */
export type TemplateTiming =
  | { kind: 'timeline'; timeline: ExpandedTimeline; /** Number of the first timeline entry. */ firstNumber: number; /** First entry used (live window). */ offset: number; count: number }
  | { kind: 'duration'; /** Segment duration, timescale units. */ duration: number; /** Number of the first segment in the index. */ firstNumber: number; /** Number of the segment at the period start. */ startNumber: number; count: number };

/** Everything needed to materialise a reference. */
export interface TemplateIndexParams {
  media: CompiledTemplate;
  representationId: string;
  bandwidth: number;
  timescale: number;
  /** presentationTimeOffset, timescale units. */
  presentationTimeOffset: number;
  /** Period start on the presentation timeline, seconds. */
  periodStart: number;
  /** Period end, seconds (`null` = open); the last segment is clipped to it. */
  periodEnd: number | null;
  init: InitSegmentReference | null;
  /** Period index; used as the discontinuity number. */
  periodIndex: number;
  timing: TemplateTiming;
}

/** A SegmentTemplate index (see file comment). */
export class TemplateSegmentIndex implements SegmentIndex {
  private readonly p: TemplateIndexParams;
  private readonly timestampOffset: number;

  constructor(params: TemplateIndexParams) {
    this.p = params;
    this.timestampOffset = params.periodStart - params.presentationTimeOffset / params.timescale;
  }

  get length(): number {
    return this.p.timing.count;
  }

  get start(): number {
    return this.length ? this.startAt(0) : NaN;
  }

  get end(): number {
    return this.length ? this.endAt(this.length - 1) : NaN;
  }

  /** Segment start in media time units (timescale), for `$Time$`. */
  private mediaTime(i: number): number {
    const t = this.p.timing;
    if (t.kind === 'timeline') return t.timeline.starts[t.offset + i]!;
    return (t.firstNumber - t.startNumber + i) * t.duration + this.p.presentationTimeOffset;
  }

  private mediaDuration(i: number): number {
    const t = this.p.timing;
    return t.kind === 'timeline' ? t.timeline.durations[t.offset + i]! : t.duration;
  }

  private startAt = (i: number): number => this.timestampOffset + this.mediaTime(i) / this.p.timescale;

  private endAt = (i: number): number => {
    const end = this.timestampOffset + (this.mediaTime(i) + this.mediaDuration(i)) / this.p.timescale;
    return this.p.periodEnd !== null && end > this.p.periodEnd && i === this.length - 1 ? Math.max(this.p.periodEnd, this.startAt(i)) : end;
  };

  get(position: number): SegmentReference | null {
    if (!(position >= 0 && position < this.length) || !Number.isInteger(position)) return null;
    const p = this.p;
    const number = p.timing.kind === 'timeline' ? p.timing.firstNumber + p.timing.offset + position : p.timing.firstNumber + position;
    const time = this.mediaTime(position);
    return {
      start: this.startAt(position),
      end: this.endAt(position),
      uri: expandTemplate(p.media, { RepresentationID: p.representationId, Bandwidth: p.bandwidth, Number: number, Time: time }),
      init: p.init,
      timestampOffset: this.timestampOffset,
      sequence: number,
      discontinuity: p.periodIndex,
    };
  }

  find(time: number): number {
    const t = this.p.timing;
    if (t.kind === 'duration' && this.length) {
      // O(1): fixed-duration segments.
      const d = t.duration / this.p.timescale;
      const first = this.startAt(0);
      if (time < first) return 0;
      const i = Math.floor((time - first) / d + 1e-9);
      return i < this.length ? i : -1;
    }
    return findSegment(this.length, this.startAt, this.endAt, time);
  }
}
