import type { AbrStrategy } from './abr-strategy.js';
import { RobustMpcStrategy } from './robust-mpc-strategy.js';

/**
 * The default ABR: model-predictive control tuned for the Player (see
 * bench/abr/README.md for the measurements that chose it). Differences from
 * the paper's robustMPC ({@link RobustMpcStrategy} defaults): a 10-segment
 * lookahead (a DP over buffer bins; 5 segments spend the buffer as if the
 * video ended there), half the robust error discount (the longer horizon
 * already averages), and the lookahead
 * models the Player — each request pays the round trip (median TTFB) and the
 * scheduler pauses at the buffer goal — throughput is measured over the body
 * only (the RTT is added by the model), stalls are weighed at `rebufferPenalty`
 * (above QoE_lin's 4.3, for prediction error the robust discount misses),
 * and a download that cannot finish before the buffer runs out is abandoned
 * on evidence ({@link AbandonRule}).
 */
export function createDefaultAbrStrategy(): AbrStrategy {
  return new RobustMpcStrategy({ name: 'edgeplay-mpc', playerAware: true, rebufferPenalty: 8, horizon: 10, errorDiscount: 0.5, abandon: true });
}
