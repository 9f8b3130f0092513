import type { AbrContext, AbrDecision, AbrStrategy } from '../abr/abr-strategy.js';
import type { TrackChoice, TrackChooser } from '../media/stream-context.js';

/**
 * A bare {@link AbrStrategy} as a scheduler's {@link TrackChooser} (the
 * audio slot: no caps, no hysteresis, no abandonment). Only synchronous
 * answers are used; a strategy answering with a promise keeps the current
 * track (or the first candidate) until it answers synchronously.
 */
export class StrategyTrackChooser implements TrackChooser {
  constructor(private readonly strategy: AbrStrategy) {}

  choose(context: AbrContext): TrackChoice {
    if (context.tracks.length === 0) throw new RangeError('no track to choose from');
    const answer = this.strategy.chooseTrack(context);
    if (isDecision(answer)) return { track: answer.track, kind: 'strategy', reason: `${this.strategy.name}: ${answer.reason}` };
    answer.catch(() => undefined);
    const keep = context.current && context.tracks.some((t) => t.id === context.current!.id) ? context.current : context.tracks[0]!;
    return { track: keep, kind: 'held', reason: `${this.strategy.name}: asynchronous answer not supported here` };
  }

  checkAbandon(): null {
    return null;
  }
}

function isDecision(answer: AbrDecision | Promise<AbrDecision>): answer is AbrDecision {
  return typeof (answer as { then?: unknown }).then !== 'function';
}
