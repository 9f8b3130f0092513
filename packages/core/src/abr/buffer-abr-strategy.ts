import type { AbrContext, AbrDecision, AbrStrategy } from './abr-strategy.js';
import { sortByBandwidth } from './track-ladder.js';

/** Tuning of {@link BufferAbrStrategy}. */
export interface BufferAbrConfig {
  /** Below this fraction of the buffer goal (the reservoir) always the lowest track. */
  reservoirFraction: number;
  /** Fraction of the buffer goal at which the highest track is reached (reservoir + cushion). */
  upperFraction: number;
}

/**
 * Pure buffer-based baseline (BBA-0, Huang et al., SIGCOMM 2014): bitrate is
 * a linear function of buffer level between a reservoir (lowest track) and
 * an upper reservoir (highest track), ignoring throughput. The defaults keep
 * the paper's proportions: a 90 s reservoir and 126 s cushion in a 240 s
 * buffer, i.e. 37.5 % and 90 % of the buffer goal. It rarely stalls
 * but starts every session, and every seek, at the lowest quality; it exists
 * to benchmark the hybrid strategy against.
 */
export class BufferAbrStrategy implements AbrStrategy {
  readonly name = 'buffer';
  private readonly config: BufferAbrConfig;

  constructor(config: Partial<BufferAbrConfig> = {}) {
    this.config = { reservoirFraction: 0.375, upperFraction: 0.9, ...config };
  }

  chooseTrack(context: AbrContext): AbrDecision {
    const sorted = sortByBandwidth(context.tracks);
    const low = sorted[0]!;
    const high = sorted[sorted.length - 1]!;
    const reservoir = Math.max(0, context.bufferGoal * this.config.reservoirFraction);
    const upper = Math.max(reservoir + 1, context.bufferGoal * this.config.upperFraction);
    const level = context.bufferLevel;
    let target: number;
    if (level <= reservoir) target = low.bandwidth;
    else if (level >= upper) target = high.bandwidth;
    else target = low.bandwidth + ((level - reservoir) / (upper - reservoir)) * (high.bandwidth - low.bandwidth);
    let track = low;
    for (const t of sorted) if (t.bandwidth <= target) track = t;
    return { track, reason: `buffer: ${level.toFixed(1)} s maps to ≤ ${Math.round(target / 1000)} kbit/s` };
  }
}
