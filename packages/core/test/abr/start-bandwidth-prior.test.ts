import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_START_PRIOR_CONFIG, DefaultStartBandwidthPrior, combineStartEvidence } from '../../src/abr/start-bandwidth-prior.js';

const MBPS = 1e6;
/** A transfer of `kb` KB whose body took `ms`. */
const transfer = (kb: number, ms: number) => ({ bytes: kb * 1024, bodyMs: ms });

describe('combineStartEvidence', () => {
  it('falls back to the conservative default without any evidence', () => {
    const prior = combineStartEvidence({ transfers: [] });
    expect(prior.bps).toBe(DEFAULT_START_PRIOR_CONFIG.defaultBps);
    expect(prior.basis).toBe('default');
  });

  it('ignores transfers too small or too quick to measure (the default then)', () => {
    // An 805-byte init segment and a 7 KB manifest whose body read in 0.1 ms: neither is a measurement.
    expect(combineStartEvidence({ transfers: [{ bytes: 805, bodyMs: 3 }, transfer(7, 0.1)] }).basis).toBe('default');
  });

  it('caps the prior at the rate of a small transfer whose body was slow (a link at most that fast)', () => {
    // A 1.5 KB manifest whose body took 600 ms: the link gave ~20 kbit/s, so the 1 Mbit/s default does not apply.
    const slow = combineStartEvidence({ transfers: [{ bytes: 1536, bodyMs: 600 }] });
    expect(slow.bps).toBeCloseTo((1536 * 8 * 1000) / 600, 6);
    expect(slow.basis).toContain('small transfers');
    // The same cap holds over measured sources and the last session's estimate.
    const capped = combineStartEvidence({ transfers: [transfer(16, 2), { bytes: 1536, bodyMs: 600 }], lastSession: { bps: 40 * MBPS, ageMs: 0 } });
    expect(capped.bps).toBeCloseTo((1536 * 8 * 1000) / 600, 6);
    // Under 10 ms of body a small transfer is the event loop's, not the link's: no cap.
    expect(combineStartEvidence({ transfers: [{ bytes: 1536, bodyMs: 9 }] }).basis).toBe('default');
  });

  it('pools measurable transfers as total bytes over total body time', () => {
    // 8 KB in 2 ms + 16 KB in 6 ms = 24 KB in 8 ms = 24.6 Mbit/s; full weight, the only source.
    const prior = combineStartEvidence({ transfers: [transfer(8, 2), transfer(16, 6), { bytes: 500, bodyMs: 5 }] });
    expect(prior.bps).toBeCloseTo((24 * 1024 * 8 * 1000) / 8, 3);
  });

  it('weighs the sources geometrically by the documented weights', () => {
    // Transfers 40 Mbit/s at full weight 1, downlink 1.5 Mbit/s at 0.1, a fresh last session 10 Mbit/s at 1.
    const bodyMs = (16 * 1024 * 8 * 1000) / (40 * MBPS);
    const prior = combineStartEvidence({ transfers: [transfer(16, bodyMs)], downlinkBps: 1.5 * MBPS, lastSession: { bps: 10 * MBPS, ageMs: 0 } });
    const expected = Math.exp((1 * Math.log(40 * MBPS) + 0.1 * Math.log(1.5 * MBPS) + 1 * Math.log(10 * MBPS)) / 2.1);
    expect(prior.bps).toBeCloseTo(expected, 0);
    expect(prior.basis).toContain('downlink 1.50 Mbit/s × 0.10');
  });

  it('halves the last session’s weight every half-life', () => {
    const at = (ageMs: number) => combineStartEvidence({ lastSession: { bps: 8 * MBPS, ageMs }, downlinkBps: 2 * MBPS, transfers: [] }).bps;
    const halfLife = DEFAULT_START_PRIOR_CONFIG.lastSessionHalfLifeMs;
    // weights 1 vs 0.1, then 0.5 vs 0.1: the older estimate pulls less towards 8 Mbit/s.
    expect(at(0)).toBeCloseTo(Math.exp((1 * Math.log(8 * MBPS) + 0.1 * Math.log(2 * MBPS)) / 1.1), 0);
    expect(at(halfLife)).toBeCloseTo(Math.exp((0.5 * Math.log(8 * MBPS) + 0.1 * Math.log(2 * MBPS)) / 0.6), 0);
    expect(at(halfLife)).toBeLessThan(at(0));
  });

  it('scales a small pooled transfer’s weight by its bytes', () => {
    // One measurable 4 KB transfer: half of fullWeightBytes (8 KB), so weight 0.5 against the downlink's 0.1.
    const bodyMs = (4 * 1024 * 8 * 1000) / (20 * MBPS);
    const prior = combineStartEvidence({ transfers: [transfer(4, bodyMs)], downlinkBps: 2 * MBPS });
    expect(prior.bps).toBeCloseTo(Math.exp((0.5 * Math.log(20 * MBPS) + 0.1 * Math.log(2 * MBPS)) / 0.6), 0);
  });

  it('counts only transfers from the media’s host when it is known', () => {
    const origin = { ...transfer(16, 2), host: 'origin.example' };
    const cdn = { ...transfer(16, 64), host: 'cdn.example' };
    // The origin's fast manifest says nothing about the CDN path: only the CDN's 2 Mbit/s transfer counts.
    expect(combineStartEvidence({ transfers: [origin, cdn], mediaHost: 'cdn.example' }).bps).toBeCloseTo((16 * 1024 * 8 * 1000) / 64, 3);
    expect(combineStartEvidence({ transfers: [origin], mediaHost: 'cdn.example' }).basis).toBe('default');
    // Unknown media host: every transfer counts.
    expect(combineStartEvidence({ transfers: [origin, cdn] }).bps).toBeCloseTo((32 * 1024 * 8 * 1000) / 66, 3);
  });

  it('caps the prior at maxBps (a falsely short body time)', () => {
    expect(combineStartEvidence({ transfers: [transfer(64, 0.5)] }).bps).toBe(DEFAULT_START_PRIOR_CONFIG.maxBps);
  });

  it('rejects nonsense evidence instead of producing NaN', () => {
    const prior = combineStartEvidence({ transfers: [{ bytes: NaN, bodyMs: 3 }, { bytes: 9000, bodyMs: Infinity }], downlinkBps: -1, lastSession: { bps: NaN, ageMs: 0 } });
    expect(prior.basis).toBe('default');
  });

  it('always lies within [min source, max source] and never exceeds the cap (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        (transferMbps, downlinkMbps, lastMbps, ageMs) => {
          const bodyMs = (16 * 1024 * 8 * 1000) / (transferMbps * MBPS);
          const prior = combineStartEvidence({ transfers: [transfer(16, bodyMs)], downlinkBps: downlinkMbps * MBPS, lastSession: { bps: lastMbps * MBPS, ageMs } });
          const values = [transferMbps, downlinkMbps, lastMbps].map((m) => m * MBPS);
          expect(prior.bps).toBeGreaterThanOrEqual(Math.min(Math.min(...values), DEFAULT_START_PRIOR_CONFIG.maxBps) * (1 - 1e-9));
          expect(prior.bps).toBeLessThanOrEqual(Math.min(Math.max(...values), DEFAULT_START_PRIOR_CONFIG.maxBps) * (1 + 1e-9));
        },
      ),
    );
  });

  it('DefaultStartBandwidthPrior applies its config over the defaults', () => {
    expect(new DefaultStartBandwidthPrior({ defaultBps: 500_000 }).estimate({ transfers: [] }).bps).toBe(500_000);
  });
});
