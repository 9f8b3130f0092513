import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexedSegmentBytes } from '../../src/abr/indexed-segment-bytes.js';
import { ListSegmentIndex } from '../../src/manifest/segment-index.js';
import type { ByteRange, SegmentReference, Track } from '../../src/manifest/model.js';
import { track } from './ladder.js';

function ref(n: number, byteRange?: ByteRange): SegmentReference {
  return { start: n * 4, end: n * 4 + 4, uri: `seg-${n}.m4s`, init: null, timestampOffset: 0, sequence: n, discontinuity: 0, ...(byteRange ? { byteRange } : {}) };
}

/** A track whose index lists consecutive byte ranges of `sizes` (null: an open range). */
function indexed(sizes: readonly (number | null)[]): Track {
  let offset = 0;
  const refs = sizes.map((size, n) => {
    if (size === null) return ref(n, { start: offset, end: null });
    const r = ref(n, { start: offset, end: offset + size - 1 });
    offset += size;
    return r;
  });
  return { ...track(1000, 720), segmentIndex: new ListSegmentIndex(refs) };
}

describe('indexedSegmentBytes', () => {
  it('reads the size from the index byte range, `ahead` positions after the segment at `time`', () => {
    const t = indexed([100, 200, 300, 400]);
    expect(indexedSegmentBytes(t, 0, 0)).toBe(100);
    expect(indexedSegmentBytes(t, 4.5, 0)).toBe(200);
    expect(indexedSegmentBytes(t, 4.5, 2)).toBe(400);
    // Before the first segment: the first one.
    expect(indexedSegmentBytes(t, -3, 0)).toBe(100);
  });

  it('is undefined without an index, a range, a bounded range, or past the end', () => {
    expect(indexedSegmentBytes(track(1000, 720), 0, 0)).toBeUndefined();
    expect(indexedSegmentBytes({ ...track(1000, 720), segmentIndex: new ListSegmentIndex([ref(0), ref(1)]) }, 0, 0)).toBeUndefined();
    expect(indexedSegmentBytes(indexed([null, null]), 0, 0)).toBeUndefined();
    expect(indexedSegmentBytes(indexed([100]), 0, 5)).toBeUndefined();
    expect(indexedSegmentBytes(indexed([100]), 99, 0)).toBeUndefined();
  });

  it('property: any time and offset gives undefined or one of the listed sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e7 }), { minLength: 1, maxLength: 30 }), fc.double({ noNaN: false }), fc.double({ noNaN: false }), (sizes, time, ahead) => {
        const answer = indexedSegmentBytes(indexed(sizes), time, ahead);
        return answer === undefined || sizes.includes(answer);
      }),
    );
  });
});
