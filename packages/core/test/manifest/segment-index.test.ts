import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ListSegmentIndex, findSegment } from '../../src/manifest/segment-index.js';
import type { SegmentReference } from '../../src/manifest/model.js';

function ref(start: number, end: number, sequence: number): SegmentReference {
  return { start, end, uri: `seg-${sequence}.m4s`, init: null, timestampOffset: 0, sequence, discontinuity: 0 };
}

describe('ListSegmentIndex', () => {
  const index = new ListSegmentIndex([ref(0, 4, 1), ref(4, 8, 2), ref(10, 14, 3)]);

  it('finds the segment covering a time', () => {
    expect(index.find(0)).toBe(0);
    expect(index.find(3.999)).toBe(0);
    expect(index.find(4)).toBe(1);
    expect(index.find(13)).toBe(2);
  });

  it('returns the next segment for a time inside a gap, 0 before the start, -1 past the end', () => {
    expect(index.find(9)).toBe(2);
    expect(index.find(-5)).toBe(0);
    expect(index.find(14)).toBe(-1);
    expect(index.find(NaN)).toBe(-1);
  });

  it('merges newer live segments by sequence and evicts old ones', () => {
    const live = new ListSegmentIndex([ref(0, 4, 1), ref(4, 8, 2)]);
    expect(live.mergeNewer([ref(4, 8, 2), ref(8, 12, 3)])).toBe(1);
    expect(live.length).toBe(3);
    expect(live.evictBefore(8)).toBe(2);
    expect(live.start).toBe(8);
    expect(live.get(0)?.sequence).toBe(3);
  });

  it('agrees with a linear scan for random contiguous timelines (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: -5, max: 600, noNaN: true }),
        (durations, t) => {
          let s = 0;
          const refs = durations.map((d, i) => { const r = ref(s, s + d, i); s += d; return r; });
          const expected = t < 0 ? 0 : refs.findIndex((r) => r.start <= t && t < r.end);
          const got = findSegment(refs.length, (i) => refs[i]!.start, (i) => refs[i]!.end, t);
          expect(got).toBe(expected);
        },
      ),
    );
  });
});
