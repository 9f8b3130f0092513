import { describe, expect, it } from 'vitest';
import { RobustMpcStrategy } from '../../src/abr/robust-mpc-strategy.js';
import { BolaStrategy } from '../../src/abr/bola-strategy.js';
import { AbandonRule } from '../../src/abr/abandon-rule.js';
import { RobustThroughputPredictor, harmonicMean } from '../../src/abr/throughput-history.js';
import type { ThroughputSample } from '../../src/abr/abr-strategy.js';
import { LADDER, context } from './ladder.js';

const kbps = (t: { bandwidth: number }) => t.bandwidth / 1000;
/** `n` samples of 1 MB at `mbps`, 80 ms TTFB, ending at 1, 2, … s. */
const samples = (mbpsList: number[]): ThroughputSample[] =>
  mbpsList.map((mbps, i) => ({ bytes: 1e6, durationMs: 80 + 8000 / mbps, ttfbMs: 80, endMs: (i + 1) * 1000 }));

describe('throughput prediction', () => {
  it('harmonic mean is dominated by the slow samples', () => {
    expect(harmonicMean([1, 4])).toBeCloseTo(1.6, 9);
    expect(harmonicMean([])).toBeNaN();
  });
  it('robust prediction divides by 1 + the largest recent relative error', () => {
    const p = new RobustThroughputPredictor(5, true);
    const history = [4, 4, 1, 4];
    let last = { bps: NaN, raw: NaN, maxError: 0 };
    for (let i = 1; i <= history.length; i++) last = p.predict(context({ throughputSamples: samples(history.slice(0, i)) }));
    expect(last.maxError).toBeGreaterThan(1); // predicted ~4 when 1 came: error 3
    expect(last.bps).toBeCloseTo(last.raw / (1 + last.maxError), 6);
  });
});

describe('RobustMpcStrategy', () => {
  it('picks what the predicted throughput sustains over the lookahead, with an empty buffer', () => {
    const s = new RobustMpcStrategy({ playerAware: true });
    const d = s.chooseTrack(context({ throughputSamples: samples([2, 2, 2, 2, 2]), bufferLevel: 4, current: LADDER[2]! }));
    expect(kbps(d.track)).toBe(1500);
  });
  it('uses actual segment sizes when given: a huge next segment at a rung rules it out', () => {
    const s = new RobustMpcStrategy({ playerAware: true });
    const base = { throughputSamples: samples([5, 5, 5, 5, 5]), bufferLevel: 8, current: LADDER[3]! };
    const usual = s.chooseTrack(context(base)).track;
    expect(kbps(usual)).toBeGreaterThanOrEqual(3000);
    // The next segment at that rung is 64 Mbit (a scene cut in a VBR encode): 13 s at 5 Mbit/s.
    const heavy = s.chooseTrack(context({ ...base, segmentBytes: (t, ahead) => (t.id === usual.id && ahead === 0 ? 8e6 : undefined) }));
    expect(heavy.track.bandwidth).toBeLessThan(usual.bandwidth);
  });
  it('without any throughput knowledge starts at the lowest rung; with a prior it uses it', () => {
    const s = new RobustMpcStrategy();
    expect(kbps(s.chooseTrack(context({ estimatedBandwidth: NaN, bufferLevel: 0, current: null })).track)).toBe(400);
    const primed = new RobustMpcStrategy().chooseTrack(context({ estimatedBandwidth: NaN, initialEstimate: 20e6, bufferLevel: 0, current: null, remainingS: 100 }));
    expect(kbps(primed.track)).toBeGreaterThan(400);
  });
});

describe('BolaStrategy', () => {
  it('BOLA-E: at startup the placeholder buffer makes the first pick the throughput-safe rung', () => {
    const s = new BolaStrategy();
    const d = s.chooseTrack(context({ startingUp: true, bufferLevel: 0, estimatedBandwidth: 3.5e6, current: null }));
    expect(kbps(d.track)).toBe(3000);
  });
  it('BOLA-O: an up-switch is limited to what the throughput sustains, never below the current rung', () => {
    const s = new BolaStrategy();
    // A full buffer makes plain BOLA want the top rung.
    const d = s.chooseTrack(context({ bufferLevel: 29, estimatedBandwidth: 2e6, current: LADDER[1]! }));
    expect(kbps(d.track)).toBe(1500);
    expect(d.reason).toMatch(/BOLA-O/);
    const keep = s.chooseTrack(context({ bufferLevel: 29, estimatedBandwidth: 0.5e6, current: LADDER[2]! }));
    expect(kbps(keep.track)).toBe(1500);
  });
});

describe('AbandonRule', () => {
  const flight = (bytesLoaded: number, elapsedMs: number, bytesTotal = 1.5e6) => ({ track: LADDER[3]!, bytesLoaded, bytesTotal, elapsedMs, segmentDuration: 4 });
  it('does not judge the rate on the first round trip and a few packets', () => {
    const rule = new AbandonRule();
    expect(rule.check(context({ bufferLevel: 3, inFlight: flight(0, 80) }))).toBeNull();
    // 20 KB in 300 ms is a terrible rate, but too little evidence.
    expect(rule.check(context({ bufferLevel: 3, inFlight: flight(20_000, 300) }))).toBeNull();
  });
  it('never abandons a transfer the server has (nearly) finished sending', () => {
    const rule = new AbandonRule();
    rule.check(context({ bufferLevel: 3, inFlight: flight(0, 80) }));
    expect(rule.check(context({ bufferLevel: 3, inFlight: flight(1.5e6, 900) }))).toBeNull();
  });
  it('abandons for a rung that finishes in time once the achieved rate over enough bytes says it will not', () => {
    const rule = new AbandonRule();
    rule.check(context({ bufferLevel: 3, inFlight: flight(0, 80) }));
    // 100 KB over 1 s of body: 0.8 Mbit/s; 1.4 MB left needs 14 s with 3 s buffered.
    const d = rule.check(context({ bufferLevel: 3, inFlight: flight(100_000, 1080) }));
    expect(d).not.toBeNull();
    expect(kbps(d!.track)).toBe(400);
    expect(d!.reason).toMatch(/abandon/);
  });
});

describe('AbandonRule on a dead link', () => {
  const flight = (bytesLoaded: number, elapsedMs: number) => ({ track: LADDER[3]!, bytesLoaded, bytesTotal: 1.5e6, elapsedMs, segmentDuration: 4 });
  it('judges a transfer stuck for 2 s (no bytes, or no progress) and restarts at the lowest rung', () => {
    const silent = new AbandonRule();
    expect(silent.check(context({ bufferLevel: 2.5, inFlight: flight(0, 1500) }))).toBeNull();
    expect(kbps(silent.check(context({ bufferLevel: 2.5, inFlight: flight(0, 2100) }))!.track)).toBe(400);
    // With plenty of buffer the silence is not yet a problem.
    expect(new AbandonRule().check(context({ bufferLevel: 25, inFlight: flight(0, 2100) }))).toBeNull();
  });
});
