import { describe, expect, it } from 'vitest';
import { RobustThroughputPredictor } from '../../src/abr/throughput-history.js';
import { RobustMpcStrategy } from '../../src/abr/robust-mpc-strategy.js';
import type { ThroughputSample } from '../../src/abr/abr-strategy.js';
import { LADDER, context } from './ladder.js';

/** Samples of 1 MB at `mbps` over the body, 20 ms TTFB, ending at 1, 2, … s. */
const samples = (mbpsList: number[]): ThroughputSample[] => mbpsList.map((mbps, i) => ({ bytes: 1e6, durationMs: 20 + 8000 / mbps, ttfbMs: 20, endMs: (i + 1) * 1000 }));

describe('the start prior and the robust error window', () => {
  it('a prior far above the first sample counts as a 100 % miss, not its real 14×', () => {
    const p = new RobustThroughputPredictor(5, true);
    // First decision: nothing measured, a 60 Mbit/s prior (an unshaped manifest); the link then delivers 4 Mbit/s.
    p.predict(context({ estimatedBandwidth: NaN, initialEstimate: 60e6, throughputSamples: [] }));
    const after = p.predict(context({ estimatedBandwidth: NaN, throughputSamples: samples([4]) }));
    expect(after.maxError).toBe(1);
    expect(after.raw).toBeCloseTo(4e6, -3);
  });

  it('a prior that was right still leaves the start uncertainty (100 %)', () => {
    const p = new RobustThroughputPredictor(5, true);
    p.predict(context({ estimatedBandwidth: NaN, initialEstimate: 4e6, throughputSamples: [] }));
    expect(p.predict(context({ estimatedBandwidth: NaN, throughputSamples: samples([4]) })).maxError).toBe(1);
  });

  it('still learns the samples’ own prediction errors', () => {
    const p = new RobustThroughputPredictor(5, true);
    p.predict(context({ throughputSamples: samples([4]) }));
    const after = p.predict(context({ throughputSamples: samples([4, 1]) }));
    expect(after.maxError).toBeCloseTo(3, 1); // predicted 4, got 1
  });

  it('the default-style MPC climbs off the bottom rung on the second decision after a wrong prior', () => {
    const mpc = new RobustMpcStrategy({ playerAware: true, horizon: 10, errorDiscount: 0.5, rebufferPenalty: 8 });
    mpc.chooseTrack(context({ current: null, bufferLevel: 0, startingUp: true, estimatedBandwidth: NaN, initialEstimate: 60e6, throughputSamples: [] }));
    // One segment measured at 8 Mbit/s with 4 s buffered: the next pick sustains well above the 400 kbit/s bottom.
    const next = mpc.chooseTrack(context({ current: LADDER[0]!, bufferLevel: 4, startingUp: true, estimatedBandwidth: NaN, throughputSamples: samples([8]) }));
    expect(next.track.bandwidth).toBeGreaterThan(LADDER[0]!.bandwidth);
    expect(next.reason).toContain('÷ 2.00');
  });
});
