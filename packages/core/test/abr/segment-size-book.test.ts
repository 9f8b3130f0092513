import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SegmentSizeBook } from '../../src/abr/segment-size-book.js';
import { ListSegmentIndex } from '../../src/manifest/segment-index.js';
import type { ByteRange, SegmentReference, Track } from '../../src/manifest/model.js';
import { track } from './ladder.js';

function ref(n: number, byteRange?: ByteRange, durationS = 4): SegmentReference {
  return { start: n * 4, end: n * 4 + durationS, uri: `seg-${n}.m4s`, init: null, timestampOffset: 0, sequence: n, discontinuity: 0, ...(byteRange ? { byteRange } : {}) };
}

function indexed(kbps: number, sizes: readonly (number | null)[]): Track {
  let offset = 0;
  const refs = sizes.map((size, n) => {
    if (size === null) return ref(n, { start: offset, end: null });
    const r = ref(n, { start: offset, end: offset + size - 1 });
    offset += size;
    return r;
  });
  return { ...track(kbps, 720), segmentIndex: new ListSegmentIndex(refs) };
}

describe('SegmentSizeBook', () => {
  it('reads a segment size from the index byte range, `ahead` positions after the one at `time`', () => {
    const book = new SegmentSizeBook();
    const t = indexed(1000, [100, 200, 300, 400]);
    expect(book.bytes(t, 0, 0, 4)).toBe(100);
    expect(book.bytes(t, 4.5, 0, 4)).toBe(200);
    expect(book.bytes(t, 4.5, 2, 4)).toBe(400);
  });

  it('knows nothing without a bounded range or fetched segments: the strategy uses the declared rate', () => {
    const book = new SegmentSizeBook();
    expect(book.bytes(track(1000, 720), 0, 0, 4)).toBeUndefined();
    expect(book.bytes(indexed(1000, [null, null]), 0, 0, 4)).toBeUndefined();
    // Past the index's end.
    expect(book.bytes(indexed(1000, [100]), 0, 5, 4)).toBeUndefined();
  });

  it('scales the declared rate by what the rendition weighed once two segments arrived', () => {
    const book = new SegmentSizeBook();
    const t = track(1000, 720); // 1 Mbit/s × 4 s = 500,000 bytes declared
    book.record(t, ref(0), 300_000);
    expect(book.bytes(t, 8, 0, 4)).toBeUndefined();
    book.record(t, ref(1), 400_000);
    expect(book.bytes(t, 8, 0, 4)).toBeCloseTo(350_000, 6);
    // A short last segment weighs its share, not a whole segment's.
    const withIndex = { ...t, segmentIndex: new ListSegmentIndex([ref(0), ref(1), ref(2, undefined, 1)]) };
    expect(book.bytes(withIndex, 8.5, 0, 4)).toBeCloseTo(87_500, 6);
  });

  it('uses the ratio over every rendition of the type for one not fetched yet', () => {
    const book = new SegmentSizeBook();
    const low = track(500, 360);
    book.record(low, ref(0), 125_000); // 0.5 of 250,000 declared
    book.record(low, ref(1), 125_000);
    expect(book.bytes(track(2000, 1080), 8, 0, 4)).toBeCloseTo(500_000, 6); // 0.5 × 1,000,000
    const audio: Track = { ...track(128, 0), id: 'a', type: 'audio' };
    expect(book.bytes(audio, 8, 0, 4)).toBeUndefined();
  });

  it('an exact range wins over the ratio', () => {
    const book = new SegmentSizeBook();
    const t = indexed(1000, [123, 456]);
    book.record(t, t.segmentIndex!.get(0)!, 1);
    book.record(t, t.segmentIndex!.get(1)!, 1);
    expect(book.bytes(t, 4, 0, 4)).toBe(456);
  });

  it('keeps a window: an old scene stops weighing', () => {
    const book = new SegmentSizeBook();
    const t = track(1000, 720);
    for (let n = 0; n < 8; n++) book.record(t, ref(n), 1_000_000); // 2× declared
    for (let n = 8; n < 16; n++) book.record(t, ref(n), 250_000); // 0.5×
    expect(book.bytes(t, 64, 0, 4)).toBeCloseTo(250_000, 6);
  });

  it('property: whatever is recorded, an answer is undefined or a finite size within [¼, 4]× the declared one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ noNaN: false }), fc.double({ min: -10, max: 10, noNaN: false })), { maxLength: 20 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: false }),
        fc.integer({ min: -3, max: 30 }),
        (records, time, ahead) => {
          const book = new SegmentSizeBook();
          const t = track(1000, 720);
          for (const [bytes, duration] of records) book.record(t, ref(0, undefined, duration), bytes);
          const answer = book.bytes(t, time, ahead, 4);
          if (answer === undefined) return true;
          return Number.isFinite(answer) && answer >= 0.25 * 500_000 - 1e-6 && answer <= 4 * 500_000 + 1e-6;
        },
      ),
    );
  });
});
