import type { AbrContext, AbrDecision, AbrStrategy } from './abr-strategy.js';
import { formatBps, highestFitting, sortByBandwidth } from './track-ladder.js';

/** Tuning of {@link ThroughputAbrStrategy}. */
export interface ThroughputAbrConfig {
  /** Fraction of the estimate a track may use (headroom for estimation error and audio). */
  safetyFactor: number;
}

/**
 * Pure rate-based baseline (what hls.js/shaka do by default, minus their
 * extra heuristics): the highest track whose bandwidth fits within
 * `safetyFactor × estimate`, the lowest when the estimate is unknown. It
 * ignores the buffer entirely, so it reacts late to a collapse and stalls
 * more; it exists to benchmark the hybrid strategy against.
 */
export class ThroughputAbrStrategy implements AbrStrategy {
  readonly name = 'throughput';
  private readonly config: ThroughputAbrConfig;

  constructor(config: Partial<ThroughputAbrConfig> = {}) {
    this.config = { safetyFactor: 0.9, ...config };
  }

  chooseTrack(context: AbrContext): AbrDecision {
    const sorted = sortByBandwidth(context.tracks);
    const budget = context.estimatedBandwidth * this.config.safetyFactor;
    const track = highestFitting(sorted, budget / Math.max(context.playbackRate, 1e-3));
    const reason = Number.isFinite(budget)
      ? `throughput: ${formatBps(context.estimatedBandwidth)} × ${this.config.safetyFactor} fits ${formatBps(track.bandwidth)}`
      : 'throughput: no estimate yet, lowest track';
    return { track, reason };
  }
}
