import type { AbrContext, ThroughputSample } from './abr-strategy.js';

/**
 * Bits/s of one transfer: over request start → last byte (the RTT included,
 * as a browser's resource timing sees it), or, with `bodyOnly`, over first →
 * last byte (for models that add the round trip themselves).
 */
export function sampleBps(sample: ThroughputSample, bodyOnly = false): number {
  const ms = bodyOnly ? sample.durationMs - sample.ttfbMs : sample.durationMs;
  return ms > 0 ? (sample.bytes * 8 * 1000) / ms : NaN;
}

/** Median time to first byte of the context's samples, seconds (0 when none): the round trip a request pays. */
export function medianTtfbS(context: AbrContext): number {
  const t = (context.throughputSamples ?? []).map((s) => s.ttfbMs).filter((v) => v >= 0).sort((a, b) => a - b);
  return t.length ? t[Math.floor(t.length / 2)]! / 1000 : 0;
}

/** Harmonic mean of the positive finite values (NaN for none): dominated by the slow ones, as transfer times are. */
export function harmonicMean(values: readonly number[]): number {
  let n = 0;
  let inv = 0;
  for (const v of values) {
    if (v > 0 && Number.isFinite(v)) {
      n++;
      inv += 1 / v;
    }
  }
  return n ? n / inv : NaN;
}

/** The last `count` sample rates of the context, oldest first (empty when the Player gave none). */
export function recentRates(context: AbrContext, count: number, bodyOnly = false): number[] {
  const samples = context.throughputSamples ?? [];
  return samples
    .slice(-count)
    .map((s) => sampleBps(s, bodyOnly))
    .filter((v) => v > 0 && Number.isFinite(v));
}

/**
 * The throughput a strategy should plan with before anything is measured:
 * the estimator's output, else the context's prior (`initialEstimate`), else NaN.
 */
export function baseEstimate(context: AbrContext): number {
  if (context.estimatedBandwidth > 0 && Number.isFinite(context.estimatedBandwidth)) return context.estimatedBandwidth;
  if (context.initialEstimate !== undefined && context.initialEstimate > 0 && Number.isFinite(context.initialEstimate)) return context.initialEstimate;
  return NaN;
}

/**
 * The rates a prediction should average: `rates` (oldest first), or only the
 * last `run` of them when each of those is above `ratio` × the harmonic mean
 * of the earlier ones — the link moved up to a new level (a cell handover, a
 * cross-traffic flow ending), and averaging it with the old level keeps the
 * prediction there for a whole window. Drops need no such rule: the harmonic
 * mean follows a slow sample at once.
 */
export function sinceLevelShift(rates: readonly number[], ratio: number, run: number): readonly number[] {
  if (!(ratio < Infinity) || run < 1 || rates.length <= run) return rates;
  const before = harmonicMean(rates.slice(0, -run));
  const recent = rates.slice(-run);
  return recent.every((r) => r > ratio * before) ? recent : rates;
}

/** The harmonic mean of `rates` (oldest first), restarted at an upward level shift when `rule` is given ({@link sinceLevelShift}); NaN for none. */
export function levelShiftedMean(rates: readonly number[], rule: LevelShiftRule | null): number {
  return harmonicMean(rule ? sinceLevelShift(rates, rule.ratio, rule.run) : rates);
}

/** When the throughput mean restarts at a new, higher level (see `RobustMpcConfig.levelShift`). */
export interface LevelShiftRule {
  /** Each of the last `run` samples must exceed this × the harmonic mean of the earlier ones. */
  ratio: number;
  /** How many samples in a row (one alone is a spike). */
  run: number;
}

/**
 * robustMPC's predictor (Yin et al., SIGCOMM 2015): harmonic mean of the last
 * `window` samples, divided by 1 + the largest relative error of the last
 * `window` predictions. Errors are learned by comparing each prediction with
 * the sample that followed it, so one instance follows one playback. With a
 * `levelShift` rule the mean restarts at an upward level shift
 * ({@link sinceLevelShift}); the paper has none.
 */
export class RobustThroughputPredictor {
  private errors: number[] = [];
  private lastPrediction = NaN;
  /** Whether `lastPrediction` came from the context's prior / estimate rather than from samples. */
  private lastFromPrior = false;
  private seenSamples = 0;
  private seenEnd = -Infinity;

  /** @param bodyOnly rates over the body only (see {@link sampleBps}). */
  constructor(
    private readonly window = 5,
    private readonly bodyOnly = false,
    private readonly levelShift: LevelShiftRule | null = null,
  ) {}

  /** The discounted prediction, bits/s (NaN when nothing is known). */
  predict(context: AbrContext): { bps: number; raw: number; maxError: number } {
    const samples = context.throughputSamples ?? [];
    const last = samples[samples.length - 1];
    if (last && last.endMs !== this.seenEnd) {
      const actual = sampleBps(last, this.bodyOnly);
      if (this.lastPrediction > 0 && actual > 0) {
        // A prediction from the start prior (no samples behind it) is another predictor's: its miss
        // says nothing about the samples' error. It enters the window as a fixed 100 % (the most an
        // under-prediction can miss by) — the start's uncertainty, aged out by the next `window`
        // samples. Its real miss could be 20× (an unshaped manifest's rate against a shaped
        // cache): five predictions divided by ~10 held the bottom rung on a link that sustains
        // the top (issue 14's Chromium start). Not 0: the early caution pays in bench:abr
        // (train subsets, × optimum, oboe 60 traces: not scored 0.912, miss ≤ 100 % 0.917, fixed
        // 100 % 0.917; pensieve 50: miss ≤ 100 % 0.757, fixed 100 % 0.774).
        this.errors.push(this.lastFromPrior ? 1 : Math.abs(this.lastPrediction - actual) / actual);
        if (this.errors.length > this.window) this.errors.shift();
      }
      this.seenEnd = last.endMs;
      this.seenSamples++;
    }
    const recent = recentRates(context, this.window, this.bodyOnly);
    const raw = recent.length ? levelShiftedMean(recent, this.levelShift) : baseEstimate(context);
    const maxError = this.errors.length ? Math.max(...this.errors) : 0;
    this.lastPrediction = raw;
    this.lastFromPrior = recent.length === 0;
    return { bps: raw / (1 + maxError), raw, maxError };
  }

  reset(): void {
    this.errors = [];
    this.lastPrediction = NaN;
    this.lastFromPrior = false;
    this.seenSamples = 0;
    this.seenEnd = -Infinity;
  }
}
