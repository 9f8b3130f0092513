import type { AbrContext, AbrDecision, AbrStrategy } from './abr-strategy.js';
import { abrFeatures } from './abr-features.js';
import { RungScorer, type RungScorerWeights } from './rung-scorer.js';
import { formatBps, sortByBandwidth } from './track-ladder.js';
import { AbandonRule } from './abandon-rule.js';

/**
 * The shipped learned policy: a {@link RungScorer} trained by
 * `npm run train:abr` to imitate the offline-optimal expert (Comyco-style
 * imitation with DAgger, bench/abr/train.ts), run on the documented feature
 * vector. The weights are data, not code: pass the JSON
 * (packages/core/src/abr/learned-policy.json) so the core bundle does not
 * carry them unless an app wants them. Abandonment is not learned: the
 * policy decides per segment, and a transfer that cannot finish before the
 * buffer runs out is abandoned on evidence by the default's {@link AbandonRule}
 * (without it the policy reached 0.598 × optimum on the pensieve train split,
 * with it 0.762; `npm run bench:abr`).
 */
export class LearnedAbrStrategy implements AbrStrategy {
  readonly name = 'learned';
  readonly ownsHysteresis = true;
  private readonly scorer: RungScorer;
  private readonly abandonRule = new AbandonRule();

  constructor(weights: RungScorerWeights) {
    this.scorer = new RungScorer(weights);
  }

  /** Abandons a transfer that cannot finish before the buffer runs out ({@link AbandonRule}). */
  shouldAbandon(context: AbrContext): AbrDecision | null {
    return this.abandonRule.check(context);
  }

  /** Forgets the watched transfer (new presentation). */
  reset(): void {
    this.abandonRule.reset();
  }

  chooseTrack(context: AbrContext): AbrDecision {
    const sorted = sortByBandwidth(context.tracks);
    const scores = this.scorer.scores(abrFeatures(context));
    let best = 0;
    for (let r = 1; r < scores.length; r++) if (scores[r]! > scores[best]!) best = r;
    const track = sorted[best]!;
    return { track, reason: `learned: ${formatBps(track.bandwidth)} (score ${scores[best]!.toFixed(2)})` };
  }
}
