import { GLOBAL_FEATURES, RUNG_FEATURES, rungCount } from './abr-features.js';

/** Weights of a {@link RungScorer}: a small MLP applied to [global features, one rung's block]. */
export interface RungScorerWeights {
  /** Feature layout the weights were trained on. */
  features: string;
  /** Layer sizes, input first, 1 last. */
  sizes: number[];
  /** Per layer: weights row-major [out][in], then biases [out]. */
  layers: { w: number[]; b: number[] }[];
}

/**
 * Scores each rung with one shared MLP (tanh hidden layers, linear output) on
 * [the global features, that rung's block], so the policy works for any
 * ladder size up to MAX_RUNGS; the chosen rung is the argmax. Pure, allocation
 * light: ~1,000 multiply-adds per rung.
 */
export class RungScorer {
  constructor(readonly weights: RungScorerWeights) {
    const { sizes, layers } = weights;
    if (sizes[0] !== GLOBAL_FEATURES + RUNG_FEATURES || sizes[sizes.length - 1] !== 1 || layers.length !== sizes.length - 1) {
      throw new RangeError(`RungScorer: layer sizes ${sizes.join('×')} do not fit the feature layout`);
    }
    layers.forEach((l, i) => {
      if (l.w.length !== sizes[i]! * sizes[i + 1]! || l.b.length !== sizes[i + 1]!) throw new RangeError(`RungScorer: layer ${i} has the wrong shape`);
    });
  }

  /** Input of rung r: global features then rung r's block. */
  static input(features: ArrayLike<number>, r: number): Float64Array {
    const x = new Float64Array(GLOBAL_FEATURES + RUNG_FEATURES);
    for (let i = 0; i < GLOBAL_FEATURES; i++) x[i] = features[i]!;
    const o = GLOBAL_FEATURES + r * RUNG_FEATURES;
    for (let i = 0; i < RUNG_FEATURES; i++) x[GLOBAL_FEATURES + i] = features[o + i]!;
    return x;
  }

  /** Activations of every layer for one input (the last is the score). */
  forward(x: Float64Array): Float64Array[] {
    const acts: Float64Array[] = [x];
    const { sizes, layers } = this.weights;
    let a = x;
    for (let l = 0; l < layers.length; l++) {
      const out = new Float64Array(sizes[l + 1]!);
      const { w, b } = layers[l]!;
      const nIn = sizes[l]!;
      for (let j = 0; j < out.length; j++) {
        let s = b[j]!;
        for (let i = 0; i < nIn; i++) s += w[j * nIn + i]! * a[i]!;
        out[j] = l < layers.length - 1 ? Math.tanh(s) : s;
      }
      acts.push(out);
      a = out;
    }
    return acts;
  }

  /** Scores of the rungs present in `features`. */
  scores(features: ArrayLike<number>): number[] {
    const n = rungCount(features);
    const out: number[] = [];
    for (let r = 0; r < n; r++) {
      const acts = this.forward(RungScorer.input(features, r));
      out.push(acts[acts.length - 1]![0]!);
    }
    return out;
  }
}
