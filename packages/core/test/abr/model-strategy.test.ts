import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createModelStrategy, type ModelDecisionLog } from '../../src/abr/model-strategy.js';
import { abrFeatures, FEATURE_LENGTH, GLOBAL_FEATURES, MAX_RUNGS, RUNG_FEATURES, rungCount } from '../../src/abr/abr-features.js';
import { ThroughputAbrStrategy } from '../../src/abr/throughput-abr-strategy.js';
import { LADDER, context } from './ladder.js';

const kbps = (t: { bandwidth: number }) => t.bandwidth / 1000;
const fallback = new ThroughputAbrStrategy();

describe('abrFeatures', () => {
  it('has the documented fixed length, one mask per rung, and bounded values for any context', () => {
    fc.assert(
      fc.property(
        fc.record({
          estimatedBandwidth: fc.oneof(fc.constant(NaN), fc.double({ min: 0, max: 1e9, noNaN: true })),
          bufferLevel: fc.double({ min: 0, max: 1e4, noNaN: true }),
          remainingS: fc.oneof(fc.constant(Infinity), fc.double({ min: 0, max: 1e5, noNaN: true })),
          samples: fc.array(fc.record({ bytes: fc.nat(1e8), durationMs: fc.nat(1e6), ttfbMs: fc.nat(1e4), endMs: fc.nat(1e9) }), { maxLength: 12 }),
        }),
        ({ estimatedBandwidth, bufferLevel, remainingS, samples }) => {
          const f = abrFeatures(context({ estimatedBandwidth, bufferLevel, remainingS, throughputSamples: samples }));
          expect(f).toHaveLength(FEATURE_LENGTH);
          expect(rungCount(f)).toBe(LADDER.length);
          for (const v of f) expect(Math.abs(v)).toBeLessThanOrEqual(4);
          for (let r = LADDER.length; r < MAX_RUNGS; r++) for (let i = 0; i < RUNG_FEATURES; i++) expect(f[GLOBAL_FEATURES + r * RUNG_FEATURES + i]).toBe(0);
        },
      ),
    );
  });
  it('marks the current rung and orders the rungs lowest first', () => {
    const f = abrFeatures(context({ current: LADDER[2]! }));
    expect(f[GLOBAL_FEATURES + 2 * RUNG_FEATURES + 3]).toBe(1);
    expect(f[GLOBAL_FEATURES + 0 * RUNG_FEATURES + 2]).toBeLessThan(f[GLOBAL_FEATURES + 4 * RUNG_FEATURES + 2]!);
  });
});

describe('createModelStrategy', () => {
  it('applies a sync model’s rung and logs the input and decision', () => {
    const log: ModelDecisionLog[] = [];
    const s = createModelStrategy({ infer: () => 3, fallback, log: (e) => log.push(e) });
    const d = s.chooseTrack(context({ estimatedBandwidth: 1e6 }));
    expect(d instanceof Promise).toBe(false);
    expect(kbps((d as { track: { bandwidth: number } }).track)).toBe(3000);
    expect(log).toHaveLength(1);
    expect(log[0]!.decision).toMatchObject({ trackId: 'v3000', by: 'model' });
    expect(log[0]!.input).toHaveLength(FEATURE_LENGTH);
  });

  it('takes the argmax of per-rung scores', () => {
    const s = createModelStrategy({ infer: () => [0, 5, 1, 2, 3], fallback });
    expect(kbps((s.chooseTrack(context()) as { track: { bandwidth: number } }).track)).toBe(800);
  });

  it('falls back (and reports it) on a throw, an out-of-range rung, non-finite scores or the wrong length', () => {
    const bad = [() => { throw new Error('boom'); }, () => 9, () => 1.5, () => [1, NaN, 0, 0, 0], () => [1, 2]];
    for (const infer of bad) {
      const reasons: string[] = [];
      const log: ModelDecisionLog[] = [];
      const s = createModelStrategy({ infer, fallback, onFallback: (r) => reasons.push(r), log: (e) => log.push(e) });
      const d = s.chooseTrack(context({ estimatedBandwidth: 1e6 })) as { track: { bandwidth: number }; reason: string };
      expect(kbps(d.track)).toBe(800); // the throughput rule's pick at 0.9 × 1 Mbit/s
      expect(reasons).toHaveLength(1);
      expect(['error', 'out-of-range']).toContain(reasons[0]);
      expect(log[0]!.decision.by).toBe('fallback');
      expect(d.reason).toMatch(/fallback throughput/);
    }
  });

  it('async: uses the answer when it comes in time, the fallback when it times out', async () => {
    let fire: (() => void) | null = null;
    const setTimer = (_ms: number, f: () => void) => {
      fire = f;
      return () => (fire = null);
    };
    const fast = createModelStrategy({ infer: () => Promise.resolve(4), fallback, setTimer });
    expect(kbps((await fast.chooseTrack(context())).track)).toBe(6000);
    const reasons: string[] = [];
    const slow = createModelStrategy({ infer: () => new Promise<number>(() => {}), fallback, setTimer, onFallback: (r) => reasons.push(r) });
    const pending = slow.chooseTrack(context({ estimatedBandwidth: 1e6 }));
    expect(pending instanceof Promise).toBe(true);
    fire!();
    expect(kbps((await pending).track)).toBe(800);
    expect(reasons).toEqual(['timeout']);
  });

  it('shadow mode logs what the candidate would have chosen, without applying it', () => {
    const log: ModelDecisionLog[] = [];
    const s = createModelStrategy({ infer: () => 0, fallback, shadow: new ThroughputAbrStrategy(), log: (e) => log.push(e) });
    const d = s.chooseTrack(context({ estimatedBandwidth: 1e8 })) as { track: { bandwidth: number } };
    expect(kbps(d.track)).toBe(400);
    expect(log[0]!.shadow).toMatchObject({ trackId: 'v6000' });
  });
});
