/**
 * PES reassembly with the PIDs' packets interleaved (as muxers do: audio
 * packets between the packets of one video PES). All PES of a push are joined
 * in one shared arena; this property checks that no PES overwrites another,
 * that every PES comes back byte for byte, and that the caller's input is
 * left untouched (a tempting optimisation, joining PES in place inside a copy
 * of the input, breaks exactly this once two PIDs do it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TsDemuxer } from '../../src/transmux/ts-demuxer.js';
import { TsWriter } from './support/ts-writer.js';

const PMT = 0x1000;
const VIDEO = 0x100;
const AUDIO = 0x101;

function packets(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 188) out.push(bytes.subarray(at, at + 188));
  return out;
}

/** Merges two packet lists, keeping each list's order; `picks[i]` says which list the i-th packet comes from. */
function interleave(a: Uint8Array[], b: Uint8Array[], picks: boolean[]): Uint8Array {
  const out = new Uint8Array((a.length + b.length) * 188);
  let i = 0;
  let j = 0;
  for (let k = 0; i + j < a.length + b.length; k++) {
    const fromA = j >= b.length || (i < a.length && (picks[k % Math.max(1, picks.length)] ?? true));
    out.set(fromA ? a[i++] : b[j++], (i + j - 1) * 188);
  }
  return out;
}

/** Lengths drawn over the whole range (fast-check's default size keeps arrays to a few bytes: single-packet PES only). */
const payload = (max: number) => fc.integer({ min: 1, max }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));

describe('TsDemuxer with interleaved PIDs', () => {
  it('returns every PES payload of both PIDs intact and leaves the input unchanged', () => {
    fc.assert(
      fc.property(fc.array(payload(3000), { minLength: 1, maxLength: 4 }), fc.array(payload(700), { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 64, size: 'max' }), (video, audio, picks) => {
        const head = new TsWriter().pat(PMT).pmt(PMT, [{ pid: VIDEO, type: 0x1b }, { pid: AUDIO, type: 0x0f }]).bytes();
        const v = new TsWriter();
        video.forEach((p, i) => v.pes(VIDEO, 0xe0, 3000 * i, p));
        const a = new TsWriter();
        audio.forEach((p, i) => a.pes(AUDIO, 0xc0, 1920 * i, p));
        const body = interleave(packets(v.bytes()), packets(a.bytes()), picks);
        const input = new Uint8Array(head.length + body.length);
        input.set(head);
        input.set(body, head.length);
        const before = input.slice();
        const demuxer = new TsDemuxer();
        const out = demuxer.push(input);
        expect(demuxer.warnings).toEqual([]);
        expect(out.filter((p) => p.pid === VIDEO).map((p) => [...p.data])).toEqual(video.map((p) => [...p]));
        expect(out.filter((p) => p.pid === AUDIO).map((p) => [...p.data])).toEqual(audio.map((p) => [...p]));
        expect(input).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });
});
