import type { Track } from '../manifest/model.js';
import type { AbrContext, AbrDecision, AbrStrategy } from './abr-strategy.js';
import { baseEstimate } from './throughput-history.js';
import { formatBps, highestFitting, indexOfTrack, sortByBandwidth } from './track-ladder.js';

/** Tuning of {@link BolaStrategy}. */
export interface BolaConfig {
  /** Buffer (s) at which BOLA stops preferring the lowest rung: the lower anchor (dash.js: ~10 s… here 1/3 of the goal, ≥ 1 segment). */
  lowFraction: number;
  /** Buffer, as a fraction of the goal, at which the top rung becomes preferred. */
  highFraction: number;
  /** Safety factor on the throughput estimate for BOLA-O's limit and BOLA-E's startup choice. */
  safetyFactor: number;
}

const DEFAULTS: BolaConfig = { lowFraction: 0.33, highFraction: 0.9, safetyFactor: 0.9 };

/**
 * BOLA (Spiteri, Urgaonkar, Sitaraman: "BOLA: Near-Optimal Bitrate Adaptation
 * for Online Videos", INFOCOM 2016 / IEEE/ACM ToN 2020) with its two
 * practical variants:
 * - BOLA-O (oscillation control): an up-switch beyond the rung the measured
 *   throughput sustains is limited to that rung, but never below the current
 *   one — so BOLA cannot climb above what the link carries, drain, and step
 *   back (the oscillation between adjacent rungs).
 * - BOLA-E (placeholder buffer, as in dash.js's BolaRule): with little real
 *   buffer (startup, after a seek or stall) BOLA would pick the bottom rung;
 *   instead a virtual "placeholder" buffer is added so that BOLA's choice
 *   matches the throughput-safe rung, and it is consumed as real buffer
 *   accumulates (the effective level never drops because of it).
 * Utility u_m = ln(S_m / S_1); the rung maximises (V·(u_m + γ) − Q) / S_m
 * with V, γ from the two anchors.
 */
export class BolaStrategy implements AbrStrategy {
  readonly name = 'bola';
  private readonly config: BolaConfig;
  private placeholderS = 0;

  constructor(config: Partial<BolaConfig> = {}) {
    this.config = { ...DEFAULTS, ...config };
  }

  chooseTrack(context: AbrContext): AbrDecision {
    const sorted = sortByBandwidth(context.tracks);
    const rate = Math.max(context.playbackRate, 1e-3);
    const estimate = baseEstimate(context) / rate;
    const safe = estimate > 0 ? highestFitting(sorted, estimate * this.config.safetyFactor) : sorted[0]!;
    const params = this.parameters(sorted, context);
    if (!params) return { track: sorted[0]!, reason: 'bola: single rung' };
    if (context.startingUp || context.rebuffering) {
      // BOLA-E: the placeholder makes BOLA's choice the throughput-safe rung at this buffer.
      // (+10 ms: at the exact crossover the two rungs score equally.)
      this.placeholderS = Math.max(0, this.bufferFor(sorted, params, safe) + 0.01 - context.bufferLevel);
    } else if (estimate > 0) {
      // The placeholder stands in for buffer the throughput-safe rung would build; it never lifts
      // BOLA above that rung once the link proves slower than the start assumed. (Set from a
      // 1 Mbit/s start prior on a 0.18 Mbit/s link, it held 750 kbit/s for the whole session:
      // 567 s of stall where the bottom rung stalls 113 s, bench:abr trace_5642.)
      this.placeholderS = Math.min(this.placeholderS, Math.max(0, this.bufferFor(sorted, params, safe) + 0.01 - context.bufferLevel));
    }
    const level = context.bufferLevel + this.placeholderS;
    let track = this.argmax(sorted, params, level);
    let reason = `bola: buffer ${context.bufferLevel.toFixed(1)} s${this.placeholderS > 0 ? ` + ${this.placeholderS.toFixed(1)} s placeholder` : ''} → ${formatBps(track.bandwidth)}`;
    // The placeholder is real buffer's stand-in: shrink it so that the effective level is not above what the top rung needs.
    const current = context.current;
    const at = indexOfTrack(sorted, current);
    if (current && at >= 0 && track.bandwidth > current.bandwidth && estimate > 0) {
      // BOLA-O.
      const limit = safe.bandwidth >= track.bandwidth ? track : safe.bandwidth < current.bandwidth ? current : safe;
      if (limit.id !== track.id) {
        reason += `; BOLA-O: limited to ${formatBps(limit.bandwidth)} (throughput ${formatBps(estimate)})`;
        track = limit;
      }
    }
    // Drain the placeholder as the real buffer takes its place (dash.js keeps effective level ≤ the top rung's threshold).
    this.placeholderS = Math.max(0, Math.min(this.placeholderS, this.bufferFor(sorted, params, sorted[sorted.length - 1]!) - context.bufferLevel));
    return { track, reason };
  }

  reset(): void {
    this.placeholderS = 0;
  }

  private parameters(sorted: readonly Track[], context: AbrContext): { v: number; gamma: number; s1: number } | null {
    if (sorted.length < 2) return null;
    const goal = Math.max(context.bufferGoal, 2 * context.segmentDuration);
    const low = Math.max(context.segmentDuration, goal * this.config.lowFraction);
    const high = Math.max(low + context.segmentDuration, goal * this.config.highFraction);
    const s1 = sorted[0]!.bandwidth;
    const uMax = Math.log(sorted[sorted.length - 1]!.bandwidth / s1);
    if (!(uMax > 0)) return null;
    const v = (high - low) / uMax;
    return { v, gamma: low / v, s1 };
  }

  private argmax(sorted: readonly Track[], p: { v: number; gamma: number; s1: number }, level: number): Track {
    let best = sorted[0]!;
    let bestScore = -Infinity;
    for (const t of sorted) {
      const score = (p.v * (Math.log(t.bandwidth / p.s1) + p.gamma) - level) / t.bandwidth;
      if (score > bestScore) {
        bestScore = score;
        best = t;
      }
    }
    return best;
  }

  /**
   * The smallest buffer level at which BOLA prefers `target` over every lower
   * rung: between rungs a < b, b wins once Q ≥ V·(S_b(u_a+γ) − S_a(u_b+γ))/(S_b − S_a).
   */
  private bufferFor(sorted: readonly Track[], p: { v: number; gamma: number; s1: number }, target: Track): number {
    let level = 0;
    const ub = Math.log(target.bandwidth / p.s1) + p.gamma;
    for (const t of sorted) {
      if (t.bandwidth >= target.bandwidth) break;
      const ua = Math.log(t.bandwidth / p.s1) + p.gamma;
      level = Math.max(level, (p.v * (target.bandwidth * ua - t.bandwidth * ub)) / (target.bandwidth - t.bandwidth));
    }
    return level;
  }
}
