/**
 * Finding 10 of issue 15: a wvtt segment whose trun claims 0xFFFFFFFF samples
 * with no per-sample table (sizes and durations from defaults) passed the
 * "table fits" check and looped 4.3e9 times until the heap ran out. Counts
 * must be checked against the bytes present, at once.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWvttInit, parseWvttSegment } from '../../src/text/wvtt-parser.js';
import { parseFragmentSamples, parseInitTracks } from '../../src/mp4/fragment.js';
import { BoxFormatError, toDataView } from '../../src/mp4/box-reader.js';
import { box, concat, u32, u64, wvttInit, wvttSample } from '../text/wvtt-boxes.js';

/** A media segment whose trun has only a data offset (flags 0x1): every sample takes the trex/tfhd defaults. */
function defaultsOnlySegment(count: number, tfhdDefaultSize?: number): Uint8Array {
  const build = (dataOffset: number) => {
    const tfhd = tfhdDefaultSize === undefined ? box('tfhd', [0, 0x02, 0, 0], u32(1)) : box('tfhd', [0, 0x02, 0, 0x10], u32(1), u32(tfhdDefaultSize));
    const trun = box('trun', [0, 0, 0, 0x01], u32(count), u32(dataOffset));
    return box('moof', box('mfhd', [0, 0, 0, 0], u32(1)), box('traf', tfhd, box('tfdt', [1, 0, 0, 0], u64(0)), trun));
  };
  const moof = build(build(0).length + 8);
  return concat(moof, box('mdat', wvttSample([{ text: 'x' }])));
}

describe('ISO BMFF box readers refuse counts the bytes cannot hold (issue 15 #10)', () => {
  it('trun sample_count 0xFFFFFFFF with default sample size 0 is a typed TEXT_INVALID at once', () => {
    const init = parseWvttInit(wvttInit(1, 1000, 1000));
    const started = performance.now();
    let error: unknown;
    try {
      parseWvttSegment(defaultsOnlySegment(0xffffffff), init);
    } catch (e) {
      error = e;
    }
    expect(performance.now() - started).toBeLessThan(100);
    expect(error).toMatchObject({ category: 'text', code: 'TEXT_INVALID' });
    expect((error as Error).message).toMatch(/claims 4294967295 samples/);
  });

  it('a default sample size that times the count exceeds the segment is refused', () => {
    const seg = defaultsOnlySegment(1000, 64);
    expect(() => parseFragmentSamples(toDataView(seg), parseInitTracks(toDataView(wvttInit(1, 1000, 1000)))[0]!)).toThrow(BoxFormatError);
  });

  it('an honest defaults-only trun still parses', () => {
    const sample = wvttSample([{ text: 'x' }]);
    const seg = defaultsOnlySegment(1, sample.length);
    const samples = parseFragmentSamples(toDataView(seg), parseInitTracks(toDataView(wvttInit(1, 1000, 1000)))[0]!);
    expect(samples).toHaveLength(1);
    expect(samples[0]!.data.length).toBe(sample.length);
  });

  it('any sample_count in a defaults-only trun ends in well under a second (property)', () => {
    const track = parseInitTracks(toDataView(wvttInit(1, 1000, 1000)))[0]!;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }), (count, size) => {
        const started = performance.now();
        try {
          const out = parseFragmentSamples(toDataView(defaultsOnlySegment(count, size)), track);
          expect(out.length).toBeLessThanOrEqual(200);
        } catch (e) {
          expect(e).toBeInstanceOf(BoxFormatError);
        }
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
