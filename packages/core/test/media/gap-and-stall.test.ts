import { describe, expect, it } from 'vitest';
import { gapJumpTarget } from '../../src/media/gap-jumper.js';
import { StallDetector } from '../../src/media/stall-detector.js';
import { bufferedAhead } from '../../src/media/buffered-ranges.js';

describe('gapJumpTarget', () => {
  const ranges = [
    { start: 0, end: 4 },
    { start: 4.3, end: 10 },
    { start: 12, end: 20 },
  ];
  it('jumps a hole no larger than the threshold when the playhead reaches it', () => {
    expect(gapJumpTarget(ranges, 4, 0.5)).toBeCloseTo(4.31, 9);
    expect(gapJumpTarget(ranges, 3.99, 0.5)).toBeCloseTo(4.31, 9);
  });
  it('does not jump a larger hole (a missing segment is fetched, not skipped), nor while data is ahead', () => {
    expect(gapJumpTarget(ranges, 10, 0.5)).toBeNull();
    expect(gapJumpTarget(ranges, 2, 0.5)).toBeNull();
  });
  it('jumps a start gap (first media after 0)', () => {
    expect(gapJumpTarget([{ start: 0.2, end: 6 }], 0, 0.5)).toBeCloseTo(0.21, 9);
  });
  it('bufferedAhead counts only the contiguous range at the playhead', () => {
    expect(bufferedAhead(ranges, 5)).toBeCloseTo(5, 9);
    expect(bufferedAhead(ranges, 11)).toBe(0);
  });
});

describe('StallDetector', () => {
  it('reports stuck-with-data only after the threshold, starved without data', () => {
    const d = new StallDetector(1000);
    expect(d.observe(5, 0, 10, true)).toBe('ok');
    expect(d.observe(5, 500, 10, true)).toBe('ok');
    expect(d.observe(5, 1000, 10, true)).toBe('stuck-with-data');
    expect(d.observe(5.5, 1200, 10, true)).toBe('ok');
    expect(d.observe(5.5, 1300, 0, true)).toBe('starved');
    expect(d.observe(5.5, 5000, 10, false)).toBe('ok'); // paused: no motion expected
  });
});
