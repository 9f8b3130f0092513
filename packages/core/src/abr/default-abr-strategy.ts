import type { AbrStrategy } from './abr-strategy.js';
import { StochasticMpcStrategy, type StochasticMpcConfig } from './stochastic-mpc-strategy.js';
import { decodeThroughputForecast, type ThroughputForecast } from './throughput-forecast.js';
import { SHIPPED_THROUGHPUT_FORECAST } from './throughput-forecast-table.js';

/**
 * The default ABR: stochastic model-predictive control
 * ({@link StochasticMpcStrategy}) on the shipped throughput forecast — the
 * distribution of the next 20 segments' rates relative to the harmonic-mean
 * prediction, per recent-volatility quartile, learned from the training
 * traces by `npm run train:abr-forecast` — with evidence-based abandonment
 * ({@link AbandonRule}).
 *
 * Measured with `npm run bench:abr -- --split train --ladder cbr,vbr-indexed`
 * (whole train splits) against the previous default, the tuned robustMPC
 * below (× offline optimum, pensieve CBR / VBR with sizes known, oboe CBR /
 * VBR): 0.767 / 0.693 / 0.919 / 0.896 → 0.812 / 0.709 / 0.924 / 0.910
 * (session 8, the VBR sizes then handed over by the bench; the Player's own
 * indexed sizes give 0.684 / 0.908 with the larger MPD's startup cost),
 * rebuffering equal, switches down a fifth; all train traces pooled, CBR:
 * 0.902 → 0.911 (robustMPC 0.864). The choices (pensieve CBR, train): horizon 20 (10: 0.778,
 * 15: 0.790, 24: 0.805, 30: 0.795, 48: 0.794 — the table's depths stop at
 * 20), switching penalty 2 (1: 0.772 at horizon 10, 2.5: 0.809, 3: 0.768),
 * QoE_lin's own stall weight 4.3 (3.5: 0.783, 5.5: 0.806, 8: 0.772 at horizon
 * 10; the distribution carries the risk robustMPC's extra weight stood in
 * for), 4 volatility buckets (2: 0.805, 6: 0.798), volatility over the
 * prediction's 5 samples (8: 0.806, 10: 0.804), buffer bins of 0.5 s (0.25:
 * the same, 2× slower). Ratios independent per segment: a Markov chain
 * between consecutive segments' atoms (learned, 13 × 13 per depth) scored
 * 0.784–0.788 — more accurate about persistent dips, and too cautious for a
 * Player that also abandons and re-decides every segment.
 */
export function createDefaultAbrStrategy(): AbrStrategy {
  return new StochasticMpcStrategy(defaultThroughputForecast(), DEFAULT_STOCHASTIC_MPC_CONFIG);
}

/** The default strategy's configuration. */
export const DEFAULT_STOCHASTIC_MPC_CONFIG: Partial<StochasticMpcConfig> = { name: 'edgeplay-mpc', horizon: 20, rebufferPenalty: 4.3, smoothnessPenalty: 2, binS: 0.5, abandon: true };

let decoded: ThroughputForecast | null = null;

/** The shipped forecast (`SHIPPED_THROUGHPUT_FORECAST`, throughput-forecast-table.ts), decoded once. */
export function defaultThroughputForecast(): ThroughputForecast {
  return (decoded ??= decodeThroughputForecast(SHIPPED_THROUGHPUT_FORECAST));
}
