import { describe, expect, it } from 'vitest';
import { MediaError } from '../../src/errors/media-error.js';
import { firstTfdt } from '../../src/timeline/index.js';
import { createTsTransmuxer } from '../../src/transmux/index.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, mp4boxParse, readBytes } from '../transmux/support/media-oracle.js';

function boxBytes(type: string, payload: number[]): number[] {
  const size = 8 + payload.length;
  return [size >>> 24, (size >> 16) & 255, (size >> 8) & 255, size & 255, ...[...type].map((c) => c.charCodeAt(0)), ...payload];
}

function segment(tfdtPayload: number[], trackId = 1): Uint8Array {
  const tfhd = boxBytes('tfhd', [0, 2, 0, 0, 0, 0, 0, trackId]);
  const tfdt = boxBytes('tfdt', tfdtPayload);
  return Uint8Array.from([...boxBytes('styp', [0x6d, 0x73, 0x64, 0x68, 0, 0, 0, 0]), ...boxBytes('moof', [...boxBytes('mfhd', [0, 0, 0, 0, 0, 0, 0, 1]), ...boxBytes('traf', [...tfhd, ...tfdt])])]);
}

describe('firstTfdt', () => {
  it('reads version 0 (32-bit) and version 1 (64-bit) decode times', () => {
    expect(firstTfdt(segment([0, 0, 0, 0, 0, 0x0d, 0xbb, 0xa0]), 90000)).toBe(10);
    // 2^33 + 90000 ticks: beyond 32 bits.
    expect(firstTfdt(segment([1, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0x5f, 0x90]), 90000)).toBe(2 ** 33 / 90000 + 1);
  });
  it('takes the timescale of the traf track from a map', () => {
    expect(firstTfdt(segment([0, 0, 0, 0, 0, 0, 0xbb, 0x80], 2), new Map([[2, 48000]]))).toBe(1);
    expect(firstTfdt(segment([0, 0, 0, 0, 0, 0, 0xbb, 0x80], 3), new Map([[2, 48000]]))).toBeNull();
  });
  it('no moof → null; truncated boxes → MediaError SEGMENT_CORRUPT', () => {
    expect(firstTfdt(Uint8Array.from(boxBytes('free', [1, 2])), 1000)).toBeNull();
    const cut = segment([0, 0, 0, 0, 0, 0, 0, 1]).subarray(0, 30);
    expect(() => firstTfdt(cut, 1000)).toThrow(MediaError);
  });
  it.skipIf(FFMPEG_MISSING)('agrees with mp4box on a transmuxed fragment starting at 10 s', () => {
    const ts = ffmpegWrite('tfdt10.ts', [...lavfiInputs({ seconds: 1, audio: false }), '-c:v', 'libx264', '-preset', 'veryfast', '-output_ts_offset', '10', '-f', 'mpegts']);
    const r = createTsTransmuxer({ mode: 'split' }).push(readBytes(ts));
    const parsed = mp4boxParse(Buffer.concat([r.init![0].data, r.media[0].data]));
    const first = parsed.samples.get(1)![0];
    expect(firstTfdt(r.media[0].data, 90000)).toBeCloseTo(first.dts / first.timescale, 9);
    expect(firstTfdt(r.media[0].data, 90000)).toBeGreaterThanOrEqual(10);
  });
});
