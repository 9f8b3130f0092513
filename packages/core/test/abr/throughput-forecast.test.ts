import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeThroughputForecast,
  encodeThroughputForecast,
  forecastBucket,
  forecastPrediction,
  logVolatility,
  type EncodedThroughputForecast,
  type ThroughputForecast,
} from '../../src/abr/throughput-forecast.js';
import { SHIPPED_THROUGHPUT_FORECAST } from '../../src/abr/throughput-forecast-table.js';
import { harmonicMean } from '../../src/abr/throughput-history.js';

const rate = fc.double({ min: 1e3, max: 1e9, noNaN: true });
const rates = (minLength: number, maxLength = 10) => fc.array(rate, { minLength, maxLength });

/** A forecast table of `buckets` × `depths` × `atoms` positive ratios (e^-3 … e^3). */
const forecastArb = fc
  .record({ buckets: fc.integer({ min: 1, max: 4 }), depths: fc.integer({ min: 1, max: 4 }), atoms: fc.integer({ min: 1, max: 5 }) })
  .chain(({ buckets, depths, atoms }) =>
    fc.record({
      window: fc.integer({ min: 1, max: 10 }),
      levelShift: fc.option(fc.record({ ratio: fc.double({ min: 1, max: 4, noNaN: true }), run: fc.integer({ min: 1, max: 3 }) }), { nil: null }),
      edges: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }).map((e) => [...e].sort((a, b) => a - b)),
      weights: fc.constant(Array.from({ length: atoms }, () => 1 / atoms)),
      ratios: fc.array(fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }).map(Math.exp), { minLength: atoms, maxLength: atoms }), { minLength: depths, maxLength: depths }), {
        minLength: buckets,
        maxLength: buckets,
      }),
    }),
  );

