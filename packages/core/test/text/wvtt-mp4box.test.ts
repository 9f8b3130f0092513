/**
 * The wvtt test boxes and our wvtt reader against mp4box.js as an independent
 * reader (test/support/mp4box-oracle.ts): mp4box must parse the builder's
 * init and media segments without complaint, find the fields the builder put
 * there, and see the same cues our parser returns.
 */
import fc from 'fast-check';
import { VTTin4Parser } from 'mp4box';
import { describe, expect, it } from 'vitest';
import { readWithMp4box } from '../../../../test/support/mp4box-oracle.js';
import { parseWvttInit, parseWvttSegment } from '../../src/text/wvtt-parser.js';
import { concat, wvttInit, wvttSample, wvttSegment } from './wvtt-boxes.js';

interface SeenCue {
  start: number;
  end: number;
  text: string;
  id?: string;
  settings?: string;
}

const decode = (data: Uint8Array | undefined): string => new TextDecoder().decode(data ?? new Uint8Array());

/** Cues as mp4box reads them: each sample's `vttc` boxes (mp4box's own wvtt sample parser), timed by the sample's composition time and duration. */
function mp4boxCues(bytes: Uint8Array, trackId: number): SeenCue[] {
  const { samples, complaints, file } = readWithMp4box(bytes);
  expect(complaints).toEqual([]);
  const timescale = file.getTrackById(trackId).mdia.mdhd.timescale;
  const out: SeenCue[] = [];
  for (const s of samples.get(trackId) ?? []) {
    for (const vttc of new VTTin4Parser().parseSample(s.data!)) {
      // A vttc is a container: mp4box gives it a child list (possibly empty) whenever it parsed it as one.
      if (!vttc.boxes) throw new Error(`mp4box parsed a ${vttc.type} box without child boxes`);
      // mp4box has no iden/sttg parsers: their payload is the raw UTF-8 string (ISO/IEC 14496-30 §7.2).
      const iden = vttc.boxes.find((b) => b.type === 'iden') as { data?: Uint8Array } | undefined;
      const sttg = vttc.boxes.find((b) => b.type === 'sttg') as { data?: Uint8Array } | undefined;
      const payl = (vttc as unknown as { payl: { text: string } }).payl;
      out.push({ start: s.cts / timescale, end: (s.cts + s.duration) / timescale, text: payl.text, ...(iden ? { id: decode(iden.data) } : {}), ...(sttg ? { settings: decode(sttg.data) } : {}) });
    }
  }
  return out;
}

describe('wvtt boxes read by mp4box', () => {
  it('init: mp4box finds the wvtt sample entry, its vttC config, track id and timescale, and no malformed box', () => {
    const { file, complaints } = readWithMp4box(wvttInit(3, 90_000, 1000));
    expect(complaints).toEqual([]);
    const trak = file.getTrackById(3);
    expect(trak.mdia.mdhd.timescale).toBe(90_000);
    expect(trak.mdia.hdlr.handler).toBe('text');
    const entry = trak.mdia.minf.stbl.stsd.entries[0] as unknown as { type: string; vttC: { text: string } };
    expect(entry.type).toBe('wvtt');
    expect(entry.vttC.text).toBe('WEBVTT');
    expect((file.moov!.mvex!.trexs[0] as unknown as { default_sample_duration: number }).default_sample_duration).toBe(1000);
  });

  it('segment: mp4box sees the same cues, times, ids and settings as our parser', () => {
    const bytes = wvttSegment(1, 10_000, [
      { duration: 1500, data: wvttSample([{ text: 'Hello <b>world</b>', id: 'c1', settings: 'line:0 align:start' }]) },
      { duration: 500, data: wvttSample([]) },
      { duration: 2000, data: wvttSample([{ text: 'One' }, { text: 'Two' }]) },
    ]);
    const seen = mp4boxCues(concat(wvttInit(1, 1000), bytes), 1);
    expect(seen).toEqual([
      { start: 10, end: 11.5, text: 'Hello <b>world</b>', id: 'c1', settings: 'line:0 align:start' },
      { start: 12, end: 14, text: 'One' },
      { start: 12, end: 14, text: 'Two' },
    ]);
    const ours = parseWvttSegment(bytes, parseWvttInit(wvttInit(1, 1000)));
    expect(ours.map((c) => [c.start, c.end, c.text, c.id])).toEqual(seen.map((c) => [c.start, c.end, c.text, c.id]));
  });

  it('composition offsets: mp4box and our parser agree on presentation times', () => {
    const bytes = wvttSegment(2, 0, [
      { duration: 1000, data: wvttSample([{ text: 'a' }]) },
      { duration: 1000, data: wvttSample([{ text: 'b' }]) },
    ], { compositionOffsets: [500, 500] });
    const seen = mp4boxCues(concat(wvttInit(2, 1000), bytes), 2);
    expect(seen.map((c) => [c.start, c.end, c.text])).toEqual([[0.5, 1.5, 'a'], [1.5, 2.5, 'b']]);
    const ours = parseWvttSegment(bytes, parseWvttInit(wvttInit(2, 1000)));
    expect(ours.map((c) => [c.start, c.end, c.text])).toEqual(seen.map((c) => [c.start, c.end, c.text]));
  });

  it('property: for any samples the builder writes, mp4box reads them without complaint and agrees with our parser', () => {
    const sample = fc.record({
      duration: fc.integer({ min: 1, max: 10_000 }),
      cues: fc.array(fc.record({ text: fc.string({ minLength: 1, maxLength: 40 }), id: fc.option(fc.stringMatching(/^[a-z0-9-]{1,8}$/), { nil: undefined }) }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.array(sample, { minLength: 1, maxLength: 8 }), (base, samples) => {
        // Unique texts: our parser merges a cue repeated in consecutive samples (by design), mp4box does not.
        let n = 0;
        const built = samples.map((s) => ({ duration: s.duration, data: wvttSample(s.cues.map((c) => ({ text: `${n++}:${c.text}`, ...(c.id ? { id: c.id } : {}) }))) }));
        const bytes = wvttSegment(1, base, built);
        const seen = mp4boxCues(concat(wvttInit(1, 1000), bytes), 1);
        expect(seen).toHaveLength(n);
        const ours = parseWvttSegment(bytes, parseWvttInit(wvttInit(1, 1000)));
        // Compared in timescale ticks: the two compute seconds in a different order (start + d/ts vs (cts + d)/ts).
        const ticks = (c: { start: number; end: number; text: string; id?: string }) => [Math.round(c.start * 1000), Math.round(c.end * 1000), c.text, c.id];
        expect(ours.map(ticks)).toEqual(seen.map(ticks));
      }),
      { numRuns: 60 },
    );
  });
});
