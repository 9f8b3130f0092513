import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { heldBytes, liveEntries, normalize, overlapSeconds, subtract, totalSeconds, type Range } from '../../../conformance/src/model/buffer-ledger.js';

const range = fc.tuple(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0.001, max: 50, noNaN: true })).map(([a, d]): Range => [a, a + d]);
const ranges = fc.array(range, { maxLength: 12 });

describe('SourceBuffer byte ledger', () => {
  it('subtract / overlap on hand-made ranges', () => {
    expect(normalize([[4, 6], [0, 2], [1, 3], [6, 7]])).toEqual([[0, 3], [4, 7]]);
    expect(subtract([[0, 10]], [[2, 3], [5, 12]])).toEqual([[0, 2], [3, 5]]);
    expect(overlapSeconds([[0, 10]], [[2, 3], [5, 12]])).toBe(6);
    expect(totalSeconds([[0, 4], [2, 6]])).toBe(6);
  });

  it('an append counts in full while buffered, in proportion once partly evicted, not at all once gone', () => {
    const entries = [{ bytes: 1000, ranges: [[0, 4]] as Range[] }, { bytes: 2000, ranges: [[4, 8]] as Range[] }];
    expect(heldBytes(entries, [[0, 8]])).toBe(3000);
    expect(heldBytes(entries, [[2, 8]])).toBe(2500); // the player evicted [0, 2]
    expect(heldBytes(entries, [[4, 6]])).toBe(1000);
    expect(liveEntries(entries, [[5, 8]])).toEqual([entries[1]]);
    // An init segment adds no range: it is not counted (it is a few hundred bytes).
    expect(heldBytes([{ bytes: 700, ranges: [] }], [[0, 8]])).toBe(0);
  });

  it('properties: a ∖ b is disjoint from b and inside a; held bytes never exceed what was appended', () => {
    fc.assert(fc.property(ranges, ranges, (a, b) => {
      const d = subtract(a, b);
      expect(overlapSeconds(d, b)).toBeCloseTo(0, 6);
      expect(overlapSeconds(d, a)).toBeCloseTo(totalSeconds(d), 6);
      expect(totalSeconds(d) + overlapSeconds(a, b)).toBeCloseTo(totalSeconds(a), 6);
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(1e6), ranges), { maxLength: 10 }), ranges, (raw, buffered) => {
      const entries = raw.map(([bytes, rs]) => ({ bytes, ranges: rs }));
      const total = entries.reduce((n, e) => n + e.bytes, 0);
      const held = heldBytes(entries, buffered);
      expect(held).toBeGreaterThanOrEqual(0);
      expect(held).toBeLessThanOrEqual(total + 1e-6);
      expect(heldBytes(liveEntries(entries, buffered), buffered)).toBeCloseTo(held, 3);
    }), { numRuns: 200 });
  });
});
