import type { AbrContext, AbrDecision, AbrStrategy } from './abr-strategy.js';
import { baseEstimate } from './throughput-history.js';
import { formatBps, highestFitting, indexOfTrack, sortByBandwidth } from './track-ladder.js';

/** Tuning of {@link AudioShareStrategy}. */
export interface AudioShareConfig {
  /**
   * Fraction of the throughput estimate audio may take. 0.1: a 128 kbit/s
   * AAC rung next to a ~1.2 Mbit/s video rung (the usual pairing in
   * encoding ladders) is ~10 % of the link; more would come out of video,
   * where the same bits buy more visible quality.
   */
  share: number;
  /**
   * Down-switch only when the current rung exceeds `share × downTolerance`
   * of the estimate: switching audio renditions is audible (a codec reset on
   * many decoders), so the band between up (share) and down (share × 1.5)
   * keeps a noisy estimate from flipping it back and forth.
   */
  downTolerance: number;
  /** Buffer below which audio never switches up (seconds): an up-switch then risks the stall it cannot pay for. */
  minBufferForUpS: number;
}

const DEFAULTS: AudioShareConfig = { share: 0.1, downTolerance: 1.5, minBufferForUpS: 8 };

/**
 * The default audio ABR: the highest audio rung whose bitrate fits a share
 * of the throughput estimate (the shared estimator, or the first-decision
 * prior), so audio never starves video; the lowest rung when even that does
 * not fit; with hysteresis (see {@link AudioShareConfig.downTolerance}).
 * Without any estimate it keeps the current rung, or starts at the lowest.
 * Inject another through the `audioAbrStrategy` component.
 */
export class AudioShareStrategy implements AbrStrategy {
  /** Shown in decisions and `trackchanged` reasons. */
  readonly name = 'audio-share';
  private readonly config: AudioShareConfig;

  constructor(config: Partial<AudioShareConfig> = {}) {
    this.config = { ...DEFAULTS, ...config };
    if (!(this.config.share > 0 && this.config.share <= 1)) throw new RangeError(`AudioShareStrategy: share must be in (0, 1], got ${this.config.share}`);
    if (!(this.config.downTolerance >= 1)) throw new RangeError(`AudioShareStrategy: downTolerance must be >= 1, got ${this.config.downTolerance}`);
  }

  /** The audio rung for the next segment (see the class docs). */
  chooseTrack(context: AbrContext): AbrDecision {
    if (context.tracks.length === 0) throw new RangeError('ABR: no audio track to choose from');
    const sorted = sortByBandwidth(context.tracks);
    const position = indexOfTrack(sorted, context.current);
    const current = position >= 0 ? sorted[position]! : null;
    const estimate = baseEstimate(context);
    if (!(estimate > 0)) {
      return current ? { track: current, reason: 'no estimate yet, keep current' } : { track: sorted[0]!, reason: 'no estimate yet, lowest audio' };
    }
    const budget = (this.config.share * estimate) / Math.max(context.playbackRate, 1e-3);
    const fitting = highestFitting(sorted, budget);
    const why = `${formatBps(fitting.bandwidth)} fits ${Math.round(this.config.share * 100)} % of ${formatBps(estimate)}`;
    if (!current) return { track: fitting, reason: why };
    if (fitting.bandwidth > current.bandwidth) {
      if (context.bufferLevel < this.config.minBufferForUpS || context.rebuffering) return { track: current, reason: `keep: buffer ${context.bufferLevel.toFixed(1)} s too low to switch up` };
      return { track: fitting, reason: why };
    }
    if (current.bandwidth > budget * this.config.downTolerance) return { track: fitting, reason: `${formatBps(current.bandwidth)} over ${Math.round(this.config.share * this.config.downTolerance * 100)} % of ${formatBps(estimate)}; ${why}` };
    return { track: current, reason: 'keep current (within the hysteresis band)' };
  }
}
