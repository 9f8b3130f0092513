import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attributeStall, WORTH_KEEPING, patienceFloorS, type StallEvidence } from '../../src/steering/stall-attribution.js';

/** trace_942598's dropped transfer: 123 of 150 KB, 15.9 s buffered, ~0.38 Mbit/s estimate, 4 s segments. */
const lastMileStall: StallEvidence = {
  reason: 'stalled',
  otherPathwaysSilent: false,
  bytesLoaded: 123_266,
  bytesExpected: 150_000,
  bufferAheadS: 15.9,
  segmentDurationS: 4,
  estimateBps: 380_000,
  probe: 'none',
};

describe('attributeStall', () => {
  it('keeps a mostly delivered transfer while the buffer is above the refetch floor (waiting is free)', () => {
    // Floor: twice the 3.2 s refetch at the estimate plus one segment = 10.3 s.
    expect(patienceFloorS(lastMileStall)).toBeCloseTo(2 * ((150_000 * 8) / 380_000) + 4, 6);
    expect(attributeStall(lastMileStall)).toBe('last-mile');
  });

  it('below the floor it probes the other pathways first, keeps the transfer while the probe runs, and blames the cache when one answered', () => {
    const low = { ...lastMileStall, bufferAheadS: 8 };
    expect(attributeStall(low)).toBe('probe');
    expect(attributeStall({ ...low, probe: 'pending' })).toBe('last-mile');
    // Done, and the others are not silent: an answer came, the network works, the cache is at fault.
    expect(attributeStall({ ...low, probe: 'done' })).toBe('cache');
    // Done, and the others stayed silent too: the client's own link is down.
    expect(attributeStall({ ...low, probe: 'done', otherPathwaysSilent: true })).toBe('last-mile');
  });

  it('every other pathway silent since the last success: keeps even a transfer that has delivered nothing', () => {
    expect(attributeStall({ ...lastMileStall, reason: 'slow-ttfb', bytesLoaded: 0, bufferAheadS: 1, otherPathwaysSilent: true })).toBe('last-mile');
  });

  it('a transfer barely started fails over at once, whatever the buffer (a dead cache is left as before)', () => {
    // The failover sim's mid-body stall: 40 KB of a 500 KB segment.
    expect(attributeStall({ ...lastMileStall, bytesLoaded: 40_000, bytesExpected: 500_000, bufferAheadS: 30 })).toBe('cache');
  });

  it('with no estimate there is no basis for waiting: a mostly delivered stall at startup is probed', () => {
    expect(patienceFloorS({ ...lastMileStall, estimateBps: NaN })).toBe(Infinity);
    expect(attributeStall({ ...lastMileStall, estimateBps: NaN, bufferAheadS: 0 })).toBe('probe');
  });

  it('HTTP errors and bad bodies are always the cache’s, even with every other pathway silent', () => {
    for (const reason of ['http-error', 'bad-body'] as const) expect(attributeStall({ ...lastMileStall, reason, otherPathwaysSilent: true })).toBe('cache');
  });

  it('property: never keeps a barely started transfer unless every other pathway is silent; never probes twice', () => {
    fc.assert(
      fc.property(
        fc.record({
          reason: fc.constantFrom('stalled', 'slow-ttfb', 'too-slow', 'timeout', 'connection', 'http-error', 'bad-body'),
          otherPathwaysSilent: fc.boolean(),
          bytesLoaded: fc.integer({ min: 0, max: 2_000_000 }),
          bytesExpected: fc.integer({ min: 1, max: 2_000_000 }),
          bufferAheadS: fc.double({ min: 0, max: 60, noNaN: true }),
          segmentDurationS: fc.double({ min: 0.5, max: 10, noNaN: true }),
          estimateBps: fc.oneof(fc.constant(NaN), fc.double({ min: 1, max: 1e8, noNaN: true })),
          probe: fc.constantFrom('none', 'pending', 'done'),
        }),
        (e) => {
          const a = attributeStall(e as StallEvidence);
          if (e.bytesLoaded / e.bytesExpected < WORTH_KEEPING && !e.otherPathwaysSilent) expect(a).toBe('cache');
          if (e.probe !== 'none') expect(a).not.toBe('probe');
          if (a === 'probe') expect(e.bufferAheadS).toBeLessThanOrEqual(patienceFloorS(e));
        },
      ),
    );
  });
});
