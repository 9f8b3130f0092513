import type { AbrContext } from './abr-strategy.js';
import { harmonicMean, medianTtfbS, recentRates } from './throughput-history.js';
import { indexOfTrack, sortByBandwidth } from './track-ladder.js';

/**
 * The fixed, normalised feature vector Edgeplay gives ABR models
 * (`edgeplay-abr-features/1`, documented in packages/core/src/abr/README.md).
 * `GLOBAL_FEATURES` describe the playback, then `MAX_RUNGS` blocks of
 * `RUNG_FEATURES` describe each candidate rung, lowest first; blocks past the
 * ladder's end are all zero (their mask feature is 0). Every value is bounded
 * (clipped), so a model never sees an unbounded input.
 */
export const FEATURE_VERSION = 'edgeplay-abr-features/1';
export const GLOBAL_FEATURES = 11;
export const RUNG_FEATURES = 8;
export const MAX_RUNGS = 8;
export const FEATURE_LENGTH = GLOBAL_FEATURES + MAX_RUNGS * RUNG_FEATURES;

/** Samples the throughput features look at. */
const WINDOW = 5;

const clip = (x: number, lo: number, hi: number) => (Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : 0);
/** Log-ratio scaled so e^±6 maps to ±2. */
const logRatio = (x: number) => clip(Math.log(x) / 3, -2, 2);

/**
 * Builds the feature vector for `context`. Tracks beyond `MAX_RUNGS` (from
 * the top) are not represented: a model then only chooses among the lowest
 * `MAX_RUNGS`.
 */
export function abrFeatures(context: AbrContext): Float64Array {
  const f = new Float64Array(FEATURE_LENGTH);
  const sorted = sortByBandwidth(context.tracks).slice(0, MAX_RUNGS);
  const n = sorted.length;
  if (n === 0) return f;
  const top = sorted[n - 1]!.bandwidth;
  const rates = recentRates(context, WINDOW, true);
  const prior = context.estimatedBandwidth > 0 ? context.estimatedBandwidth : (context.initialEstimate ?? NaN);
  const harmonic = rates.length ? harmonicMean(rates) : prior;
  const mean = rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : NaN;
  const std = rates.length > 1 ? Math.sqrt(rates.reduce((a, b) => a + (b - mean) ** 2, 0) / rates.length) : 0;
  const ttfbS = medianTtfbS(context);
  const current = indexOfTrack(sorted, context.current);
  const goal = Math.max(context.bufferGoal, 1e-3);
  const seg = Math.max(context.segmentDuration, 1e-3);
  const rate = Math.max(context.playbackRate, 1e-3);

  f[0] = clip(context.bufferLevel / goal, 0, 1.5);
  f[1] = harmonic > 0 ? logRatio(harmonic / top) : -2;
  f[2] = rates.length ? logRatio(rates[rates.length - 1]! / top) : f[1]!;
  f[3] = rates.length ? logRatio(Math.min(...rates) / top) : f[1]!;
  f[4] = rates.length > 1 ? clip(std / mean, 0, 2) : 0;
  f[5] = clip(rates.length / WINDOW, 0, 1);
  f[6] = clip((context.remainingS ?? Infinity) / (10 * seg), 0, 1);
  f[7] = context.startingUp ? 1 : 0;
  f[8] = context.rebuffering ? 1 : 0;
  f[9] = current >= 0 && n > 1 ? current / (n - 1) : 0;
  f[10] = current >= 0 ? 1 : 0;
  const currentBps = current >= 0 ? sorted[current]!.bandwidth : 0;
  for (let r = 0; r < n; r++) {
    const t = sorted[r]!;
    const o = GLOBAL_FEATURES + r * RUNG_FEATURES;
    const nominal = (t.bandwidth * seg) / 8;
    const bytes = context.segmentBytes?.(t, 0) ?? nominal;
    const downloadS = harmonic > 0 ? (bytes * 8) / (harmonic / rate) + ttfbS : 4 * seg;
    f[o] = 1;
    f[o + 1] = n > 1 ? r / (n - 1) : 0;
    f[o + 2] = t.bandwidth / top;
    f[o + 3] = r === current ? 1 : 0;
    f[o + 4] = current >= 0 ? clip((t.bandwidth - currentBps) / top, -1, 1) : 0;
    f[o + 5] = clip(downloadS / seg, 0, 4);
    f[o + 6] = clip((downloadS - context.bufferLevel) / seg, -4, 4);
    f[o + 7] = clip(bytes / nominal, 0, 3);
  }
  return f;
}

/** Number of rungs the vector describes (the mask features set). */
export function rungCount(features: ArrayLike<number>): number {
  let n = 0;
  while (n < MAX_RUNGS && features[GLOBAL_FEATURES + n * RUNG_FEATURES] === 1) n++;
  return n;
}
