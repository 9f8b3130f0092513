import { levelShiftedMean, type LevelShiftRule } from './throughput-history.js';

/**
 * What the next segments' throughput may be, relative to the harmonic-mean
 * prediction: for each volatility bucket of the recent samples and each
 * segment ahead, the distribution of (the body rate that segment achieved) /
 * (the prediction made before it), as weighted atoms (quantiles). Learned from
 * the training traces by `npm run train:abr-forecast` (bench/abr/train-forecast.ts).
 */
export interface ThroughputForecast {
  /** Samples the prediction and the volatility are taken over. */
  window: number;
  /** The prediction's level-shift rule (see `levelShiftedMean`); null: plain harmonic mean. */
  levelShift: LevelShiftRule | null;
  /** Ascending edges on `logVolatility` (below); bucket 0 is "fewer than two samples", bucket i ≥ 1 lies above i − 1 edges. */
  edges: readonly number[];
  /** Probability of each atom (the same for every bucket and depth), summing to 1. */
  weights: readonly number[];
  /** ratios[bucket][segment ahead][atom]: rate / prediction; segments beyond the last row reuse it. */
  ratios: readonly (readonly (readonly number[])[])[];
}

/** The shipped form of a {@link ThroughputForecast}: ratios as round(ln(ratio) × `scale`), so the table is small integers. */
export interface EncodedThroughputForecast extends Omit<ThroughputForecast, 'ratios'> {
  /** Integers per unit of ln(ratio) (40: 2.5 % resolution). */
  scale: number;
  /** logRatios[bucket][segment ahead][atom] = round(ln(ratio) × scale). */
  logRatios: readonly (readonly (readonly number[])[])[];
}

/** Decodes the shipped table. */
export function decodeThroughputForecast(encoded: EncodedThroughputForecast): ThroughputForecast {
  const { scale, logRatios, ...rest } = encoded;
  return { ...rest, ratios: logRatios.map((bucket) => bucket.map((depth) => depth.map((q) => Math.exp(q / scale)))) };
}

/** Encodes a table for shipping (the inverse of {@link decodeThroughputForecast} up to 1/`scale` in ln(ratio)). */
export function encodeThroughputForecast(forecast: ThroughputForecast, scale: number): EncodedThroughputForecast {
  const { ratios, ...rest } = forecast;
  return { ...rest, scale, logRatios: ratios.map((bucket) => bucket.map((depth) => depth.map((r) => Math.round(Math.log(r) * scale)))) };
}

/** Standard deviation of the natural logs of the rates (NaN under two rates): how jumpy the link has been, scale-free. */
export function logVolatility(rates: readonly number[]): number {
  if (rates.length < 2) return NaN;
  const logs = rates.map(Math.log);
  const mean = logs.reduce((s, v) => s + v, 0) / logs.length;
  return Math.sqrt(logs.reduce((s, v) => s + (v - mean) ** 2, 0) / (logs.length - 1));
}

/** The bucket of `rates` (the last `window` samples, oldest first) in `forecast`. */
export function forecastBucket(forecast: Pick<ThroughputForecast, 'edges' | 'ratios'>, rates: readonly number[]): number {
  const v = logVolatility(rates);
  const bucket = Number.isNaN(v) ? 0 : 1 + forecast.edges.filter((e) => v >= e).length;
  return Math.min(bucket, forecast.ratios.length - 1);
}

/** The prediction the ratios are relative to: the harmonic mean of `rates` (restarted at an upward level shift when the forecast has the rule); NaN for none. */
export function forecastPrediction(forecast: Pick<ThroughputForecast, 'levelShift'>, rates: readonly number[]): number {
  return levelShiftedMean(rates, forecast.levelShift);
}
