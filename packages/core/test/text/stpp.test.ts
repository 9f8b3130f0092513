import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMp4TextInit } from '../../src/text/mp4-text-init.js';
import { parseStppSegment } from '../../src/text/ttml/stpp-parser.js';
import { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { stppInit, ebuttd } from './stpp-boxes.js';
import { wvttInit, wvttSegment } from './wvtt-boxes.js';

const enc = new TextEncoder();

describe('stpp init segments', () => {
  it('finds the stpp track (and still the wvtt one); anything else is TEXT_INVALID naming what was found', () => {
    expect(parseMp4TextInit(stppInit(3, 90000))).toMatchObject({ codec: 'stpp', info: { trackId: 3, timescale: 90000, handler: 'subt' } });
    expect(parseMp4TextInit(wvttInit()).codec).toBe('wvtt');
    const avc = stppInit().slice();
    avc.set(enc.encode('avc1'), avc.findIndex((_, i) => avc[i] === 0x73 && avc[i + 1] === 0x74 && avc[i + 2] === 0x70 && avc[i + 3] === 0x70));
    const err = (() => {
      try {
        parseMp4TextInit(avc);
      } catch (e) {
        return e as EdgeplayError;
      }
    })();
    expect(err?.code).toBe('TEXT_INVALID');
    expect(err?.message).toMatch(/no wvtt or stpp track \(found subt\/avc1\)/);
  });
});

describe('stpp media segments (ISO/IEC 14496-30 §5)', () => {
  const info = parseMp4TextInit(stppInit(1, 1000)).info;

  it('document times are on the track timeline, clipped to each sample; repeated cues across samples merge; timestampOffset applies', () => {
    // Samples [10, 12) and [12, 14) s of track time; a cue from 11 to 13 is carried in both documents.
    const doc = ebuttd([
      ['00:00:11.000', '00:00:13.000', 'across'],
      ['00:00:13.000', '00:00:13.500', 'late'],
      ['00:00:01.000', '00:00:02.000', 'outside every sample'],
    ]);
    const seg = wvttSegment(1, 10_000, [
      { duration: 2000, data: enc.encode(doc) },
      { duration: 2000, data: enc.encode(doc) },
    ]);
    expect(parseStppSegment(seg, info, -10).map((c) => [c.start, c.end, c.text])).toEqual([
      [1, 3, 'across'],
      [3, 3.5, 'late'],
    ]);
  });

  it('an empty sample is an interval without subtitles; bytes after </tt> (sub-samples) are ignored', () => {
    const doc = ebuttd([['00:00:00.500', '00:00:01.500', 'hi']]);
    const seg = wvttSegment(1, 0, [
      { duration: 1000, data: new Uint8Array(0) },
      { duration: 1000, data: new Uint8Array([...enc.encode(doc), 0x89, 0x50, 0x4e, 0x47, 0, 0]) },
    ]);
    expect(parseStppSegment(seg, info).map((c) => [c.start, c.end, c.text])).toEqual([[1, 1.5, 'hi']]);
  });

  it('malformed boxes or documents are TEXT_INVALID (recoverable); fuzzed bytes never throw anything else', () => {
    const good = wvttSegment(1, 0, [{ duration: 1000, data: enc.encode(ebuttd([['00:00:00.000', '00:00:01.000', 'x']])) }]);
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(good.length), (at, byte, cut) => {
        const bad = good.slice(0, Math.max(8, cut));
        if (at < bad.length) bad[at] = byte;
        try {
          for (const c of parseStppSegment(bad, info)) expect(c.end).toBeGreaterThan(c.start);
        } catch (e) {
          expect(e).toBeInstanceOf(EdgeplayError);
          expect((e as EdgeplayError).code).toBe('TEXT_INVALID');
        }
      }),
      { numRuns: 500 },
    );
  });
});
