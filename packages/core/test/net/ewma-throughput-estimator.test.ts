import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EwmaThroughputEstimator } from '../../src/net/ewma-throughput-estimator.js';
import { Ewma } from '../../src/net/ewma.js';
import type { TransferSample } from '../../src/net/throughput-estimator.js';

/** A transfer of `mbps` for `ms` ending at `end`. */
function sample(mbps: number, ms: number, end: number, extra: Partial<TransferSample> = {}): TransferSample {
  return { bytes: (mbps * 1e6 * ms) / 1000 / 8, durationMs: ms, ttfbMs: 50, endTime: end, ...extra };
}

/** Sequential 1-second transfers at the given rates. */
function feed(est: EwmaThroughputEstimator, rates: number[], startMs = 0): number {
  let t = startMs;
  for (const r of rates) {
    t += 1100;
    est.addSample(sample(r, 1000, t));
  }
  return t;
}

describe('Ewma', () => {
  it('is debiased: a single sample reads back exactly', () => {
    const e = new Ewma(2);
    e.sample(0.5, 42);
    expect(e.value).toBeCloseTo(42, 9);
  });
  it('after one half-life of new samples, the old value has half its influence', () => {
    const e = new Ewma(2);
    e.sample(100, 10); // long history at 10
    e.sample(2, 20);
    expect(e.value).toBeCloseTo(15, 6);
  });
  it('rejects a non-positive half-life', () => {
    expect(() => new Ewma(0)).toThrow(RangeError);
  });
});

describe('EwmaThroughputEstimator', () => {
  it('reports NaN (or the default) until minTotalBytes were sampled', () => {
    const est = new EwmaThroughputEstimator();
    expect(est.getEstimate()).toBeNaN();
    expect(new EwmaThroughputEstimator({ defaultEstimate: 1e6 }).getEstimate()).toBe(1e6);
    est.addSample(sample(1, 1000, 1000)); // 125 kB < 128 kB
    expect(est.getEstimate()).toBeNaN();
    est.addSample(sample(1, 1000, 3000));
    expect(est.getEstimate()).toBeCloseTo(1e6, -2);
  });

  it('converges to a constant rate', () => {
    const est = new EwmaThroughputEstimator();
    feed(est, Array(10).fill(5));
    expect(est.getEstimate()).toBeCloseTo(5e6, -3);
  });

  it('drops fast and rises slowly (min of fast and slow)', () => {
    const down = new EwmaThroughputEstimator();
    feed(down, [...Array(20).fill(10), 2, 2]);
    const up = new EwmaThroughputEstimator();
    feed(up, [...Array(20).fill(2), 10, 10]);
    // After 2 s at the new rate: fast EWMA (2 s half-life) has moved halfway, slow (5 s) ~24 %.
    expect(down.getEstimate() / 1e6).toBeCloseTo(6, 0);
    expect(up.getEstimate() / 1e6).toBeCloseTo(2 + 8 * (1 - 0.5 ** (2 / 5)), 0);
    expect(up.getEstimate() / 1e6).toBeLessThan(4.5); // the fast average alone would read 6
  });

  it('ignores cached and tiny transfers for bandwidth', () => {
    const est = new EwmaThroughputEstimator();
    feed(est, Array(5).fill(4));
    const before = est.getEstimate();
    est.addSample(sample(1000, 1000, 100_000, { fromCache: true }));
    est.addSample({ bytes: 2000, durationMs: 1, ttfbMs: 10, endTime: 100_100 });
    expect(est.getEstimate()).toBeCloseTo(before, 6);
  });

  it('merges overlapping parallel transfers into one measurement of the link', () => {
    // A 10 Mbit/s link shared by two transfers: each sees 5 Mbit/s over the same second.
    const est = new EwmaThroughputEstimator();
    for (let i = 1; i <= 5; i++) {
      est.addSample(sample(5, 1000, i * 1100, { concurrency: 1 }));
      est.addSample(sample(5, 1000, i * 1100, { concurrency: 2 }));
    }
    expect(est.getEstimate()).toBeCloseTo(10e6, -3);
  });

  it('a late transfer overlapping a committed group counts only its later bytes', () => {
    const est = new EwmaThroughputEstimator({ minTotalBytes: 0 });
    est.addSample(sample(8, 1000, 1000)); // [0, 1000] at 8 Mbit/s
    est.addSample(sample(8, 1000, 3000)); // [2000, 3000]: commits the first group
    // A long transfer [500, 2500] arriving late: only its [1000, 2500] share overlaps the open group.
    est.addSample(sample(4, 2000, 2500));
    // Open group [1000, 3000]: 1 MB from the second + 0.75 of 1 MB → 7 Mbit/s over 2 s.
    const fastOnly = new EwmaThroughputEstimator({ minTotalBytes: 0, slowHalfLife: 2 });
    fastOnly.addSample(sample(8, 1000, 1000));
    fastOnly.addSample(sample(7, 2000, 3000));
    expect(est.getEstimate()).toBeGreaterThan(6.9e6);
    expect(est.getEstimate()).toBeLessThan(8e6);
  });

  it('estimates latency from TTFB', () => {
    const est = new EwmaThroughputEstimator();
    for (let i = 0; i < 20; i++) est.addSample({ bytes: 500, durationMs: 5, ttfbMs: 80, endTime: i * 100 });
    expect(est.getLatencyEstimate()).toBeCloseTo(80, 6);
  });

  it('confidence grows with samples and falls with variance', () => {
    const steady = new EwmaThroughputEstimator();
    feed(steady, [3]);
    const c1 = steady.getConfidence();
    feed(steady, Array(10).fill(3), 10_000);
    const c10 = steady.getConfidence();
    const noisy = new EwmaThroughputEstimator();
    feed(noisy, [1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1]);
    expect(new EwmaThroughputEstimator().getConfidence()).toBe(0);
    expect(c1).toBeLessThan(c10);
    expect(c10).toBeGreaterThan(0.9);
    expect(noisy.getConfidence()).toBeLessThan(c10 * 0.6);
  });

  it('reset forgets everything', () => {
    const est = new EwmaThroughputEstimator();
    feed(est, [5, 5, 5]);
    est.reset();
    expect(est.getEstimate()).toBeNaN();
    expect(est.getConfidence()).toBe(0);
  });

  it('the estimate stays within the range of sampled rates (any sequence)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.2, max: 100, noNaN: true }), { minLength: 3, maxLength: 40 }), (rates) => {
        const est = new EwmaThroughputEstimator({ minSampleBytes: 0, minTotalBytes: 0 });
        feed(est, rates);
        const e = est.getEstimate() / 1e6;
        return e >= Math.min(...rates) * 0.999 && e <= Math.max(...rates) * 1.001;
      }),
    );
  });
});
