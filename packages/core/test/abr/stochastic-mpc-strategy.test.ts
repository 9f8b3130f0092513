import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StochasticMpcStrategy, type StochasticMpcConfig } from '../../src/abr/stochastic-mpc-strategy.js';
import { createDefaultAbrStrategy, DEFAULT_STOCHASTIC_MPC_CONFIG, defaultThroughputForecast } from '../../src/abr/default-abr-strategy.js';
import type { ThroughputForecast } from '../../src/abr/throughput-forecast.js';
import type { AbrContext, ThroughputSample } from '../../src/abr/abr-strategy.js';
import type { Track } from '../../src/manifest/model.js';
import { LADDER, context, track } from './ladder.js';

const kbps = (t: Track) => t.bandwidth / 1000;

/** One atom: the next segments download at exactly the prediction. */
const CERTAIN: ThroughputForecast = { window: 5, levelShift: null, edges: [], weights: [1], ratios: [[[1]], [[1]]] };
/** CERTAIN plus a one-in-ten chance of a fifth of the prediction. */
const LOW_TAIL: ThroughputForecast = { window: 5, levelShift: null, edges: [], weights: [0.1, 0.9], ratios: [[[0.2, 1]], [[0.2, 1]]] };

/** `n` transfers of `bytes` whose body arrived at exactly `bps`, each after `ttfbMs`. */
function steady(bps: number, n = 5, ttfbMs = 0, bytes = 500_000): ThroughputSample[] {
  return Array.from({ length: n }, (_, i) => ({ bytes, durationMs: ttfbMs + (bytes * 8000) / bps, ttfbMs, endMs: 1000 * (i + 1) }));
}

/** The DP's value of its chosen first rung, as the decision reports it (2 decimals). */
function reportedValue(reason: string): number {
  const m = /expected QoE (-?\d+\.\d+)\)/.exec(reason);
  if (!m) throw new Error(`no value in ${reason}`);
  return Number(m[1]);
}

/** The model of StochasticMpcStrategy's docs, stated independently of its DP. */
interface Model {
  mbps: readonly number[];
  segment: number;
  goal: number;
  bps: number;
  rttS: number;
  weights: readonly number[];
  /** ratios[depth][atom]; depths beyond the last reuse it. */
  ratios: readonly (readonly number[])[];
  horizon: number;
  rebufferPenalty: number;
  smoothnessPenalty: number;
  bytes: (rung: number, depth: number) => number;
}

/**
 * Expectimax by exhaustive recursion on the exact (continuous) buffer: at each
 * depth the best rung given the buffer reached, in expectation over the atoms.
 * Returns the value of each first rung from `buffer` after `previous` (-1: none).
 */
function bruteForce(m: Model, buffer: number, previous: number): number[] {
  const top = m.goal + m.segment;
  const value = (depth: number, prev: number, b: number): number => {
    if (depth === m.horizon) return 0;
    let best = -Infinity;
    for (let r = 0; r < m.mbps.length; r++) best = Math.max(best, rungValue(depth, prev, b, r));
    return best;
  };
  const rungValue = (depth: number, prev: number, b: number, r: number): number => {
    const row = m.ratios[Math.min(depth, m.ratios.length - 1)]!;
    const start = Math.min(b, m.goal);
    let v = m.mbps[r]! - (prev < 0 ? 0 : m.smoothnessPenalty * Math.abs(m.mbps[r]! - m.mbps[prev]!));
    for (let j = 0; j < m.weights.length; j++) {
      const download = (m.bytes(r, depth) * 8) / (m.bps * row[j]!) + m.rttS;
      const next = Math.min(Math.max(0, start - download) + m.segment, top);
      v += m.weights[j]! * (-m.rebufferPenalty * Math.max(0, download - start) + value(depth + 1, r, next));
    }
    return v;
  };
  return m.mbps.map((_, r) => rungValue(0, previous, buffer, r));
}

const DP: Pick<StochasticMpcConfig, 'rebufferPenalty' | 'smoothnessPenalty'> = { rebufferPenalty: 4.3, smoothnessPenalty: 2 };

