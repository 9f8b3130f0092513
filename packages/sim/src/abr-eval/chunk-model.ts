import { qoeLinStep } from './qoe-lin.js';
import { TraceIntegral } from './trace-integral.js';
import type { TracePoint } from '../trace.js';

/**
 * The download/buffer model of the Pensieve chunk simulator, with the
 * Player's parameters: one segment in flight at a time; each request pays an
 * RTT before the body, then has the whole trace bandwidth; the buffer drains
 * in real time while downloading (a stall when it runs dry); a new request
 * leaves only once the buffer is below the goal (the StreamScheduler waits
 * for the playhead to eat the surplus). The first segment's whole delay,
 * manifest round trip included, counts as rebuffering (startup), as in
 * Pensieve's QoE.
 */
export interface ChunkModelConfig {
  /** Nominal bitrates of the rungs, bits/s, ascending. */
  bitrates: readonly number[];
  /** Bytes of segment `index` (0-based) at rung `rung`. */
  segmentBytes(index: number, rung: number): number;
  segmentCount: number;
  segmentDuration: number;
  /** Buffer goal, seconds (requests wait while the buffer is at or above it). */
  bufferGoalS: number;
  rttS: number;
  /** Time before the first segment request (manifest transfer), seconds. */
  preambleS: number;
}

/** Where a playback stands between two segment decisions. */
export interface ChunkState {
  /** Simulation seconds. */
  time: number;
  /** Seconds buffered. */
  buffer: number;
}

/** Outcome of downloading one segment from a state. */
export interface ChunkStep extends ChunkState {
  rebufferS: number;
  downloadS: number;
  /** Seconds waited for the buffer to drain below the goal before the request. */
  waitS: number;
}

/** The chunk model over one trace. */
export class ChunkModel {
  readonly link: TraceIntegral;

  constructor(
    readonly config: ChunkModelConfig,
    trace: readonly TracePoint[],
    traceOffsetS = 0,
  ) {
    if (config.bitrates.length === 0) throw new RangeError('ChunkModel: empty ladder');
    if (!(config.segmentDuration > 0) || !(config.segmentCount > 0)) throw new RangeError('ChunkModel: segmentDuration and segmentCount must be > 0');
    this.link = new TraceIntegral(trace, traceOffsetS);
  }

  /** The state before the first request. */
  initial(): ChunkState {
    return { time: this.config.preambleS, buffer: 0 };
  }

  /** Downloads segment `index` at `rung` from `state`. The first segment's delay (and the preamble) is its rebuffering. */
  step(state: ChunkState, index: number, rung: number): ChunkStep {
    const c = this.config;
    const waitS = Math.max(0, state.buffer - c.bufferGoalS);
    const start = state.time + waitS;
    const buffer = state.buffer - waitS;
    const done = this.link.finishTime(start + c.rttS, c.segmentBytes(index, rung));
    const downloadS = done - start;
    const rebufferS = index === 0 ? done : Math.max(0, downloadS - buffer);
    return { time: done, buffer: Math.max(0, buffer - downloadS) + c.segmentDuration, rebufferS, downloadS, waitS };
  }

  /** QoE_lin reward of that step (previous rung null for the first segment). */
  reward(step: ChunkStep, rung: number, previousRung: number | null): number {
    const b = this.config.bitrates;
    return qoeLinStep(b[rung]!, previousRung === null ? null : b[previousRung]!, step.rebufferS);
  }

  /** Total QoE_lin of a whole plan (one rung per segment), simulated exactly. */
  evaluate(plan: readonly number[]): number {
    let state: ChunkState = this.initial();
    let total = 0;
    let previous: number | null = null;
    for (let k = 0; k < plan.length; k++) {
      const step = this.step(state, k, plan[k]!);
      total += this.reward(step, plan[k]!, previous);
      previous = plan[k]!;
      state = step;
    }
    return total;
  }
}
