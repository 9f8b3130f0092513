import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWvttInit, parseWvttSegment } from '../../src/text/wvtt-parser.js';
import { isEdgeplayError } from '../../src/errors/edgeplay-error.js';
import { box, concat, u32, wvttInit, wvttSample, wvttSegment } from './wvtt-boxes.js';

describe('WebVTT in MP4 (wvtt)', () => {
  it('finds the wvtt track and its timescale in the init segment', () => {
    const info = parseWvttInit(wvttInit(3, 90000, 1000));
    expect(info).toMatchObject({ trackId: 3, timescale: 90000, handler: 'text', sampleEntry: 'wvtt', defaultSampleDuration: 1000 });
  });

  it('turns samples into cues on the presentation timeline, with id and settings', () => {
    const init = parseWvttInit(wvttInit(1, 1000));
    const seg = wvttSegment(1, 10_000, [
      { duration: 1500, data: wvttSample([{ text: 'Hello <b>world</b>', id: 'c1', settings: 'line:0 align:start' }]) },
      { duration: 500, data: wvttSample([]) },
      { duration: 2000, data: wvttSample([{ text: 'One' }, { text: 'Two' }]) },
    ]);
    // timestampOffset 5 s: media time 10 s plays at 15 s.
    expect(parseWvttSegment(seg, init, 5)).toEqual([
      { start: 15, end: 16.5, text: 'Hello <b>world</b>', id: 'c1', settings: { line: '0', align: 'start' } },
      { start: 17, end: 19, text: 'One' },
      { start: 17, end: 19, text: 'Two' },
    ]);
  });

  it('merges a cue repeated across consecutive samples back into one', () => {
    const init = parseWvttInit(wvttInit(1, 1000));
    const seg = wvttSegment(1, 0, [
      { duration: 1000, data: wvttSample([{ text: 'A' }]) },
      { duration: 1000, data: wvttSample([{ text: 'A' }, { text: 'B' }]) },
      { duration: 1000, data: wvttSample([{ text: 'B' }]) },
      { duration: 1000, data: wvttSample([]) },
      { duration: 1000, data: wvttSample([{ text: 'B' }]) },
    ]);
    expect(parseWvttSegment(seg, init).map((c) => [c.start, c.end, c.text])).toEqual([
      [0, 2, 'A'],
      [1, 3, 'B'],
      [4, 5, 'B'],
    ]);
  });

  it('applies composition offsets (trun version 1, signed)', () => {
    const init = parseWvttInit(wvttInit(1, 1000));
    const seg = wvttSegment(1, 2000, [{ duration: 1000, data: wvttSample([{ text: 'x' }]) }], { compositionOffsets: [-500] });
    expect(parseWvttSegment(seg, init)[0]).toMatchObject({ start: 1.5, end: 2.5 });
  });

  it('ignores other tracks of the fragment', () => {
    const init = parseWvttInit(wvttInit(2, 1000));
    expect(parseWvttSegment(wvttSegment(1, 0, [{ duration: 1000, data: wvttSample([{ text: 'x' }]) }]), init)).toEqual([]);
  });

  it('refuses an init segment without a wvtt track, and broken segments, with TEXT_INVALID', () => {
    const noWvtt = wvttInit().slice();
    const at = findAscii(noWvtt, 'wvtt');
    noWvtt.set([0x73, 0x74, 0x70, 0x70], at); // stpp
    expect(() => parseWvttInit(noWvtt)).toThrow(expect.objectContaining({ code: 'TEXT_INVALID' }) as Error);
    expect(() => parseWvttInit(box('free'))).toThrow(expect.objectContaining({ code: 'TEXT_INVALID' }) as Error);
    const init = parseWvttInit(wvttInit());
    const seg = wvttSegment(1, 0, [{ duration: 1000, data: wvttSample([{ text: 'x' }]) }]);
    expect(() => parseWvttSegment(seg.subarray(0, seg.length - 3), init)).toThrow(expect.objectContaining({ code: 'TEXT_INVALID' }) as Error);
    // A sample count that claims more entries than the trun holds.
    const lying = concat(box('moof', box('traf', box('tfhd', [0, 2, 0, 0], u32(1)), box('trun', [0, 0, 3, 0], u32(0x7fffffff), u32(0)))));
    expect(() => parseWvttSegment(lying, init)).toThrow(expect.objectContaining({ code: 'TEXT_INVALID' }) as Error);
  });

  it('fuzz: truncated or mutated segments give cues or TEXT_INVALID, never another exception', () => {
    const init = parseWvttInit(wvttInit());
    const seg = wvttSegment(1, 0, [
      { duration: 1000, data: wvttSample([{ text: 'Hello', id: 'a', settings: 'line:1' }]) },
      { duration: 1000, data: wvttSample([{ text: 'World' }]) },
    ]);
    fc.assert(
      fc.property(fc.nat(seg.length), fc.array(fc.tuple(fc.nat(seg.length - 1), fc.nat(255)), { maxLength: 8 }), (cut, flips) => {
        const data = seg.slice(0, Math.max(cut, 0));
        for (const [i, v] of flips) if (i < data.length) data[i] = v;
        try {
          const cues = parseWvttSegment(data, init);
          return cues.every((c) => Number.isFinite(c.start) && c.end >= c.start && typeof c.text === 'string');
        } catch (e) {
          return isEdgeplayError(e) && e.code === 'TEXT_INVALID';
        }
      }),
      { numRuns: 2000 },
    );
  });
});

function findAscii(data: Uint8Array, text: string): number {
  const codes = [...text].map((c) => c.charCodeAt(0));
  for (let i = 0; i + codes.length <= data.length; i++) if (codes.every((c, j) => data[i + j] === c)) return i;
  throw new Error(`${text} not found`);
}
