import type { Track } from '../manifest/model.js';
import type { AbrContext, AbrDecision, AbrStrategy } from './abr-strategy.js';
import { baseEstimate, medianTtfbS, recentRates } from './throughput-history.js';
import { forecastBucket, forecastPrediction, type ThroughputForecast } from './throughput-forecast.js';
import { AbandonRule } from './abandon-rule.js';
import { lookaheadBytes, lookaheadSegments } from './lookahead.js';
import { formatBps, indexOfTrack, sortByBandwidth, thinLadder } from './track-ladder.js';

/** Tuning of {@link StochasticMpcStrategy}. */
export interface StochasticMpcConfig {
  /** Segments planned ahead. */
  horizon: number;
  /** QoE_lin penalty per second of stall, in Mbit/s units. */
  rebufferPenalty: number;
  /** QoE_lin penalty per Mbit/s of bitrate change. */
  smoothnessPenalty: number;
  /** Buffer resolution of the dynamic programme, seconds (widened where goal + segment would need more than 256 bins). */
  binS: number;
  /** Abandon a transfer that cannot finish before the buffer runs out ({@link AbandonRule}). */
  abandon: boolean;
  /** Name shown in decisions and benches. */
  name: string;
}

const DEFAULTS: StochasticMpcConfig = { horizon: 20, rebufferPenalty: 4.3, smoothnessPenalty: 2, binS: 0.5, abandon: true, name: 'stochastic-mpc' };

/** Rungs searched at most (see {@link thinLadder}), as {@link RobustMpcStrategy}. */
const MAX_SEARCHED_RUNGS = 12;

/**
 * Buffer bins at most; beyond, the bins widen. Each depth costs rungs × bins ×
 * (atoms + rungs), and the segment duration comes from the manifest: a
 * claimed 10^6 s first segment made 2·10^6 bins, 78 s and 3 × 192 MB per
 * decision. 256 keeps the default 0.5 s bins up to 127.5 s of goal + segment.
 */
const MAX_BUFFER_BINS = 256;

/**
 * Stochastic model-predictive control, after Fugu (Yan et al., NSDI 2020):
 * each of the next `horizon` segments downloads at the harmonic-mean
 * prediction times a ratio drawn from a {@link ThroughputForecast} learned on
 * the training traces (its distribution depends on how jumpy the recent
 * samples were and on how far ahead the segment is; independent between
 * segments), and a dynamic programme over (segment ahead, previous rung,
 * buffer) picks the rung that maximises the expected QoE_lin — bitrate −
 * `rebufferPenalty` × stall − `smoothnessPenalty` × |Δbitrate|. The model is
 * the Player's: each request pays the median round trip, the scheduler
 * pauses at the buffer goal, sizes are the segments' own where known.
 *
 * Where robustMPC plans on one rate divided by its recent worst error, here
 * a dip costs in proportion to its probability and to how little buffer is
 * left to absorb it: with a full buffer a single slow sample no longer drops
 * several rungs, and with a thin one the tail is still respected.
 */
export class StochasticMpcStrategy implements AbrStrategy {
  /** `config.name`: shown in decisions, stats and benches. */
  readonly name: string;
  /** The objective's switching penalty damps switching: no controller holds on top. */
  readonly ownsHysteresis = true;
  private readonly config: StochasticMpcConfig;
  private readonly abandonRule: AbandonRule | null;

  constructor(
    private readonly forecast: ThroughputForecast,
    config: Partial<StochasticMpcConfig> = {},
  ) {
    this.config = { ...DEFAULTS, ...config };
    this.name = this.config.name;
    this.abandonRule = this.config.abandon ? new AbandonRule() : null;
  }

  /** The first rung of the plan with the highest expected QoE_lin; the reason names the prediction, bucket and expected value. */
  chooseTrack(context: AbrContext): AbrDecision {
    // Quadratic in the rungs: a hostile manifest has thousands.
    const sorted = thinLadder(sortByBandwidth(context.tracks), MAX_SEARCHED_RUNGS, context.current);
    const rates = recentRates(context, this.forecast.window, true);
    const predicted = forecastPrediction(this.forecast, rates);
    const raw = predicted > 0 ? predicted : baseEstimate(context);
    const bps = raw / Math.max(context.playbackRate, 1e-3);
    if (!(bps > 0) || !Number.isFinite(bps)) return { track: sorted[0]!, reason: `${this.name}: no throughput known, lowest track` };
    const bucket = forecastBucket(this.forecast, rates);
    const plan = this.bestFirstRung(sorted, context, bps, this.forecast.ratios[bucket]!);
    const track = sorted[plan.first]!;
    return {
      track,
      reason: `${this.name}: ${formatBps(raw)} (volatility bucket ${bucket}), buffer ${context.bufferLevel.toFixed(1)} s → ${formatBps(track.bandwidth)} (expected QoE ${plan.value.toFixed(2)})`,
    };
  }

