import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attributeStall, WORTH_KEEPING, type StallEvidence } from '../../src/steering/stall-attribution.js';

/** trace_942598's dropped transfer: 123 of 150 KB delivered when the link died. */
const lastMileStall: StallEvidence = { reason: 'stalled', otherPathwaysSilent: false, bytesLoaded: 123_266, bytesExpected: 150_000, probe: 'none' };

describe('attributeStall', () => {
  it('a transfer worth keeping is probed first, kept while the probe runs, and the cache blamed once another pathway answered', () => {
    expect(attributeStall(lastMileStall)).toBe('probe');
    expect(attributeStall({ ...lastMileStall, probe: 'pending' })).toBe('last-mile');
    // Done, and the others are not silent: an answer came, the network works, the cache is at fault.
    expect(attributeStall({ ...lastMileStall, probe: 'done' })).toBe('cache');
    // Done, and the others stayed silent too: the client's own link is down.
    expect(attributeStall({ ...lastMileStall, probe: 'done', otherPathwaysSilent: true })).toBe('last-mile');
  });

  it('every other pathway silent since the last success: keeps even a transfer that has delivered nothing', () => {
    expect(attributeStall({ ...lastMileStall, reason: 'slow-ttfb', bytesLoaded: 0, otherPathwaysSilent: true })).toBe('last-mile');
  });

  it('a transfer barely started fails over at once (a dead cache is left as before)', () => {
    // The failover sim's mid-body stall: 40 KB of a 500 KB segment.
    expect(attributeStall({ ...lastMileStall, bytesLoaded: 40_000, bytesExpected: 500_000 })).toBe('cache');
    expect(attributeStall({ ...lastMileStall, bytesLoaded: 0, bytesExpected: 0 })).toBe('cache');
  });

  it('HTTP errors and bad bodies are always the cache’s, even with every other pathway silent', () => {
    for (const reason of ['http-error', 'bad-body'] as const) expect(attributeStall({ ...lastMileStall, reason, otherPathwaysSilent: true })).toBe('cache');
  });

  it('property: keeps a barely started transfer only when every other pathway is silent; probes at most once; an answered probe never keeps', () => {
    fc.assert(
      fc.property(
        fc.record({
          reason: fc.constantFrom('stalled', 'slow-ttfb', 'too-slow', 'timeout', 'connection', 'http-error', 'bad-body'),
          otherPathwaysSilent: fc.boolean(),
          bytesLoaded: fc.integer({ min: 0, max: 2_000_000 }),
          bytesExpected: fc.integer({ min: 0, max: 2_000_000 }),
          probe: fc.constantFrom('none', 'pending', 'done'),
        }),
        (e) => {
          const a = attributeStall(e as StallEvidence);
          if (!(e.bytesLoaded >= WORTH_KEEPING * e.bytesExpected && e.bytesExpected > 0) && !e.otherPathwaysSilent) expect(a).toBe('cache');
          if (e.probe !== 'none') expect(a).not.toBe('probe');
          if (e.probe === 'done' && !e.otherPathwaysSilent) expect(a).toBe('cache');
        },
      ),
    );
  });
});
