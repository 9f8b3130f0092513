/**
 * Training of a RungScorer (the learned policy's MLP) by softmax
 * cross-entropy over the rungs against expert labels, with Adam. Plain
 * TypeScript, no dependencies: the model has ~900 weights and the data set a
 * few tens of thousands of decisions, so a library would add nothing.
 */
import { GLOBAL_FEATURES, RUNG_FEATURES, rungCount } from '../../packages/core/src/abr/abr-features.js';
import { RungScorer, type RungScorerWeights } from '../../packages/core/src/abr/rung-scorer.js';
import { FEATURE_VERSION } from '../../packages/core/src/abr/abr-features.js';

/** One labelled decision. */
export interface Example {
  features: Float64Array;
  /** Expert's rung. */
  label: number;
}

/** Deterministic PRNG (mulberry32) so training is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fresh weights (Xavier-uniform). */
export function initWeights(hidden: number[], random: () => number): RungScorerWeights {
  const sizes = [GLOBAL_FEATURES + RUNG_FEATURES, ...hidden, 1];
  const layers = sizes.slice(1).map((out, l) => {
    const nIn = sizes[l]!;
    const limit = Math.sqrt(6 / (nIn + out));
    return { w: Array.from({ length: nIn * out }, () => (2 * random() - 1) * limit), b: new Array<number>(out).fill(0) };
  });
  return { features: FEATURE_VERSION, sizes, layers };
}

/** Trains `weights` in place; returns the final epoch's mean loss and accuracy. */
export function train(weights: RungScorerWeights, data: readonly Example[], options: { epochs: number; lr: number; batch: number; seed: number }): { loss: number; accuracy: number } {
  const random = rng(options.seed);
  const scorer = new RungScorer(weights);
  const { sizes, layers } = weights;
  const m = layers.map((l) => ({ w: new Float64Array(l.w.length), b: new Float64Array(l.b.length) }));
  const v = layers.map((l) => ({ w: new Float64Array(l.w.length), b: new Float64Array(l.b.length) }));
  const g = layers.map((l) => ({ w: new Float64Array(l.w.length), b: new Float64Array(l.b.length) }));
  let step = 0;
  let last = { loss: 0, accuracy: 0 };
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < order.length; start += options.batch) {
      for (const gl of g) {
        gl.w.fill(0);
        gl.b.fill(0);
      }
      const end = Math.min(order.length, start + options.batch);
      for (let e = start; e < end; e++) {
        const ex = data[order[e]!]!;
        const n = rungCount(ex.features);
        const passes = Array.from({ length: n }, (_, r) => scorer.forward(RungScorer.input(ex.features, r)));
        const scores = passes.map((a) => a[a.length - 1]![0]!);
        const max = Math.max(...scores);
        const exp = scores.map((s) => Math.exp(s - max));
        const z = exp.reduce((a, b) => a + b, 0);
        lossSum += -Math.log(exp[ex.label]! / z + 1e-12);
        if (scores.indexOf(max) === ex.label) correct++;
        for (let r = 0; r < n; r++) backward(passes[r]!, exp[r]! / z - (r === ex.label ? 1 : 0), sizes, layers, g);
      }
      step++;
      const scale = 1 / (end - start);
      adam(layers, g, m, v, step, options.lr, scale);
    }
    last = { loss: lossSum / order.length, accuracy: correct / order.length };
  }
  return last;
}

function backward(acts: Float64Array[], dScore: number, sizes: number[], layers: RungScorerWeights['layers'], g: { w: Float64Array; b: Float64Array }[]): void {
  let delta = new Float64Array([dScore]);
  for (let l = layers.length - 1; l >= 0; l--) {
    const nIn = sizes[l]!;
    const input = acts[l]!;
    const w = layers[l]!.w;
    const next = new Float64Array(nIn);
    for (let j = 0; j < delta.length; j++) {
      const d = delta[j]!;
      if (d === 0) continue;
      g[l]!.b[j]! += d;
      const row = j * nIn;
      for (let i = 0; i < nIn; i++) {
        g[l]!.w[row + i]! += d * input[i]!;
        next[i]! += d * w[row + i]!;
      }
    }
    if (l > 0) for (let i = 0; i < nIn; i++) next[i]! *= 1 - input[i]! * input[i]!; // tanh'
    delta = next;
  }
}

function adam(layers: RungScorerWeights['layers'], g: { w: Float64Array; b: Float64Array }[], m: typeof g, v: typeof g, step: number, lr: number, scale: number): void {
  const b1 = 0.9;
  const b2 = 0.999;
  const c1 = 1 - b1 ** step;
  const c2 = 1 - b2 ** step;
  for (let l = 0; l < layers.length; l++) {
    for (const key of ['w', 'b'] as const) {
      const p = layers[l]![key];
      const gr = g[l]![key];
      const mm = m[l]![key];
      const vv = v[l]![key];
      for (let i = 0; i < p.length; i++) {
        const gi = gr[i]! * scale;
        mm[i] = b1 * mm[i]! + (1 - b1) * gi;
        vv[i] = b2 * vv[i]! + (1 - b2) * gi * gi;
        p[i] = p[i]! - (lr * (mm[i]! / c1)) / (Math.sqrt(vv[i]! / c2) + 1e-8);
      }
    }
  }
}