describe('encodeThroughputForecast / decodeThroughputForecast', () => {
  it('round-trips every ratio to within half a step (1 / (2 scale)) in ln(ratio), keeping the other fields and the shape', () => {
    fc.assert(
      fc.property(forecastArb, fc.integer({ min: 1, max: 1000 }), (forecast: ThroughputForecast, scale) => {
        const encoded = encodeThroughputForecast(forecast, scale);
        for (const q of encoded.logRatios.flat(2)) expect(Number.isInteger(q)).toBe(true);
        const back = decodeThroughputForecast(encoded);
        expect(back.window).toBe(forecast.window);
        expect(back.levelShift).toEqual(forecast.levelShift);
        expect(back.edges).toEqual(forecast.edges);
        expect(back.weights).toEqual(forecast.weights);
        expect(back.ratios.length).toBe(forecast.ratios.length);
        forecast.ratios.forEach((bucket, i) => {
          expect(back.ratios[i]!.length).toBe(bucket.length);
          bucket.forEach((depth, d) => {
            expect(back.ratios[i]![d]!.length).toBe(depth.length);
            depth.forEach((r, j) => expect(Math.abs(Math.log(back.ratios[i]![d]![j]!) - Math.log(r))).toBeLessThanOrEqual(0.5 / scale + 1e-12));
          });
        });
        expect(back).not.toHaveProperty('scale');
        expect(back).not.toHaveProperty('logRatios');
      }),
    );
  });

  it('re-encodes a decoded table to exactly the same integers (the shipped table is a fixed point)', () => {
    const logRatio = fc.integer({ min: -200, max: 200 });
    fc.assert(
      fc.property(fc.array(fc.array(fc.array(logRatio, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 100 }), (logRatios, scale) => {
        const encoded: EncodedThroughputForecast = { window: 5, levelShift: null, edges: [], weights: [1], scale, logRatios };
        expect(encodeThroughputForecast(decodeThroughputForecast(encoded), scale)).toEqual(encoded);
      }),
    );
    const shipped = SHIPPED_THROUGHPUT_FORECAST;
    expect(encodeThroughputForecast(decodeThroughputForecast(shipped), shipped.scale)).toEqual(shipped);
  });
});

describe('the shipped forecast table', () => {
  const forecast = decodeThroughputForecast(SHIPPED_THROUGHPUT_FORECAST);
  it('is a well-formed distribution: ascending edges, one bucket per interval plus bucket 0, weights summing to 1, ascending positive quantiles of one length per depth', () => {
    for (let i = 1; i < forecast.edges.length; i++) expect(forecast.edges[i]!).toBeGreaterThan(forecast.edges[i - 1]!);
    expect(forecast.ratios.length).toBe(forecast.edges.length + 2);
    expect(forecast.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    for (const w of forecast.weights) expect(w).toBeGreaterThan(0);
    for (const bucket of forecast.ratios) {
      // The default strategy plans 20 segments ahead; depths beyond the table reuse its last row.
      expect(bucket.length).toBe(20);
      for (const depth of bucket) {
        expect(depth.length).toBe(forecast.weights.length);
        for (let j = 0; j < depth.length; j++) {
          expect(depth[j]! > 0 && Number.isFinite(depth[j]!)).toBe(true);
          if (j > 0) expect(depth[j]!).toBeGreaterThanOrEqual(depth[j - 1]!);
        }
      }
    }
  });
});

describe('logVolatility', () => {
  it('is NaN under two rates', () => {
    expect(logVolatility([])).toBeNaN();
    expect(logVolatility([2e6])).toBeNaN();
  });

  it('is the sample standard deviation of ln(rate)', () => {
    // ln: 0 and 1 → mean 0.5, squared deviations 0.25 + 0.25 over n − 1 = 1.
    expect(logVolatility([1, Math.E])).toBeCloseTo(Math.sqrt(0.5), 12);
    // ln: 0, 1, 2 → mean 1, (1 + 0 + 1) / 2 = 1.
    expect(logVolatility([1e6, 1e6 * Math.E, 1e6 * Math.E ** 2])).toBeCloseTo(1, 12);
  });

  it('is 0 for constant rates', () => {
    fc.assert(
      fc.property(rate, fc.integer({ min: 2, max: 20 }), (r, n) => {
        expect(logVolatility(Array.from({ length: n }, () => r))).toBeCloseTo(0, 9);
      }),
    );
  });

  it('is scale-free (the same in bit/s and in Mbit/s) and order-free', () => {
    fc.assert(
      fc.property(rates(2), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (rs, k) => {
        const v = logVolatility(rs);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(logVolatility(rs.map((r) => r * k))).toBeCloseTo(v, 9);
        expect(logVolatility([...rs].reverse())).toBeCloseTo(v, 9);
      }),
    );
  });
});

describe('forecastBucket', () => {
  // Four rows: bucket 0 (under two samples) and three volatility intervals split at 0.1 and 0.2.
  const table = { edges: [0.1, 0.2], ratios: [[[1]], [[1]], [[1]], [[1]]] };
  /** Two rates whose logVolatility is `v` (|ln ratio| / √2). */
  const withVolatility = (v: number) => [1e6, 1e6 * Math.exp(v * Math.SQRT2)];

  it('is bucket 0 for fewer than two rates', () => {
    expect(forecastBucket(table, [])).toBe(0);
    expect(forecastBucket(table, [3e6])).toBe(0);
  });

  it('is 1 + the number of edges at or below the volatility', () => {
    expect(forecastBucket(table, [2e6, 2e6])).toBe(1);
    expect(forecastBucket(table, withVolatility(0.09))).toBe(1);
    expect(forecastBucket(table, withVolatility(0.11))).toBe(2);
    expect(forecastBucket(table, withVolatility(0.19))).toBe(2);
    expect(forecastBucket(table, withVolatility(0.21))).toBe(3);
    expect(forecastBucket(table, withVolatility(5))).toBe(3);
    // A volatility exactly on an edge belongs to the bucket above it.
    const onEdge = [1e6, 1e6 * Math.E];
    expect(forecastBucket({ edges: [logVolatility(onEdge)], ratios: table.ratios }, onEdge)).toBe(2);
  });

  it('clamps to the table when it has fewer rows than the edges imply', () => {
    const short = { edges: [0.1, 0.2, 0.3], ratios: [[[1]], [[1]]] };
    expect(forecastBucket(short, withVolatility(0.05))).toBe(1);
    expect(forecastBucket(short, withVolatility(0.9))).toBe(1);
    expect(forecastBucket({ edges: [0.1], ratios: [[[1]]] }, withVolatility(0.9))).toBe(0);
  });

  it('is monotone in volatility and always a row of the table', () => {
    const tableArb = fc
      .record({ edges: fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { maxLength: 6 }), rows: fc.integer({ min: 1, max: 8 }) })
      .map(({ edges, rows }) => ({ edges: [...edges].sort((a, b) => a - b), ratios: Array.from({ length: rows }, () => [[1]]) }));
    fc.assert(
      fc.property(tableArb, rates(2), rates(2), (t, a, b) => {
        const [calm, jumpy] = logVolatility(a) <= logVolatility(b) ? [a, b] : [b, a];
        const lo = forecastBucket(t, calm);
        const hi = forecastBucket(t, jumpy);
        expect(lo).toBeLessThanOrEqual(hi);
        for (const k of [lo, hi]) expect(k >= 0 && k < t.ratios.length && Number.isInteger(k)).toBe(true);
      }),
    );
  });
});

describe('forecastPrediction', () => {
  const plain = { levelShift: null };
  const shifting = { levelShift: { ratio: 2, run: 2 } };

  it('is the harmonic mean of the rates (NaN for none), ignoring non-positive ones', () => {
    expect(forecastPrediction(plain, [])).toBeNaN();
    expect(forecastPrediction(plain, [1e6, 4e6])).toBeCloseTo(1.6e6, 6);
    expect(forecastPrediction(plain, [1e6, 0, 4e6])).toBeCloseTo(1.6e6, 6);
    expect(forecastPrediction(shifting, [])).toBeNaN();
  });

  it('restarts at an upward level shift of `run` samples above `ratio` × the earlier level, not at a spike or a drop', () => {
    const step = [1.03e6, 1.04e6, 1.02e6, 4.47e6, 3.72e6];
    expect(forecastPrediction(plain, step)).toBeLessThan(1.7e6);
    expect(forecastPrediction(shifting, step)).toBeCloseTo(harmonicMean([4.47e6, 3.72e6]), 6);
    const spike = [1e6, 1e6, 1e6, 1e6, 5e6];
    expect(forecastPrediction(shifting, spike)).toBeCloseTo(forecastPrediction(plain, spike), 6);
    const drop = [4e6, 4e6, 4e6, 0.7e6, 0.7e6];
    expect(forecastPrediction(shifting, drop)).toBeCloseTo(forecastPrediction(plain, drop), 6);
  });

  it('lies within the rates, scales with them, and with the rule is never below the plain mean', () => {
    fc.assert(
      fc.property(rates(1), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (rs, k) => {
        const p = forecastPrediction(plain, rs);
        expect(p).toBeGreaterThanOrEqual(Math.min(...rs) * (1 - 1e-12));
        expect(p).toBeLessThanOrEqual(Math.max(...rs) * (1 + 1e-12));
        expect(Math.abs(forecastPrediction(plain, rs.map((r) => r * k)) - p * k)).toBeLessThanOrEqual(p * k * 1e-9);
        expect(forecastPrediction(shifting, rs)).toBeGreaterThanOrEqual(p * (1 - 1e-12));
      }),
    );
  });
});
