import { describe, expect, it } from 'vitest';
import { AbrController } from '../../src/abr/abr-controller.js';
import type { AbrStrategy } from '../../src/abr/abr-strategy.js';
import { LADDER, context } from './ladder.js';

/** Owns hysteresis (as the default MPC does): only the abandon ceiling can hold it. */
const mpcLike = (): AbrStrategy => ({
  name: 'x',
  ownsHysteresis: true,
  chooseTrack: () => ({ track: LADDER[3]!, reason: 'up' }),
  shouldAbandon: () => ({ track: LADDER[0]!, reason: 'too slow' }),
});
const inFlight = { track: LADDER[4]!, bytesLoaded: 100_000, bytesTotal: 3_000_000, elapsedMs: 600, segmentDuration: 4 };

describe('the hold after an abandonment', () => {
  it('caps the decision right after the abandonment while nothing new was measured', () => {
    const c = new AbrController(mpcLike());
    c.checkAbandon(context({ current: LADDER[4]!, inFlight, now: 1000, throughputSamples: [] }));
    const d = c.choose(context({ current: LADDER[0]!, now: 1100, throughputSamples: [] }));
    expect(d.kind).toBe('held');
    expect(d.track.id).toBe(LADDER[0]!.id);
  });

  it('ends as soon as a transfer completed after the abandonment (new evidence)', () => {
    const c = new AbrController(mpcLike());
    c.checkAbandon(context({ current: LADDER[4]!, inFlight, now: 1000, throughputSamples: [] }));
    // The abandoned segment, re-fetched at the bottom rung, completed at 1.6 s: the next decision follows the strategy.
    const d = c.choose(context({ current: LADDER[0]!, now: 1700, throughputSamples: [{ bytes: 200_000, durationMs: 500, ttfbMs: 20, endMs: 1600 }] }));
    expect(d.kind).toBe('strategy');
    expect(d.track.id).toBe(LADDER[3]!.id);
  });

  it('is not ended by samples older than the abandonment', () => {
    const c = new AbrController(mpcLike());
    c.checkAbandon(context({ current: LADDER[4]!, inFlight, now: 1000, throughputSamples: [{ bytes: 200_000, durationMs: 500, ttfbMs: 20, endMs: 900 }] }));
    const d = c.choose(context({ current: LADDER[0]!, now: 1100, throughputSamples: [{ bytes: 200_000, durationMs: 500, ttfbMs: 20, endMs: 900 }] }));
    expect(d.kind).toBe('held');
  });
});
