import type { AbrContext, AbrDecision, AbrStrategy } from './abr-strategy.js';

/**
 * Keeps the current track while it is offered, else takes the highest
 * bandwidth: the default audio strategy (audio is cheap next to video, and
 * switching audio renditions is audible).
 */
export class HighestBandwidthStrategy implements AbrStrategy {
  readonly name = 'highest';

  chooseTrack(context: AbrContext): AbrDecision {
    const current = context.current;
    if (current && context.tracks.some((t) => t.id === current.id)) return { track: current, reason: 'keep current' };
    if (context.tracks.length === 0) throw new RangeError('ABR: no track to choose from');
    const track = context.tracks.reduce((a, b) => (b.bandwidth > a.bandwidth ? b : a));
    return { track, reason: 'highest bandwidth' };
  }
}