describe('StochasticMpcStrategy: the DP against exhaustive search', () => {
  it('equals the brute force exactly when every buffer it reaches lies on the grid', () => {
    // Rungs 1/2/3 Mbit/s, 4 s segments at 4 Mbit/s (or 2 with the tail): downloads of 1–6 s, buffers on the 0.5 s grid.
    const ladder = [track(1000, 360), track(2000, 480), track(3000, 720)];
    const forecast: ThroughputForecast = { window: 5, levelShift: null, edges: [], weights: [0.25, 0.75], ratios: [[[0.5, 1]]] };
    for (const horizon of [2, 3]) {
      for (const bufferLevel of [0, 1.5, 4, 9, 20]) {
        for (const [current, byRemaining] of [[null, false], [ladder[0]!, false], [ladder[2]!, false], [ladder[1]!, true]] as const) {
          // byRemaining: the horizon is cut by the media left (the config's 20 segments would overrun the end).
          const s = new StochasticMpcStrategy(forecast, { ...DP, horizon: byRemaining ? 20 : horizon, binS: 0.5 });
          const remaining = byRemaining ? { remainingS: horizon * 4 - 0.5 } : {};
          const d = s.chooseTrack(context({ tracks: ladder, current, bufferLevel, bufferGoal: 12, segmentDuration: 4, throughputSamples: steady(4e6), ...remaining }));
          const values = bruteForce(
            { mbps: [1, 2, 3], segment: 4, goal: 12, bps: 4e6, rttS: 0, weights: forecast.weights, ratios: forecast.ratios[0]!, horizon, ...DP, bytes: (r) => ((r + 1) * 4e6) / 8 },
            bufferLevel,
            current ? ladder.indexOf(current) : -1,
          );
          const best = Math.max(...values);
          expect(reportedValue(d.reason)).toBeCloseTo(best, 2);
          expect(values[ladder.indexOf(d.track)]).toBeCloseTo(best, 9);
        }
      }
    }
  });

  it('matches the brute force within the buffer grid’s interpolation error on random states, sizes and two-atom forecasts', () => {
    const state = fc.record({
      kbps: fc.uniqueArray(fc.integer({ min: 200, max: 8000 }), { minLength: 3, maxLength: 3 }).map((k) => [...k].sort((a, b) => a - b)),
      bps: fc.double({ min: 3e5, max: 1e7, noNaN: true }),
      bufferLevel: fc.double({ min: 0, max: 34, noNaN: true }),
      bufferGoal: fc.double({ min: 4, max: 30, noNaN: true }),
      segmentDuration: fc.double({ min: 1, max: 6, noNaN: true }),
      ttfbMs: fc.integer({ min: 0, max: 300 }),
      playbackRate: fc.double({ min: 0.5, max: 2, noNaN: true }),
      horizon: fc.integer({ min: 2, max: 3 }),
      current: fc.integer({ min: -1, max: 2 }),
      weight: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      // Per depth [low, high] ratios; one or two rows (later depths reuse the last).
      ratios: fc.array(fc.tuple(fc.double({ min: 0.1, max: 1, noNaN: true }), fc.double({ min: 1, max: 3, noNaN: true })), { minLength: 1, maxLength: 2 }),
      // Per rung and depth: the segment's size relative to bandwidth × duration (VBR), or unknown.
      sizes: fc.option(fc.array(fc.double({ min: 0.3, max: 2, noNaN: true }), { minLength: 9, maxLength: 9 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(state, (p) => {
        const ladder = p.kbps.map((k, i) => track(k, 240 * (i + 1)));
        const forecast: ThroughputForecast = { window: 5, levelShift: null, edges: [], weights: [p.weight, 1 - p.weight], ratios: [p.ratios] };
        const bytes = (r: number, depth: number) => ((p.sizes ? p.sizes[r * 3 + Math.min(depth, 2)]! : 1) * ladder[r]!.bandwidth * p.segmentDuration) / 8;
        const ctx: AbrContext = context({
          tracks: ladder,
          current: p.current < 0 ? null : ladder[p.current]!,
          bufferLevel: p.bufferLevel,
          bufferGoal: p.bufferGoal,
          segmentDuration: p.segmentDuration,
          playbackRate: p.playbackRate,
          throughputSamples: steady(p.bps, 5, p.ttfbMs),
          ...(p.sizes ? { segmentBytes: (t: Track, ahead: number) => bytes(ladder.indexOf(t), ahead) } : {}),
        });
        const binS = 0.05;
        const d = new StochasticMpcStrategy(forecast, { ...DP, horizon: p.horizon, binS }).chooseTrack(ctx);
        const values = bruteForce(
          { mbps: p.kbps.map((k) => k / 1000), segment: p.segmentDuration, goal: p.bufferGoal, bps: p.bps / p.playbackRate, rttS: p.ttfbMs / 1000, weights: forecast.weights, ratios: p.ratios, horizon: p.horizon, ...DP, bytes },
          p.bufferLevel,
          p.current,
        );
        const best = Math.max(...values);
        // Linear interpolation of a value that moves at most rebufferPenalty per second of buffer, once per later depth.
        const tolerance = DP.rebufferPenalty * binS * (p.horizon - 1) + 0.005;
        expect(Math.abs(reportedValue(d.reason) - best)).toBeLessThanOrEqual(tolerance);
        expect(values[ladder.indexOf(d.track)]!).toBeGreaterThanOrEqual(best - 2 * tolerance);
      }),
      { numRuns: 300 },
    );
  });
});

describe('StochasticMpcStrategy: steady links and caution', () => {
  it('with a certain forecast and one segment buffered, holds the highest rung the link sustains, at every rate', () => {
    for (let bps = 0.3e6; bps < 8e6; bps += 0.1e6) {
      const sustained = [...LADDER].reverse().find((t) => t.bandwidth <= bps) ?? LADDER[0]!;
      const d = new StochasticMpcStrategy(CERTAIN).chooseTrack(context({ throughputSamples: steady(bps), bufferLevel: 4, current: sustained }));
      expect(kbps(d.track), `${bps / 1e6} Mbit/s`).toBe(kbps(sustained));
    }
  });

  it('takes the top rung on a link above it and the bottom on a link below it, from any rung', () => {
    for (const current of LADDER) {
      for (const bufferLevel of [8, 20, 30]) {
        expect(kbps(new StochasticMpcStrategy(CERTAIN).chooseTrack(context({ throughputSamples: steady(7e6), bufferLevel, current })).track)).toBe(6000);
      }
      for (const bufferLevel of [0, 4, 20]) {
        expect(kbps(new StochasticMpcStrategy(CERTAIN).chooseTrack(context({ throughputSamples: steady(0.3e6), bufferLevel, current })).track)).toBe(400);
      }
    }
  });

  it('a low tail never makes it choose a higher rung, nor expect more QoE, than the certain forecast at the same state', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 2e5, max: 1.2e7, noNaN: true }),
        fc.double({ min: 0, max: 34, noNaN: true }),
        fc.integer({ min: -1, max: LADDER.length - 1 }),
        fc.integer({ min: 8, max: 30 }),
        (bps, bufferLevel, current, bufferGoal) => {
          const ctx = context({ throughputSamples: steady(bps), bufferLevel, bufferGoal, current: current < 0 ? null : LADDER[current]! });
          const certain = new StochasticMpcStrategy(CERTAIN, { horizon: 8 }).chooseTrack(ctx);
          const tail = new StochasticMpcStrategy(LOW_TAIL, { horizon: 8 }).chooseTrack(ctx);
          expect(tail.track.bandwidth).toBeLessThanOrEqual(certain.track.bandwidth);
          expect(reportedValue(tail.reason)).toBeLessThanOrEqual(reportedValue(certain.reason) + 0.01);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a full buffer absorbs the tail: it costs no more rungs at 30 s than at 2 s', () => {
    // Not "less expected QoE lost": a full buffer is worth most when it can be spent on high rungs, which the tail
    // forbids (at 2 Mbit/s from the top rung the tail costs 22.0 of expected QoE at 30 s, 18.3 at 2 s).
    for (const bps of [2e6, 3.5e6, 7e6]) {
      const at = (forecast: ThroughputForecast, bufferLevel: number) => new StochasticMpcStrategy(forecast).chooseTrack(context({ throughputSamples: steady(bps), bufferLevel, current: LADDER[4]! }));
      const rungDrop = (b: number) => LADDER.indexOf(at(CERTAIN, b).track) - LADDER.indexOf(at(LOW_TAIL, b).track);
      expect(rungDrop(30)).toBeLessThanOrEqual(rungDrop(2));
    }
    // At 7 Mbit/s the tail leaves the top rung alone with 30 s buffered but not with 2 s.
    const seven = (forecast: ThroughputForecast, bufferLevel: number) => kbps(new StochasticMpcStrategy(forecast).chooseTrack(context({ throughputSamples: steady(7e6), bufferLevel, current: LADDER[4]! })).track);
    expect(seven(LOW_TAIL, 30)).toBe(6000);
    expect(seven(LOW_TAIL, 2)).toBeLessThan(6000);
  });

  it('on the shipped forecast, one slow sample does not drop the top rung with a full buffer, and does with a thin one', () => {
    const dip = steady(7e6).map((s, i) => (i === 4 ? { ...s, durationMs: (s.bytes * 8000) / 1.5e6 } : s));
    const s = new StochasticMpcStrategy(defaultThroughputForecast(), DEFAULT_STOCHASTIC_MPC_CONFIG);
    expect(kbps(s.chooseTrack(context({ throughputSamples: steady(7e6), bufferLevel: 4, current: LADDER[4]! })).track)).toBe(6000);
    expect(kbps(s.chooseTrack(context({ throughputSamples: dip, bufferLevel: 30, current: LADDER[4]! })).track)).toBe(6000);
    expect(kbps(s.chooseTrack(context({ throughputSamples: dip, bufferLevel: 4, current: LADDER[4]! })).track)).toBeLessThan(6000);
  });
});

describe('StochasticMpcStrategy: decisions and their reasons', () => {
  it('names the strategy, the volatility bucket and the predicted rate', () => {
    const s = new StochasticMpcStrategy(defaultThroughputForecast(), { name: 'my-mpc' });
    const calm = s.chooseTrack(context({ throughputSamples: steady(2.5e6) }));
    expect(calm.reason).toMatch(/^my-mpc: 2\.50 Mbit\/s \(volatility bucket 1\), buffer 20\.0 s → /);
    // ln-rates 0, ln 2, 0, ln 2, 0: volatility ≈ 0.38, above the last edge (0.187) → bucket 4.
    const jumpy = s.chooseTrack(context({ throughputSamples: [1e6, 2e6, 1e6, 2e6, 1e6].map((r, i) => ({ ...steady(r, 1)[0]!, endMs: i + 1 })) }));
    expect(jumpy.reason).toMatch(/^my-mpc: 1\.\d\d Mbit\/s \(volatility bucket 4\)/);
    // No samples: the estimator's rate, bucket 0.
    expect(s.chooseTrack(context({ estimatedBandwidth: 900e3 })).reason).toMatch(/^my-mpc: 900 kbit\/s \(volatility bucket 0\)/);
  });

  it('draws the ratios from the volatility bucket of the recent samples', () => {
    // Calm samples (bucket 1): rates as predicted; jumpy ones (bucket 2): a quarter of the prediction.
    const forecast: ThroughputForecast = { window: 5, levelShift: null, edges: [0.1], weights: [1], ratios: [[[1]], [[1]], [[0.25]]] };
    const s = new StochasticMpcStrategy(forecast);
    // 4 and 8 Mbit/s alternating: harmonic mean 5 Mbit/s, log volatility ≈ 0.38.
    const jumpy = [4e6, 8e6, 4e6, 8e6, 4e6].map((r, i) => ({ ...steady(r, 1)[0]!, endMs: i + 1 }));
    const calm = s.chooseTrack(context({ throughputSamples: steady(5e6), bufferLevel: 4, current: LADDER[3]! }));
    expect(calm.track).toBe(LADDER[3]);
    expect(calm.reason).toMatch(/volatility bucket 1/);
    // From 3 Mbit/s, planned at 1.25 Mbit/s: down, as CERTAIN goes at that rate (at 5 Mbit/s it would hold).
    const risky = s.chooseTrack(context({ throughputSamples: jumpy, bufferLevel: 4, current: LADDER[3]! }));
    expect(risky.reason).toMatch(/^stochastic-mpc: 5\.00 Mbit\/s \(volatility bucket 2\)/);
    expect(risky.track.bandwidth).toBeLessThanOrEqual(1.25e6);
    expect(risky.track).toBe(new StochasticMpcStrategy(CERTAIN).chooseTrack(context({ throughputSamples: steady(1.25e6), bufferLevel: 4, current: LADDER[3]! })).track);
  });

  it('plans on the samples’ body rate, else the estimate, else the prior; the lowest track, saying so, with nothing', () => {
    const s = new StochasticMpcStrategy(CERTAIN);
    expect(s.chooseTrack(context({ estimatedBandwidth: 1e9, throughputSamples: steady(0.3e6) })).track).toBe(LADDER[0]);
    // Bodies at 9 Mbit/s after 300 ms to first byte (5.4 Mbit/s over the whole request): the top rung's 4 s segment takes
    // 2.67 s + the 0.3 s round trip, within 4 s of buffer; at 5.4 Mbit/s it would take 4.74 s and stall.
    expect(s.chooseTrack(context({ throughputSamples: steady(9e6, 5, 300), bufferLevel: 4, current: LADDER[4]! })).track).toBe(LADDER[4]);
    expect(s.chooseTrack(context({ estimatedBandwidth: 9e6, throughputSamples: [] })).track).toBe(LADDER[4]);
    expect(s.chooseTrack(context({ estimatedBandwidth: NaN, initialEstimate: 9e6 })).track).toBe(LADDER[4]);
    const none = s.chooseTrack(context({ estimatedBandwidth: NaN, bufferLevel: 30, current: LADDER[4]! }));
    expect(none.track).toBe(LADDER[0]);
    expect(none.reason).toBe('stochastic-mpc: no throughput known, lowest track');
  });

  it('needs twice the rate at 2× playback', () => {
    const s = new StochasticMpcStrategy(CERTAIN);
    const at = (bps: number, playbackRate: number) => s.chooseTrack(context({ throughputSamples: steady(bps), bufferLevel: 4, current: LADDER[3]!, playbackRate })).track;
    expect(at(3.5e6, 1)).toBe(LADDER[3]);
    expect(at(3.5e6, 2).bandwidth).toBeLessThan(LADDER[3]!.bandwidth);
    expect(at(7e6, 2)).toBe(LADDER[3]);
  });

  it('is the default strategy: edgeplay-mpc on the shipped forecast, damping its own switches', async () => {
    const s = createDefaultAbrStrategy();
    expect(s).toBeInstanceOf(StochasticMpcStrategy);
    expect(s.name).toBe('edgeplay-mpc');
    expect(s.ownsHysteresis).toBe(true);
    expect(defaultThroughputForecast()).toBe(defaultThroughputForecast());
    expect((await s.chooseTrack(context({ throughputSamples: steady(2.5e6) }))).reason).toMatch(/^edgeplay-mpc: /);
  });
});

describe('StochasticMpcStrategy: shouldAbandon', () => {
  const top = LADDER[4]!; // 6000 kbit/s, 4 s: 3 MB.
  // 1 s in, 100 kB: 800 kbit/s, ~29 s to go with 8 s buffered.
  const slow = context({ bufferLevel: 8, current: top, inFlight: { track: top, bytesLoaded: 100_000, bytesTotal: 3_000_000, elapsedMs: 1000, segmentDuration: 4 } });

  it('delegates to AbandonRule when config.abandon is true (the default)', () => {
    const d = new StochasticMpcStrategy(CERTAIN).shouldAbandon(slow);
    expect(d).not.toBeNull();
    expect(kbps(d!.track)).toBe(800);
    expect(d!.reason).toMatch(/^abandon: /);
    expect(new StochasticMpcStrategy(CERTAIN).shouldAbandon({ ...slow, bufferLevel: 30 })).toBeNull();
  });

  it('never abandons when config.abandon is false', () => {
    const s = new StochasticMpcStrategy(CERTAIN, { abandon: false });
    expect(s.shouldAbandon(slow)).toBeNull();
    expect(s.shouldAbandon({ ...slow, bufferLevel: 1, inFlight: { ...slow.inFlight!, bytesLoaded: 0, elapsedMs: 5000 } })).toBeNull();
    s.reset();
  });
});

describe('StochasticMpcStrategy: hostile input', () => {
  const forecasts = [CERTAIN, LOW_TAIL, defaultThroughputForecast()];

  it('decides among 5,000 rungs well under a second (the search is thinned to 12)', () => {
    const ladder = Array.from({ length: 5000 }, (_, i) => ({ ...track(100 + i, 720), id: `r${i}` }));
    for (const forecast of forecasts) {
      const t0 = performance.now();
      const d = new StochasticMpcStrategy(forecast).chooseTrack(context({ tracks: ladder, current: ladder[2500]!, throughputSamples: steady(3e6) }));
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(ladder).toContain(d.track);
    }
  });

  it('bounds its buffer grid: a huge segment duration (from a manifest) or buffer goal decides in well under a second', () => {
    // Unbounded, the grid had (goal + segment) / binS bins: a 10^6 s first segment took 78 s and 3 × 192 MB per decision.
    const ladder = Array.from({ length: 5000 }, (_, i) => ({ ...track(100 + i, 720), id: `r${i}` }));
    for (const [segmentDuration, bufferGoal] of [[1e6, 30], [4, 1e5], [1e9, 1e9]] as const) {
      const t0 = performance.now();
      const d = new StochasticMpcStrategy(defaultThroughputForecast()).chooseTrack(context({ tracks: ladder, current: ladder[2500]!, segmentDuration, bufferGoal, throughputSamples: steady(3e6) }));
      expect(performance.now() - t0, `segment ${segmentDuration} s, goal ${bufferGoal} s`).toBeLessThan(1000);
      expect(ladder).toContain(d.track);
    }
  });

  it('never throws and always returns one of the tracks, whatever the context holds', () => {
    const weird = fc.constantFrom(0, -1, NaN, Infinity, -Infinity, 1e-12, 1e12);
    const num = (min: number, max: number) => fc.oneof(fc.double({ min, max, noNaN: true }), weird);
    const sample = fc.record({ bytes: num(0, 1e7), durationMs: num(0, 1e5), ttfbMs: num(0, 1e4), endMs: num(0, 1e6) });
    const ctxArb = fc.record({
      bandwidths: fc.array(fc.oneof(fc.integer({ min: 1, max: 2e7 }), fc.constantFrom(0, NaN, Infinity)), { minLength: 1, maxLength: 40 }),
      current: fc.integer({ min: -1, max: 40 }),
      estimatedBandwidth: num(0, 1e8),
      initialEstimate: fc.option(num(0, 1e8), { nil: undefined }),
      bufferLevel: num(0, 200),
      bufferGoal: num(0.1, 120),
      segmentDuration: num(0.1, 20),
      remainingS: fc.option(num(0, 1e4), { nil: undefined }),
      playbackRate: fc.oneof(fc.constantFrom(0, 16, 0.0625, NaN, Infinity), fc.double({ min: 0.25, max: 4, noNaN: true })),
      samples: fc.option(fc.array(sample, { maxLength: 12 }), { nil: undefined }),
      sizes: fc.option(fc.oneof(fc.constant(undefined), weird, fc.double({ min: 0, max: 1e8, noNaN: true })), { nil: null }),
      forecast: fc.constantFrom(...forecasts),
    });
    fc.assert(
      fc.property(ctxArb, (p) => {
        const tracks = p.bandwidths.map((b, i) => ({ ...track(1, 360), id: `t${i}`, bandwidth: b }));
        const size = p.sizes;
        const ctx = context({
          tracks,
          current: p.current < 0 ? null : (tracks[p.current % tracks.length] ?? null),
          estimatedBandwidth: p.estimatedBandwidth,
          bufferLevel: p.bufferLevel,
          bufferGoal: p.bufferGoal,
          segmentDuration: p.segmentDuration,
          playbackRate: p.playbackRate,
          ...(p.initialEstimate === undefined ? {} : { initialEstimate: p.initialEstimate }),
          ...(p.remainingS === undefined ? {} : { remainingS: p.remainingS }),
          ...(p.samples === undefined ? {} : { throughputSamples: p.samples }),
          ...(size === null ? {} : { segmentBytes: () => size }),
        });
        const d = new StochasticMpcStrategy(p.forecast).chooseTrack(ctx);
        expect(tracks).toContain(d.track);
        expect(typeof d.reason).toBe('string');
      }),
      { numRuns: 400 },
    );
  });

  it('handles the edges one at a time: no samples, zero/NaN/Infinity samples, remainingS 0 or tiny, buffer over the goal, unknown or empty sizes', () => {
    const s = new StochasticMpcStrategy(defaultThroughputForecast());
    const bad = [0, NaN, Infinity].map((v, i) => ({ bytes: 500_000, durationMs: v, ttfbMs: 0, endMs: i + 1 }));
    const cases: Partial<AbrContext>[] = [
      { throughputSamples: [], estimatedBandwidth: NaN },
      { throughputSamples: bad },
      { throughputSamples: bad, estimatedBandwidth: NaN },
      { throughputSamples: [{ bytes: 0, durationMs: 0, ttfbMs: 0, endMs: 1 }] },
      { remainingS: 0 },
      { remainingS: 1e-9 },
      { bufferLevel: 500, bufferGoal: 30 },
      { playbackRate: 0 },
      { playbackRate: 16 },
      { segmentBytes: () => undefined },
      { segmentBytes: () => 0 },
      { segmentBytes: () => NaN },
      { segmentDuration: 0 },
    ];
    for (const partial of cases) {
      const d = s.chooseTrack(context({ throughputSamples: steady(3e6), ...partial }));
      expect(LADDER, JSON.stringify(partial)).toContain(d.track);
    }
    // Samples without a usable rate and no estimate: the lowest track, and the reason says why.
    const none = s.chooseTrack(context({ throughputSamples: bad, estimatedBandwidth: NaN, current: LADDER[4]! }));
    expect(none.track).toBe(LADDER[0]);
    expect(none.reason).toMatch(/no throughput known, lowest track/);
    // 16× playback needs 16× the rate: 3 Mbit/s sustains only the lowest rung; a 0 rate is clamped, not a division by zero.
    expect(s.chooseTrack(context({ throughputSamples: steady(3e6), playbackRate: 16, bufferLevel: 4 })).track).toBe(LADDER[0]);
    expect(s.chooseTrack(context({ throughputSamples: steady(3e6), playbackRate: 0, bufferLevel: 4 })).track).toBe(LADDER[4]);
    // Sizes unknown (undefined) are bandwidth × duration: the same decision as without the callback.
    const plain = s.chooseTrack(context({ throughputSamples: steady(3e6) }));
    expect(s.chooseTrack(context({ throughputSamples: steady(3e6), segmentBytes: () => undefined })).track).toBe(plain.track);
    // Empty segments download in no time: the top rung.
    expect(s.chooseTrack(context({ throughputSamples: steady(3e6), segmentBytes: () => 0 })).track).toBe(LADDER[4]);
  });
});
