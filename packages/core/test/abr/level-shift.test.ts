import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { harmonicMean, sinceLevelShift } from '../../src/abr/throughput-history.js';

describe('sinceLevelShift', () => {
  it('restarts the mean at the new level once `run` samples all exceed ratio × the earlier level', () => {
    // An FCC-style step from ~1 to ~4.4 Mbit/s: the plain harmonic mean says 1.6 Mbit/s.
    const rates = [1.03e6, 1.04e6, 1.02e6, 4.47e6, 3.72e6];
    expect(harmonicMean(rates)).toBeLessThan(1.7e6);
    expect(sinceLevelShift(rates, 2, 2)).toEqual([4.47e6, 3.72e6]);
  });

  it('keeps the whole window for one spike, a rise below the ratio, a drop, or too few samples', () => {
    expect(sinceLevelShift([1e6, 1e6, 1e6, 1e6, 5e6], 2, 2)).toHaveLength(5);
    expect(sinceLevelShift([1e6, 1e6, 1e6, 1.9e6, 1.9e6], 2, 2)).toHaveLength(5);
    expect(sinceLevelShift([4e6, 4e6, 4e6, 0.7e6, 0.7e6], 2, 2)).toHaveLength(5);
    expect(sinceLevelShift([1e6, 5e6], 2, 2)).toHaveLength(2);
    expect(sinceLevelShift([1e6, 1e6, 5e6, 5e6], Infinity, 2)).toHaveLength(4);
  });

  it('returns a suffix of its input whose harmonic mean is never below the full window’s', () => {
    const rate = fc.double({ min: 1e3, max: 1e8, noNaN: true });
    fc.assert(
      fc.property(fc.array(rate, { minLength: 0, maxLength: 10 }), fc.double({ min: 1, max: 5, noNaN: true }), fc.integer({ min: 1, max: 4 }), (rates, ratio, run) => {
        const out = sinceLevelShift(rates, ratio, run);
        expect(out).toEqual(rates.slice(rates.length - out.length));
        expect(out.length === rates.length || out.length === run).toBe(true);
        if (rates.length) expect(harmonicMean(out)).toBeGreaterThanOrEqual(harmonicMean(rates) * (1 - 1e-12));
      }),
    );
  });
});
