/**
 * Runs the ML-hook example of packages/core/src/abr/README.md exactly as
 * written (the block between the `ml-hook-example` markers), with
 * `@edgeplay/core` bound to this package's public entry point, so the README
 * cannot drift from the API.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/index.js';
import type { AbrStrategy, ModelDecisionLog } from '../../src/index.js';
import { LADDER, context } from './ladder.js';

const README = fileURLToPath(new URL('../../src/abr/README.md', import.meta.url));

/** The example's code: imports from '@edgeplay/core' become bindings to `core`. */
function readmeExample(): string {
  const text = readFileSync(README, 'utf8');
  const block = /<!-- ml-hook-example:start -->\s*```ts\n([\s\S]*?)```\s*<!-- ml-hook-example:end -->/.exec(text);
  if (!block) throw new Error('README: ml-hook-example block not found');
  return block[1]!.replace(/import \{([^}]+)\} from '@edgeplay\/core';/g, 'const {$1} = core;');
}

/** Evaluates the example (plain JS syntax) and hands back what it defined. */
function runExample(): { strategy: AbrStrategy; decisions: ModelDecisionLog[] } {
  const body = `${readmeExample()}\nreturn { strategy, decisions };`;
  return new Function('core', body)(core) as { strategy: AbrStrategy; decisions: ModelDecisionLog[] };
}

describe('README ML hook example', () => {
  it('runs as written: its model picks the highest rung whose next segment downloads within the buffer, and logs the decision', () => {
    const { strategy, decisions } = runExample();
    expect(strategy.name).toBe('tiny-model');
    // 2 Mbit/s measured, 4 s of buffer: 1500 kbit/s × 4 s downloads in 3 s (< 4 s), 3000 kbit/s in 6 s (> 4 s).
    const samples = [1, 2, 3].map((i) => ({ bytes: 1e6, durationMs: 4080, ttfbMs: 80, endMs: i * 1000 }));
    const answer = strategy.chooseTrack(context({ throughputSamples: samples, bufferLevel: 4, current: LADDER[1]! }));
    expect(answer instanceof Promise).toBe(false);
    expect((answer as core.AbrDecision).track.bandwidth).toBe(1_500_000);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.decision).toMatchObject({ trackId: 'v1500', by: 'model' });
    expect(decisions[0]!.input).toHaveLength(core.FEATURE_LENGTH);
  });
  it('with a full buffer the same model climbs to the top rung', () => {
    const { strategy } = runExample();
    const samples = [1, 2, 3].map((i) => ({ bytes: 1e6, durationMs: 4080, ttfbMs: 80, endMs: i * 1000 }));
    const answer = strategy.chooseTrack(context({ throughputSamples: samples, bufferLevel: 28, current: LADDER[2]! })) as core.AbrDecision;
    expect(answer.track.bandwidth).toBe(6_000_000);
  });
});
