import type { ChunkModel, ChunkState } from './chunk-model.js';

/** Result of {@link solveOfflineOptimal}. */
export interface OfflineOptimum {
  /** Total QoE_lin of the plan, re-simulated exactly (so it is achievable). */
  qoe: number;
  /** Rung per segment. */
  plan: number[];
}

/** Resolution of the solver's state space. */
export interface OfflineOptimalOptions {
  /** Buffer quantum, seconds (default 0.2). */
  bufferStepS?: number;
  /** Time quantum, seconds (default 0.5; on 10 training traces 0.25 s and 0.1 s buffer bins change the optimum by < 0.05 % at 6× the time). */
  timeStepS?: number;
  /**
   * Paths whose QoE so far trails the best of their layer by more than this
   * are dropped (default 20, ≈ 4.6 s of stall): such a deficit is never made
   * up in practice, and it keeps the state space small on traces with
   * outages. The brute-force test bounds what it costs.
   */
  pruneMargin?: number;
}

interface Node extends ChunkState {
  value: number;
  rung: number;
  parent: Node | null;
}

/**
 * The best QoE_lin achievable on a trace with full knowledge of it: dynamic
 * programming over (segment, rung, buffer level quantised). The buffer alone
 * does not fix where in the trace the link is (stalls shift time), and being
 * later is not always worse (a bad stretch may be over), so the state also
 * carries time, quantised: each (rung, buffer bin, time bin) keeps its best
 * path. Nodes carry the exact continuous state of that path; only the merging
 * is quantised, and the returned plan is re-simulated exactly, so its QoE is
 * achievable (a lower bound of the true optimum, within the quantisation of
 * it). Validated against exhaustive search on short traces
 * (packages/core/test/abr/offline-optimal.test.ts).
 */
export function solveOfflineOptimal(model: ChunkModel, options: OfflineOptimalOptions = {}): OfflineOptimum {
  const plan = searchPlan(model, model.initial(), 0, null, model.config.segmentCount, options);
  return { qoe: model.evaluate(plan), plan };
}

/**
 * The expert of imitation learning (Comyco-style): the best rungs for
 * segments `index … index + horizon − 1` from a mid-playback `state` (time,
 * buffer) after `previousRung`, with full knowledge of the trace. Its first
 * element is the label for that state.
 */
export function optimalFrom(model: ChunkModel, state: ChunkState, index: number, previousRung: number | null, horizon: number, options: OfflineOptimalOptions = {}): number[] {
  const end = Math.min(model.config.segmentCount, index + Math.max(1, horizon));
  return searchPlan(model, state, index, previousRung, end, options);
}

function searchPlan(model: ChunkModel, start: ChunkState, first: number, previousRung: number | null, end: number, options: OfflineOptimalOptions): number[] {
  const bufferStep = options.bufferStepS ?? 0.2;
  const timeStep = options.timeStepS ?? 0.5;
  const margin = options.pruneMargin ?? 20;
  const rungs = model.config.bitrates.length;
  const root: Node = { time: start.time, buffer: start.buffer, value: 0, rung: previousRung ?? -1, parent: null };
  let layer: Node[] = [root];
  for (let k = first; k < end; k++) {
    const best = new Map<number, Node>();
    let top = -Infinity;
    for (const node of layer) top = Math.max(top, node.value);
    for (const node of layer) {
      if (node.value < top - margin) continue;
      for (let r = 0; r < rungs; r++) {
        const s = model.step(node, k, r);
        const value = node.value + model.reward(s, r, node.rung < 0 ? null : node.rung);
        const key = (r * 4096 + Math.round(s.buffer / bufferStep)) * 1_048_576 + Math.round(s.time / timeStep);
        const held = best.get(key);
        if (!held || value > held.value) best.set(key, { time: s.time, buffer: s.buffer, value, rung: r, parent: node });
      }
    }
    layer = [...best.values()];
  }
  let bestNode = layer[0]!;
  for (const n of layer) if (n.value > bestNode.value) bestNode = n;
  const plan: number[] = new Array<number>(end - first);
  for (let n: Node | null = bestNode, k = end - first - 1; n && n.parent; n = n.parent, k--) plan[k] = n.rung;
  return plan;
}

/** Exhaustive search over every plan (rungs^segments): the test oracle for the DP. */
export function bruteForceOptimal(model: ChunkModel): OfflineOptimum {
  const rungs = model.config.bitrates.length;
  const count = model.config.segmentCount;
  let best: OfflineOptimum = { qoe: -Infinity, plan: [] };
  const plan: number[] = [];
  const visit = (k: number, state: ChunkState, value: number, previous: number | null) => {
    if (k === count) {
      if (value > best.qoe) best = { qoe: value, plan: [...plan] };
      return;
    }
    for (let r = 0; r < rungs; r++) {
      const s = model.step(state, k, r);
      plan.push(r);
      visit(k + 1, s, value + model.reward(s, r, previous), r);
      plan.pop();
    }
  };
  visit(0, model.initial(), 0, null);
  return best;
}
