/**
 * What the gap to the offline optimum is made of (`npm run bench:abr -- --ceilings`):
 * strategies that are told part of the future, played in the real Player like
 * every other row. Not shippable — they read the trace — but they bound what
 * a better online predictor could gain:
 * - `oracle-mean T s`: the default MPC planning with the trace's true mean
 *   throughput over the next T seconds instead of its prediction (the best
 *   any single-number predictor can do);
 * - `clairvoyant H`: the offline-optimal DP re-solved at every decision over
 *   the next H segments with the trace known (the DAgger expert of train:abr).
 */
import type { AbrContext, AbrDecision, AbrStrategy } from '../../packages/core/src/abr/abr-strategy.js';
import { indexOfTrack, sortByBandwidth } from '../../packages/core/src/abr/track-ladder.js';
import { RobustMpcStrategy, TUNED_ROBUST_MPC_CONFIG } from '../../packages/core/src/abr/robust-mpc-strategy.js';
import { medianTtfbS } from '../../packages/core/src/abr/throughput-history.js';
import { optimalFrom } from '../../packages/sim/src/abr-eval/offline-optimal.js';
import { TraceIntegral } from '../../packages/sim/src/abr-eval/trace-integral.js';
import type { ChunkModel } from '../../packages/sim/src/abr-eval/chunk-model.js';
import type { TracePoint } from '../../packages/sim/src/trace.js';
import type { SessionSetup } from './player-session.js';

/** A strategy built for one trace. */
export interface CeilingStrategy {
  name: string;
  make(trace: readonly TracePoint[], model: ChunkModel): AbrStrategy;
}

/** The default MPC's planner (no error discount: the oracle makes none) fed the true mean rate of the next `seconds`. */
class OracleMeanStrategy implements AbrStrategy {
  readonly ownsHysteresis = true;
  private readonly planner = new RobustMpcStrategy({ ...TUNED_ROBUST_MPC_CONFIG, name: 'oracle', errorDiscount: 0 });

  constructor(
    readonly name: string,
    private readonly link: TraceIntegral,
    private readonly seconds: number,
  ) {}

  chooseTrack(context: AbrContext): AbrDecision | Promise<AbrDecision> {
    const t = context.now / 1000;
    const bps = ((this.link.cumulative(t + this.seconds) - this.link.cumulative(t)) * 8) / this.seconds;
    // One sample whose body rate is exactly that, with the real round trip: the planner's prediction is the oracle's.
    const rtt = medianTtfbS(context) * 1000;
    const sample = { bytes: bps / 8, durationMs: 1000 + rtt, ttfbMs: rtt, endMs: context.now };
    return this.planner.chooseTrack({ ...context, throughputSamples: [sample] });
  }

  shouldAbandon(context: AbrContext): AbrDecision | null {
    return this.planner.shouldAbandon?.(context) ?? null;
  }
}

/** The DP over the next `horizon` segments with the trace known, re-solved per decision. */
function clairvoyant(name: string, setup: SessionSetup, model: ChunkModel, horizon: number): AbrStrategy {
  return {
    name,
    ownsHysteresis: true,
    chooseTrack(context: AbrContext): AbrDecision {
      const sorted = sortByBandwidth(context.tracks);
      const index = Math.min(model.config.segmentCount - 1, Math.round((setup.durationS - (context.remainingS ?? setup.durationS)) / setup.segmentDuration));
      const previous = indexOfTrack(sorted, context.current);
      const plan = optimalFrom(model, { time: context.now / 1000, buffer: context.bufferLevel }, index, previous >= 0 ? previous : null, horizon, { bufferStepS: 0.5, timeStepS: 1, pruneMargin: 10 });
      return { track: sorted[plan[0] ?? 0]!, reason: `${name}: DP over the known next ${horizon} segments` };
    },
  };
}

/** The ceiling rows, in the order printed. */
export function ceilingStrategies(setup: SessionSetup): CeilingStrategy[] {
  const oracle = (seconds: number): CeilingStrategy => ({ name: `oracle-mean ${seconds} s`, make: (trace) => new OracleMeanStrategy(`oracle-mean ${seconds} s`, new TraceIntegral(trace), seconds) });
  const dp = (horizon: number): CeilingStrategy => ({ name: `clairvoyant ${horizon}`, make: (_trace, model) => clairvoyant(`clairvoyant ${horizon}`, setup, model, horizon) });
  return [oracle(8), oracle(20), oracle(40), dp(5), dp(10)];
}

