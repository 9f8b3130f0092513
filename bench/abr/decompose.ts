/**
 * Where the QoE gap to the offline optimum comes from: the QoE_lin terms
 * (bitrate, rebuffering incl. startup, switching) of a played session next
 * to those of the DP plan on the same trace (`npm run bench:abr -- --decompose`).
 */
import type { ChunkModel, ChunkState } from '../../packages/sim/src/abr-eval/chunk-model.js';
import { QOE_LIN_REBUFFER_PENALTY, QOE_LIN_SMOOTHNESS_PENALTY } from '../../packages/sim/src/abr-eval/qoe-lin.js';
import type { SessionResult } from './player-session.js';
import type { AbrContext, AbrDecision, AbrStrategy } from '../../packages/core/src/abr/abr-strategy.js';
import { sortByBandwidth } from '../../packages/core/src/abr/track-ladder.js';

/** QoE_lin terms per segment (penalties positive), and the startup delay. */
export interface QoeTerms {
  bitrate: number;
  rebuffer: number;
  switching: number;
  startupS: number;
}

/** The terms of a DP plan, re-simulated on its chunk model (the first segment's delay is its startup). */
export function planTerms(model: ChunkModel, plan: readonly number[]): QoeTerms {
  const b = model.config.bitrates;
  let state: ChunkState = model.initial();
  const t: QoeTerms = { bitrate: 0, rebuffer: 0, switching: 0, startupS: 0 };
  plan.forEach((rung, k) => {
    const step = model.step(state, k, rung);
    t.bitrate += b[rung]! / 1e6;
    t.rebuffer += QOE_LIN_REBUFFER_PENALTY * step.rebufferS;
    if (k === 0) t.startupS = step.rebufferS;
    else t.switching += (QOE_LIN_SMOOTHNESS_PENALTY * Math.abs(b[rung]! - b[plan[k - 1]!]!)) / 1e6;
    state = step;
  });
  return perSegment(t, plan.length);
}

/** The terms of a played session. */
export function sessionTerms(result: SessionResult): QoeTerms {
  const q = result.qoe;
  return perSegment({ bitrate: q.bitrateMbps, rebuffer: q.rebufferPenalty, switching: q.smoothnessPenalty, startupS: result.startupMs / 1000 }, q.segments);
}

function perSegment(t: QoeTerms, segments: number): QoeTerms {
  const n = Math.max(1, segments);
  return { bitrate: t.bitrate / n, rebuffer: t.rebuffer / n, switching: t.switching / n, startupS: t.startupS };
}

/** Mean of each term over sessions. */
export function meanTerms(all: readonly QoeTerms[]): QoeTerms {
  const n = Math.max(1, all.length);
  const sum = (f: (t: QoeTerms) => number) => all.reduce((s, t) => s + f(t), 0) / n;
  return { bitrate: sum((t) => t.bitrate), rebuffer: sum((t) => t.rebuffer), switching: sum((t) => t.switching), startupS: sum((t) => t.startupS) };
}

/** One line: the strategy's terms, the DP's, and the gap each term makes (QoE/segment). */
export function formatDecomposition(name: string, played: QoeTerms, optimum: QoeTerms): string {
  const f = (v: number) => v.toFixed(3);
  return (
    `  ${name} vs DP (QoE/segment): bitrate ${f(played.bitrate)} vs ${f(optimum.bitrate)} (gap ${f(optimum.bitrate - played.bitrate)}), ` +
    `rebuffer ${f(played.rebuffer)} vs ${f(optimum.rebuffer)} (gap ${f(played.rebuffer - optimum.rebuffer)}), ` +
    `switching ${f(played.switching)} vs ${f(optimum.switching)} (gap ${f(played.switching - optimum.switching)}); ` +
    `startup ${played.startupS.toFixed(2)} s vs ${optimum.startupS.toFixed(2)} s`
  );
}

/**
 * A strategy that plays a fixed plan (one rung index, ascending, per
 * segment): the DP's plan replayed in the real Player shows how much of the
 * gap is the Player's execution (the chunk model's assumptions it does not
 * meet) rather than the ABR decisions.
 */
export function planStrategy(plan: readonly number[], segmentDuration: number, durationS: number): AbrStrategy {
  return {
    name: 'dp-plan replay',
    ownsHysteresis: true,
    chooseTrack(context: AbrContext): AbrDecision {
      const k = Math.min(plan.length - 1, Math.max(0, Math.round((durationS - (context.remainingS ?? durationS)) / segmentDuration)));
      const sorted = sortByBandwidth(context.tracks);
      return { track: sorted[Math.min(sorted.length - 1, plan[k]!)]!, reason: `dp plan, segment ${k + 1}` };
    },
  };
}
