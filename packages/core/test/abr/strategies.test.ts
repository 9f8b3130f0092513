import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ThroughputAbrStrategy } from '../../src/abr/throughput-abr-strategy.js';
import { BufferAbrStrategy } from '../../src/abr/buffer-abr-strategy.js';
import { HybridAbrStrategy } from '../../src/abr/hybrid-abr-strategy.js';
import { LADDER, context } from './ladder.js';

const kbps = (t: { bandwidth: number }) => t.bandwidth / 1000;

describe('ThroughputAbrStrategy', () => {
  const s = new ThroughputAbrStrategy({ safetyFactor: 0.9 });
  it('picks the highest track within safety × estimate', () => {
    expect(kbps(s.chooseTrack(context({ estimatedBandwidth: 3.4e6 })).track)).toBe(3000);
    expect(kbps(s.chooseTrack(context({ estimatedBandwidth: 3.2e6 })).track)).toBe(1500);
    expect(kbps(s.chooseTrack(context({ estimatedBandwidth: 100e6 })).track)).toBe(6000);
  });
  it('lowest without an estimate, whatever the buffer', () => {
    expect(kbps(s.chooseTrack(context({ estimatedBandwidth: NaN, bufferLevel: 29 })).track)).toBe(400);
  });
  it('needs more bandwidth at 2× playback', () => {
    expect(kbps(s.chooseTrack(context({ estimatedBandwidth: 3.4e6, playbackRate: 2 })).track)).toBe(1500);
  });
});

describe('BufferAbrStrategy', () => {
  const s = new BufferAbrStrategy();
  it('maps buffer linearly from the reservoir (37.5 % of the goal, lowest) to 90 % (highest), ignoring throughput', () => {
    expect(kbps(s.chooseTrack(context({ bufferLevel: 11, estimatedBandwidth: 1e9 })).track)).toBe(400);
    expect(kbps(s.chooseTrack(context({ bufferLevel: 27, estimatedBandwidth: 1e5 })).track)).toBe(6000);
    // 19.125 s: 400 + (7.875/15.75)·5600 = 3200 kbps → 3000.
    expect(kbps(s.chooseTrack(context({ bufferLevel: 19.125 })).track)).toBe(3000);
  });
  it('is monotone in buffer level', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 40, noNaN: true }), fc.double({ min: 0, max: 40, noNaN: true }), (a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        return s.chooseTrack(context({ bufferLevel: lo })).track.bandwidth <= s.chooseTrack(context({ bufferLevel: hi })).track.bandwidth;
      }),
    );
  });
});