  /** Abandons on evidence ({@link AbandonRule}) when `abandon` is set, else never. */
  shouldAbandon(context: AbrContext): AbrDecision | null {
    return this.abandonRule?.check(context) ?? null;
  }

  /** Forgets the abandon rule's watched transfer (a new playback). */
  reset(): void {
    this.abandonRule?.reset();
  }

  /**
   * Backward induction: V_d(previous rung, buffer) = max over rungs r of
   * [bitrate(r) − smoothness × |Δ| + E_ratio(−rebuffer × stall + V_{d+1}(r, buffer'))],
   * with V at the horizon 0 and the buffer on a `binS` grid of at most
   * `MAX_BUFFER_BINS` bins (linear interpolation between bins). The
   * expectation does not depend on the previous rung, so each depth costs
   * rungs × bins × (atoms + rungs).
   */
  private bestFirstRung(sorted: readonly Track[], context: AbrContext, bps: number, ratios: readonly (readonly number[])[]): { first: number; value: number } {
    const c = this.config;
    const segment = context.segmentDuration;
    const horizon = lookaheadSegments(context, c.horizon);
    const rungs = sorted.length;
    const mbps = sorted.map((t) => t.bandwidth / 1e6);
    const rtt = medianTtfbS(context);
    const goal = context.bufferGoal;
    const top = goal + segment;
    const binS = Math.max(c.binS, top / (MAX_BUFFER_BINS - 1));
    // At least two bins (the interpolation reads i and i + 1); NaN (a NaN or infinite duration) → 2.
    const bins = Math.max(2, Math.min(MAX_BUFFER_BINS, Math.ceil(top / binS) + 1)) || 2;
    const weights = this.forecast.weights;
    const atoms = weights.length;
    // download[(depth * rungs + r) * atoms + j]: seconds to fetch that segment on rung r when atom j happens — the
    // same for every buffer bin, so computed once per decision, and its size once per (segment, rung): segmentBytes
    // is an index search per call.
    const download = new Float64Array(horizon * rungs * atoms);
    for (let depth = 0; depth < horizon; depth++) {
      const row = ratios[Math.min(depth, ratios.length - 1)]!;
      for (let r = 0; r < rungs; r++) {
        const bits = lookaheadBytes(context, sorted[r]!, depth) * 8;
        for (let j = 0; j < atoms; j++) download[(depth * rungs + r) * atoms + j] = bits / (bps * row[j]!) + rtt;
      }
    }
    // later[r * bins + b]: value from the next depth on, having fetched rung r, with b × binS of buffer.
    let later = new Float64Array(rungs * bins);
    const expected = (depth: number, r: number, buffer: number): number => {
      const start = Math.min(buffer, goal);
      const at = (depth * rungs + r) * atoms;
      let e = 0;
      for (let j = 0; j < atoms; j++) {
        const seconds = download[at + j]!;
        const x = Math.min(Math.max(0, start - seconds) + segment, top) / binS;
        const i = Math.min(Math.floor(x), bins - 2);
        const f = x - i;
        e += weights[j]! * (-c.rebufferPenalty * Math.max(0, seconds - start) + later[r * bins + i]! * (1 - f) + later[r * bins + i + 1]! * f);
      }
      return e;
    };
    const gain = new Float64Array(rungs * bins);
    for (let depth = horizon - 1; depth >= 1; depth--) {
      for (let r = 0; r < rungs; r++) for (let b = 0; b < bins; b++) gain[r * bins + b] = mbps[r]! + expected(depth, r, b * binS);
      const value = new Float64Array(rungs * bins);
      for (let p = 0; p < rungs; p++) {
        for (let b = 0; b < bins; b++) {
          let best = -Infinity;
          for (let r = 0; r < rungs; r++) best = Math.max(best, gain[r * bins + b]! - c.smoothnessPenalty * Math.abs(mbps[r]! - mbps[p]!));
          value[p * bins + b] = best;
        }
      }
      later = value;
    }
    const previous = indexOfTrack(sorted, context.current);
    let first = 0;
    let value = -Infinity;
    for (let r = 0; r < rungs; r++) {
      const v = mbps[r]! - (previous < 0 ? 0 : c.smoothnessPenalty * Math.abs(mbps[r]! - mbps[previous]!)) + expected(0, r, context.bufferLevel);
      if (v > value) {
        value = v;
        first = r;
      }
    }
    return { first, value };
  }
}
