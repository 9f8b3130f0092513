/**
 * Timed ID3 metadata in TS (stream type 0x15, or private data with an "ID3 "
 * registration descriptor) surfaces as {pts, data} items, next to audio that
 * keeps transmuxing; the stream is written by a spec-derived test TS writer.
 */
import { describe, expect, it } from 'vitest';
import { createTsTransmuxer, id3Frames, MPEG_TS_WRAP } from '../../src/transmux/index.js';
import { id3WithTimestamp } from './support/id3-writer.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, readBytes } from './support/media-oracle.js';
import { TsWriter } from './support/ts-writer.js';

/** Splits an ADTS stream into its frames (13-bit frame_length at bits 30..42). */
function adtsFrames(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at + 7 <= b.length; ) {
    const len = ((b[at + 3] & 3) << 11) | (b[at + 4] << 3) | (b[at + 5] >> 5);
    out.push(b.subarray(at, at + len));
    at += len;
  }
  return out;
}

describe.skipIf(FFMPEG_MISSING)('ID3 timed metadata in TS', () => {
  it.each([
    ['stream type 0x15', { pid: 0x102, type: 0x15 }],
    ['private data with an "ID3 " registration descriptor', { pid: 0x102, type: 0x06, descriptors: [0x05, 4, 0x49, 0x44, 0x33, 0x20] }],
  ])('%s: items with unwrapped PTS, audio unaffected', (_name, id3Stream) => {
    const frames = adtsFrames(readBytes(ffmpegWrite('id3-audio.aac', [...lavfiInputs({ seconds: 1, video: false }), '-c:a', 'aac', '-f', 'adts'])));
    const start = MPEG_TS_WRAP - 45000; // 0.5 s before the 33-bit wrap
    const w = new TsWriter().pat(0x1000).pmt(0x1000, [{ pid: 0x101, type: 0x0f }, id3Stream]);
    const tags: Uint8Array[] = [];
    frames.forEach((f, i) => {
      const pts = start + Math.round((i * 1024 * 90000) / 48000);
      w.pes(0x101, 0xc0, pts, f);
      if (i % 10 === 0) {
        const tag = id3WithTimestamp(i);
        tags.push(tag);
        w.pes(0x102, 0xbd, pts, tag);
      }
    });
    const r = createTsTransmuxer().push(w.bytes());
    expect(r.warnings).toEqual([]);
    expect(r.metadata.map((m) => m.data)).toEqual(tags);
    const pts = r.metadata.map((m) => m.pts);
    expect(pts[0]).toBeCloseTo(start / 90000, 6);
    for (let i = 1; i < pts.length; i++) expect(pts[i] - pts[i - 1]).toBeCloseTo((10 * 1024) / 48000, 3);
    expect(pts[pts.length - 1]).toBeGreaterThan(MPEG_TS_WRAP / 90000);
    expect(id3Frames(r.metadata[0].data)[0].id).toBe('PRIV');
    expect(r.init![0].tracks.map((t) => t.codecs)).toEqual(['mp4a.40.2']);
    expect(r.timing!.lastEnd - r.timing!.firstPts).toBeCloseTo((frames.length * 1024) / 48000, 3);
  });
});
