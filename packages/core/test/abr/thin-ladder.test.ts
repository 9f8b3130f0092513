import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { thinLadder } from '../../src/abr/track-ladder.js';
import { RobustMpcStrategy } from '../../src/abr/robust-mpc-strategy.js';
import type { Track } from '../../src/manifest/model.js';
import type { AbrContext } from '../../src/abr/abr-strategy.js';

const track = (bandwidth: number, i: number): Track => ({ id: `v${i}`, bandwidth }) as Track;

describe('thinLadder', () => {
  it('returns a ladder within the bound unchanged', () => {
    const ladder = [300e3, 750e3, 1.2e6].map(track);
    expect(thinLadder(ladder, 12)).toBe(ladder);
  });

  it('keeps the ends and the given rung, at most `max`, ascending, a subset of the input', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1e9 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 3, max: 16 }), fc.nat(), (bandwidths, max, k) => {
        const sorted = [...bandwidths].sort((a, b) => a - b).map(track);
        const keep = sorted[k % sorted.length]!;
        const out = thinLadder(sorted, max, keep);
        expect(out.length).toBe(Math.min(sorted.length, max));
        expect(out[0]).toBe(sorted[0]);
        expect(out[out.length - 1]).toBe(sorted[sorted.length - 1]);
        expect(out).toContain(keep);
        for (let i = 1; i < out.length; i++) expect(out[i]!.bandwidth).toBeGreaterThan(out[i - 1]!.bandwidth);
        for (const t of out) expect(sorted).toContain(t);
      }),
    );
  });

  it('bounds robustMPC on a hostile ladder: 5,000 rungs decide in well under a second', () => {
    const ladder = Array.from({ length: 5000 }, (_, i) => track(100e3 + i * 1000, i));
    const context: AbrContext = { tracks: ladder, current: ladder[2500]!, estimatedBandwidth: 2e6, confidence: 1, bufferLevel: 10, bufferGoal: 30, segmentDuration: 4, playbackRate: 1, startingUp: false, rebuffering: false, now: 0 };
    for (const strategy of [new RobustMpcStrategy(), new RobustMpcStrategy({ horizon: 10 })]) {
      const t0 = performance.now();
      const decision = strategy.chooseTrack(context);
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(ladder).toContain(decision.track);
    }
  });
});
