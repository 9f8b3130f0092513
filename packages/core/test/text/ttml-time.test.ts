import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTimeExpression, timingParameters, type TtmlTimingParameters } from '../../src/text/ttml/ttml-time.js';

const DEFAULTS = timingParameters({});

describe('TTML time expressions', () => {
  it('clock times: hh:mm:ss, fractions, frames and sub-frames', () => {
    expect(parseTimeExpression('00:00:01', DEFAULTS)).toBe(1);
    expect(parseTimeExpression('01:02:03.250', DEFAULTS)).toBeCloseTo(3723.25, 9);
    expect(parseTimeExpression('100:00:00.5', DEFAULTS)).toBe(360000.5);
    const p25 = timingParameters({ frameRate: '25' });
    expect(parseTimeExpression('00:00:02:12', p25)).toBeCloseTo(2.48, 9);
    const sub = timingParameters({ frameRate: '25', subFrameRate: '2' });
    expect(parseTimeExpression('00:00:00:10.1', sub)).toBeCloseTo((10 + 0.5) / 25, 9);
  });

  it('offset times in every metric; frames use frameRate × frameRateMultiplier, ticks use tickRate', () => {
    const ntsc = timingParameters({ frameRate: '30', frameRateMultiplier: '1000 1001' });
    expect(ntsc.frameRate).toBeCloseTo(29.97003, 5);
    expect(parseTimeExpression('3000f', ntsc)).toBeCloseTo(100.1, 9);
    expect(parseTimeExpression('1.5h', DEFAULTS)).toBe(5400);
    expect(parseTimeExpression('2m', DEFAULTS)).toBe(120);
    expect(parseTimeExpression('2.5s', DEFAULTS)).toBe(2.5);
    expect(parseTimeExpression('250ms', DEFAULTS)).toBe(0.25);
    const ticks = timingParameters({ tickRate: '10000000' });
    expect(parseTimeExpression('15000000t', ticks)).toBe(1.5);
  });

  it('tick rate defaults to frameRate × subFrameRate when a frame rate is given, else 1 (TTML1 §6.2.11)', () => {
    expect(timingParameters({ frameRate: '25', subFrameRate: '4' }).tickRate).toBe(100);
    expect(DEFAULTS).toEqual({ frameRate: 30, subFrameRate: 1, tickRate: 1 });
    expect(parseTimeExpression('3t', DEFAULTS)).toBe(3);
  });

  it('malformed values: an expression is null, a parameter falls back to its default', () => {
    for (const bad of ['', '1', '1x', '00:61:00', '1:00:00', '-1s', '00:00:00.', 'x'.repeat(100_000)]) expect(parseTimeExpression(bad, DEFAULTS)).toBeNull();
    expect(timingParameters({ frameRate: 'fast', tickRate: '-3', frameRateMultiplier: '1 0' })).toEqual(DEFAULTS);
  });

  it('property: offset and clock forms of the same milliseconds agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 359_999_999 }), (ms) => {
        const p: TtmlTimingParameters = DEFAULTS;
        const h = Math.floor(ms / 3_600_000);
        const m = Math.floor(ms / 60_000) % 60;
        const s = Math.floor(ms / 1000) % 60;
        const clock = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
        expect(parseTimeExpression(clock, p)).toBeCloseTo(ms / 1000, 6);
        expect(parseTimeExpression(`${ms}ms`, p)).toBeCloseTo(ms / 1000, 6);
      }),
    );
  });
});
