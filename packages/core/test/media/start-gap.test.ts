import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startGapTarget } from '../../src/media/start-gap.js';

describe('startGapTarget', () => {
  it('video 10 s late: the latest first-media time of the types', () => {
    expect(startGapTarget([[{ start: 10, end: 34 }], [{ start: 0, end: 24 }]], 0)).toBe(10.01);
  });

  it('A/V offsets of ±1 s: starts where the later type begins', () => {
    expect(startGapTarget([[{ start: 0, end: 22 }], [{ start: 1, end: 24 }]], 0)).toBe(1.01);
    expect(startGapTarget([[{ start: 1, end: 24 }], [{ start: 0, end: 22 }]], 0)).toBe(1.01);
  });

  it('no jump when every type has media at the playhead (within the frame tolerance) or one type has nothing after it', () => {
    expect(startGapTarget([[{ start: 0, end: 10 }], [{ start: 0.02, end: 10 }]], 0)).toBeNull();
    expect(startGapTarget([[{ start: 10, end: 20 }], []], 0)).toBeNull();
    expect(startGapTarget([[{ start: 10, end: 20 }], [{ start: 0, end: 5 }]], 6)).toBeNull();
    expect(startGapTarget([], 0)).toBeNull();
  });

  it('property: the target is after the playhead and inside or after the first media of every type', () => {
    const range = fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0.1, max: 20, noNaN: true })).map(([s, d]) => ({ start: s, end: s + d }));
    const ranges = fc.array(range, { maxLength: 4 }).map((rs) => [...rs].sort((a, b) => a.start - b.start).filter((r, i, all) => i === 0 || r.start >= all[i - 1]!.end));
    fc.assert(
      fc.property(fc.array(ranges, { minLength: 1, maxLength: 3 }), fc.double({ min: 0, max: 100, noNaN: true }), (types, playhead) => {
        const t = startGapTarget(types, playhead);
        if (t === null) return;
        expect(t).toBeGreaterThan(playhead);
        for (const rs of types) expect(rs.some((r) => r.end > playhead && r.start < t)).toBe(true);
      }),
    );
  });
});
