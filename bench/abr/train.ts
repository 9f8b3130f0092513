/**
 * `npm run train:abr [-- --limit N --iterations K]`: trains the shipped
 * learned policy (packages/core/src/abr/learned-policy.json).
 *
 * Comyco-style imitation learning with DAgger, in the real Player on the
 * virtual clock, on the TRAINING split only (bench/abr/README.md):
 * 1. roll out a policy (first the default MPC, then the learner) on every
 *    training trace, CBR and VBR ladders alternating;
 * 2. at every decision, label the state with the expert — the offline-optimal
 *    DP from that state (time, buffer, previous rung, segment) over the next
 *    `horizon` segments with full knowledge of the trace;
 * 3. aggregate all labelled states, train the MLP, repeat from 1.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadTrace } from '../../packages/sim/src/load-trace.js';
import { optimalFrom } from '../../packages/sim/src/abr-eval/offline-optimal.js';
import { abrFeatures } from '../../packages/core/src/abr/abr-features.js';
import { sortByBandwidth, indexOfTrack } from '../../packages/core/src/abr/track-ladder.js';
import { LearnedAbrStrategy } from '../../packages/core/src/abr/learned-abr-strategy.js';
import { createDefaultAbrStrategy } from '../../packages/core/src/abr/default-abr-strategy.js';
import type { AbrStrategy } from '../../packages/core/src/abr/abr-strategy.js';
import type { RungScorerWeights } from '../../packages/core/src/abr/rung-scorer.js';
import { chunkModel, ladderSetup, listTraces, resolveTraceDir } from './setup.js';
import { runSession } from './player-session.js';
import { BARE } from './strategies.js';
import { initWeights, rng, train, type Example } from './scorer-training.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const OUT = path.join(repoRoot, 'packages/core/src/abr/learned-policy.json');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main() {
  const limit = option('--limit', Infinity);
  const iterations = option('--iterations', 3);
  const horizon = option('--horizon', 10);
  const epochs = option('--epochs', 25);
  const sets = ['../shared/traces/pensieve-train', '../shared/traces/oboe'].map((s) => resolveTraceDir(s, repoRoot));
  const files = sets.flatMap((d) => listTraces(d, 'train').slice(0, limit));
  // VBR with the sizes known (the indexed encode), as the shipped policy was learned.
  const setups = [ladderSetup('cbr'), ladderSetup('vbr-indexed')];
  const data: Example[] = [];
  let weights: RungScorerWeights = initWeights([24, 16], rng(1));
  for (let it = 0; it < iterations; it++) {
    const t0 = performance.now();
    const policy = (): AbrStrategy => (it === 0 ? createDefaultAbrStrategy() : new LearnedAbrStrategy(weights));
    let labelled = 0;
    for (let f = 0; f < files.length; f++) {
      const setup = setups[f % 2]!;
      const trace = loadTrace(files[f]!);
      const model = chunkModel(setup, trace);
      await runSession(setup, trace, policy(), BARE, (context) => {
        const sorted = sortByBandwidth(context.tracks);
        const index = Math.round((setup.durationS - (context.remainingS ?? setup.durationS)) / setup.segmentDuration);
        if (index >= model.config.segmentCount) return;
        const previous = indexOfTrack(sorted, context.current);
        const plan = optimalFrom(model, { time: context.now / 1000, buffer: context.bufferLevel }, index, previous >= 0 ? previous : null, horizon, { bufferStepS: 0.5, timeStepS: 1, pruneMargin: 10 });
        data.push({ features: abrFeatures(context), label: plan[0]! });
        labelled++;
      });
    }
    weights = initWeights([24, 16], rng(1 + it));
    const fit = train(weights, data, { epochs, lr: 3e-3, batch: 64, seed: it });
    console.log(`iteration ${it}: +${labelled} labelled decisions (${data.length} total) in ${((performance.now() - t0) / 1000).toFixed(0)} s; loss ${fit.loss.toFixed(3)}, accuracy ${(fit.accuracy * 100).toFixed(1)} %`);
  }
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  const json = JSON.stringify({ ...weights, layers: weights.layers.map((l) => ({ w: l.w.map(round), b: l.b.map(round) })) });
  writeFileSync(OUT, json + '\n');
  console.log(`wrote ${path.relative(repoRoot, OUT)}: ${json.length} bytes, ${gzipSync(json).length} bytes gzip`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
