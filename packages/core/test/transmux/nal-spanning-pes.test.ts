/**
 * NAL units spanning PES packets: the same H.264 / H.265 elementary stream
 * re-cut into PES packets at arbitrary byte positions (as some muxers do,
 * including through start codes) must give exactly the same samples.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { H264Parser } from '../../src/transmux/h264-parser.js';
import { H265Parser } from '../../src/transmux/h265-parser.js';
import { TsDemuxer, type PesPacket } from '../../src/transmux/ts-demuxer.js';
import type { EncodedSample } from '../../src/transmux/types.js';
import type { VideoParser } from '../../src/transmux/video-parser.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, readBytes } from './support/media-oracle.js';

function videoPes(file: string): PesPacket[] {
  const d = new TsDemuxer();
  const all = d.push(readBytes(file));
  const videoPid = [...d.streams!.values()].find((s) => s.kind === 'h264' || s.kind === 'hevc')!.pid;
  return all.filter((p) => p.pid === videoPid);
}

function sampleHex(s: EncodedSample): string {
  return s.data instanceof Uint8Array ? Buffer.from(s.data).toString('hex') : s.data.nalUnits.map((u) => Buffer.from(u).toString('hex')).join('|');
}

function run(parser: VideoParser, pieces: Array<{ data: Uint8Array; pts?: number; dts?: number }>) {
  for (const p of pieces) parser.push(p.data, p.pts, p.dts);
  return { samples: parser.flush().map((s) => ({ dts: s.dts, cts: s.cts, key: s.key, data: sampleHex(s) })), codec: parser.config()?.codec };
}

/** Cuts each PES payload at the given fractions; only the first piece keeps the PES timestamps. */
function recut(pes: PesPacket[], cuts: number[][]): Array<{ data: Uint8Array; pts?: number; dts?: number }> {
  const out: Array<{ data: Uint8Array; pts?: number; dts?: number }> = [];
  pes.forEach((p, i) => {
    const points = [...new Set((cuts[i % cuts.length] ?? []).map((f) => Math.floor(f * p.data.length)))].filter((x) => x > 0 && x < p.data.length).sort((a, b) => a - b);
    let from = 0;
    for (const [k, at] of [...points, p.data.length].entries()) {
      out.push(k === 0 ? { data: p.data.subarray(from, at), pts: p.pts, dts: p.dts } : { data: p.data.subarray(from, at) });
      from = at;
    }
  });
  return out;
}

let h264: PesPacket[];
let hevc: PesPacket[];

describe.skipIf(FFMPEG_MISSING)('NAL units spanning PES packets', () => {
  beforeAll(() => {
    h264 = videoPes(ffmpegWrite('span264.ts', [...lavfiInputs({ seconds: 1, size: '320x240', audio: false }), '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-g', '10', '-f', 'mpegts']));
    hevc = videoPes(ffmpegWrite('span265.ts', [...lavfiInputs({ seconds: 1, size: '320x240', audio: false }), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-f', 'mpegts']));
  });

  for (const [name, make, pes] of [
    ['H.264', () => new H264Parser(), () => h264],
    ['H.265', () => new H265Parser(), () => hevc],
  ] as const) {
    it(`${name}: any re-cut of the PES payloads yields the same samples`, () => {
      const reference = run(make(), pes().map((p) => ({ data: p.data, pts: p.pts, dts: p.dts })));
      expect(reference.samples.length).toBe(pes().length);
      fc.assert(
        fc.property(fc.array(fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.01, noNaN: true })), { maxLength: 4 }), { minLength: 1, maxLength: 8 }), (cuts) => {
          expect(run(make(), recut(pes(), cuts))).toEqual(reference);
        }),
        { numRuns: 40 },
      );
    });
  }

  it.each([
    ['through every start code (…00 00 | 01…)', 0],
    ['right after every start code (…00 00 01 | nal…)', 1],
  ])('cutting %s still yields the same samples', (_name, shift) => {
    const reference = run(new H264Parser(), h264.map((p) => ({ data: p.data, pts: p.pts, dts: p.dts })));
    const pieces: Array<{ data: Uint8Array; pts?: number; dts?: number }> = [];
    for (const p of h264) {
      let from = 0;
      let first = true;
      for (let i = 2; i < p.data.length; i++) {
        const at = i + shift;
        if (p.data[i] === 1 && p.data[i - 1] === 0 && p.data[i - 2] === 0 && at > from && at < p.data.length) {
          pieces.push(first ? { data: p.data.subarray(from, at), pts: p.pts, dts: p.dts } : { data: p.data.subarray(from, at) });
          first = false;
          from = at;
        }
      }
      pieces.push(first ? { data: p.data.subarray(from), pts: p.pts, dts: p.dts } : { data: p.data.subarray(from) });
    }
    expect(pieces.length).toBeGreaterThan(h264.length * 2);
    expect(run(new H264Parser(), pieces)).toEqual(reference);
  });
});