describe('HybridAbrStrategy', () => {
  const s = new HybridAbrStrategy({ floorFactor: 0 });
  it('uses the throughput rule at startup (not the bottom of the ladder)', () => {
    const d = s.chooseTrack(context({ startingUp: true, bufferLevel: 0, estimatedBandwidth: 4e6 }));
    expect(kbps(d.track)).toBe(3000);
    expect(d.reason).toMatch(/startup/);
    expect(kbps(s.chooseTrack(context({ startingUp: true, bufferLevel: 0, estimatedBandwidth: NaN })).track)).toBe(400);
  });
  it('BOLA: quality rises with buffer level when bandwidth is ample', () => {
    const picks = [10, 13, 17, 21, 26].map((b) => kbps(s.chooseTrack(context({ bufferLevel: b, estimatedBandwidth: 50e6 })).track));
    for (let i = 1; i < picks.length; i++) expect(picks[i]!).toBeGreaterThanOrEqual(picks[i - 1]!);
    expect(picks[0]).toBeLessThan(6000);
    expect(picks[picks.length - 1]).toBe(6000);
  });
  it('throughput cap: at the guard level, never above the estimate', () => {
    const d = s.chooseTrack(context({ bufferLevel: 12, estimatedBandwidth: 1e6 }));
    expect(kbps(d.track)).toBe(800);
  });
  it('throughput cap loosens with buffer surplus, up to capMaxFactor × estimate', () => {
    // 28 s buffer: surplus (28 − 10) / 4 = 4.5, clamped to 2 → cap 4 Mbit/s.
    const d = s.chooseTrack(context({ bufferLevel: 28, estimatedBandwidth: 2e6 }));
    expect(kbps(d.track)).toBe(3000);
    expect(d.reason).toMatch(/capped/);
    // 14 s buffer: surplus 1 → cap = estimate.
    expect(kbps(s.chooseTrack(context({ bufferLevel: 14, estimatedBandwidth: 2e6 })).track)).toBeLessThanOrEqual(1500);
  });
  it('throughput floor lifts BOLA when bandwidth is plentiful', () => {
    const withFloor = new HybridAbrStrategy({ floorFactor: 0.5 });
    const d = withFloor.chooseTrack(context({ bufferLevel: 11, estimatedBandwidth: 20e6 }));
    expect(kbps(d.track)).toBe(6000);
  });
  it('is monotone in buffer level for a fixed estimate', () => {
    fc.assert(
      fc.property(fc.double({ min: 10, max: 40, noNaN: true }), fc.double({ min: 10, max: 40, noNaN: true }), fc.double({ min: 2e5, max: 2e7, noNaN: true }), (a, b, bw) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        return s.chooseTrack(context({ bufferLevel: lo, estimatedBandwidth: bw })).track.bandwidth <= s.chooseTrack(context({ bufferLevel: hi, estimatedBandwidth: bw })).track.bandwidth;
      }),
    );
  });

  describe('end of presentation', () => {
    it('spends the buffer when the rest of the title still arrives in time', () => {
      // 1.2 Mbit/s, 14 s buffered: the cap holds BOLA at ≤ 800 kbit/s mid-title...
      const mid = s.chooseTrack(context({ bufferLevel: 14, estimatedBandwidth: 1.2e6, remainingS: Infinity }));
      expect(kbps(mid.track)).toBeLessThanOrEqual(800);
      // ...but with one 4 s segment left, 3000 kbit/s (10 s at 0.8 × the estimate) lands with 4 s to spare.
      const end = s.chooseTrack(context({ bufferLevel: 14, estimatedBandwidth: 1.2e6, remainingS: 4 }));
      expect(kbps(end.track)).toBe(3000);
      expect(end.reason).toMatch(/end of presentation/);
    });
    it('never picks a track whose remaining segments would arrive after the buffer ran dry', () => {
      fc.assert(
        fc.property(
          fc.double({ min: 10, max: 30, noNaN: true }),
          fc.double({ min: 3e5, max: 1e7, noNaN: true }),
          fc.integer({ min: 1, max: 7 }),
          (buffer, bw, segmentsLeft) => {
            const d = 4;
            const decision = s.chooseTrack(context({ bufferLevel: buffer, estimatedBandwidth: bw, remainingS: segmentsLeft * d }));
            if (!/end of presentation/.test(decision.reason)) return true;
            // Download the remaining segments back to back at 0.8 × the estimate; each must land 1 s before it plays.
            const perSegment = (decision.track.bandwidth * d) / (0.8 * bw);
            for (let k = 1; k <= segmentsLeft; k++) if (k * perSegment > buffer + (k - 1) * d - 1 + 1e-9) return false;
            return true;
          },
        ),
      );
    });
    it('does nothing for live or far from the end', () => {
      const base = { bufferLevel: 14, estimatedBandwidth: 1.2e6 };
      const live = s.chooseTrack(context({ ...base, remainingS: Infinity })).track;
      expect(s.chooseTrack(context({ ...base, remainingS: 200 })).track).toBe(live);
      expect(s.chooseTrack(context({ ...base })).track).toBe(live);
    });
  });

  describe('shouldAbandon', () => {
    const top = LADDER[4]!; // 6000 kbps, 4 s segment = 3 MB
    it('abandons a download that cannot finish before the buffer runs out, for the highest lower track that can', () => {
      // 1 s elapsed, 100 kB loaded → 800 kbit/s; 2.9 MB left → ~29 s, but only 8 s buffered.
      const d = s.shouldAbandon(context({ bufferLevel: 8, inFlight: { track: top, bytesLoaded: 100_000, bytesTotal: 3_000_000, elapsedMs: 1000, segmentDuration: 4 } }));
      expect(d).not.toBeNull();
      // 800 kbit/s × (8 − 1 margin) s = 5.6 Mbit ≥ 4 s × 1.4 Mbit/s... highest fitting: 1500 kbps needs 7.5 s > 7 s, 800 kbps needs 4 s.
      expect(kbps(d!.track)).toBe(800);
      expect(d!.reason).toMatch(/abandon/);
    });
    it('keeps a download that will finish in time', () => {
      expect(s.shouldAbandon(context({ bufferLevel: 20, inFlight: { track: top, bytesLoaded: 1_500_000, bytesTotal: 3_000_000, elapsedMs: 1000, segmentDuration: 4 } }))).toBeNull();
    });
    it('does not judge too early, nor abandon the lowest track', () => {
      expect(s.shouldAbandon(context({ bufferLevel: 2, inFlight: { track: top, bytesLoaded: 1000, bytesTotal: 3_000_000, elapsedMs: 100, segmentDuration: 4 } }))).toBeNull();
      expect(s.shouldAbandon(context({ bufferLevel: 1, inFlight: { track: LADDER[0]!, bytesLoaded: 1000, bytesTotal: 200_000, elapsedMs: 5000, segmentDuration: 4 } }))).toBeNull();
    });
  });
});
