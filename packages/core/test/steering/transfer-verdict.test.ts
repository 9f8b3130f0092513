import { describe, expect, it } from 'vitest';
import { DEFAULT_TRANSFER_THRESHOLDS, judgeTransfer, rateObservable, scaledDeadlineMs, type TransferObservation } from '../../src/steering/transfer-verdict.js';

// A 4 s segment of a 4 Mb/s track (2 MB) on a player that measured 40 Mb/s, 20 s of buffer.
const base: TransferObservation = {
  elapsedMs: 0,
  ttfbMs: null,
  idleMs: 0,
  bytesLoaded: 0,
  bytesExpected: 2_000_000,
  segmentDurationS: 4,
  bufferAheadS: 20,
  lowestBandwidth: 300_000,
  estimateBps: 40_000_000,
};
const at = (o: Partial<TransferObservation>) => judgeTransfer({ ...base, ...o });
const reason = (o: Partial<TransferObservation>) => {
  const v = at(o);
  return v.verdict === 'cache-failure' ? v.reason : 'healthy';
};

describe('transfer verdict', () => {
  it('deadlines scale with the segment duration, clamped to [1 s, 6 s]', () => {
    expect(scaledDeadlineMs(4, 0.5)).toBe(2000);
    expect(scaledDeadlineMs(1, 0.5)).toBe(1000);
    expect(scaledDeadlineMs(30, 0.5)).toBe(6000);
    expect(scaledDeadlineMs(Number.NaN, 0.5)).toBe(2000); // unknown duration: assume 4 s
  });

  it('no first byte: healthy up to half a segment, then slow-ttfb', () => {
    expect(reason({ elapsedMs: 2000 })).toBe('healthy');
    expect(reason({ elapsedMs: 2001 })).toBe('slow-ttfb');
    expect(reason({ elapsedMs: 1001, segmentDurationS: 2 })).toBe('slow-ttfb');
  });

  it('body silent for half a segment: stalled', () => {
    const flowing = { ttfbMs: 50, elapsedMs: 3000, bytesLoaded: 1_500_000 };
    expect(reason({ ...flowing, idleMs: 2000 })).toBe('healthy');
    expect(reason({ ...flowing, idleMs: 2001 })).toBe('stalled');
    // A body that is complete is not stalled, however long ago its last byte came.
    expect(reason({ ...flowing, bytesLoaded: 2_000_000, idleMs: 5000 })).toBe('healthy');
  });

  it('rates are judged only after a quarter segment of body', () => {
    expect(rateObservable({ elapsedMs: 1049, ttfbMs: 50, segmentDurationS: 4 })).toBe(false);
    expect(rateObservable({ elapsedMs: 1050, ttfbMs: 50, segmentDurationS: 4 })).toBe(true);
    expect(rateObservable({ elapsedMs: 549, ttfbMs: 50, segmentDurationS: 1 })).toBe(false); // at least 500 ms
    // 40 kB in 0.9 s (355 kb/s, a collapse) is not judged yet.
    expect(reason({ ttfbMs: 50, elapsedMs: 950, bytesLoaded: 40_000 })).toBe('healthy');
  });

  it('collapse that cannot finish in the buffer left: too-slow', () => {
    // 2 s of body at 2 Mb/s = 500 kB; 1.5 MB left needs 6 s.
    const slow = { ttfbMs: 0, elapsedMs: 2000, bytesLoaded: 500_000 };
    expect(reason({ ...slow, bufferAheadS: 6.5, estimateBps: 40_000_000 })).toBe('too-slow'); // 2 Mb/s < 10 % of 40
    expect(reason({ ...slow, bufferAheadS: 7.5, estimateBps: 40_000_000 })).toBe('healthy'); // finishes in time
    expect(reason({ ...slow, bufferAheadS: 6.5, estimateBps: 19_000_000 })).toBe('healthy'); // not a collapse: ABR's business
    expect(reason({ ...slow, bufferAheadS: 6.5, estimateBps: Number.NaN })).toBe('healthy'); // nothing to compare with
  });

  it('below the lowest rendition after a collapse: too-slow even if it could finish', () => {
    // 2 s of body at 200 kb/s = 50 kB of a 100 kB audio segment: finishes in 2 s, buffer is 20 s.
    const o = { ttfbMs: 0, elapsedMs: 2000, bytesLoaded: 50_000, bytesExpected: 100_000 };
    expect(reason(o)).toBe('too-slow');
    expect(reason({ ...o, lowestBandwidth: 150_000 })).toBe('healthy');
    expect(reason({ ...o, estimateBps: 1_500_000 })).toBe('healthy'); // a network that was always slow
  });

  it('bursty delivery: a slow body quiet for a while is reported as stalled, not healthy', () => {
    // 16 kB arrived at first byte, then nothing for 1.2 s (a 150 kb/s shaper sends bursts).
    expect(reason({ ttfbMs: 800, elapsedMs: 2000, idleMs: 1200, bytesLoaded: 16_000 })).toBe('stalled');
  });

  it('defaults are the documented ones', () => {
    expect(DEFAULT_TRANSFER_THRESHOLDS).toMatchObject({ ttfbFactor: 0.5, stallFactor: 0.5, minDeadlineMs: 1000, maxDeadlineMs: 6000, collapseRatio: 0.1, minObservationFactor: 0.25 });
  });
});
