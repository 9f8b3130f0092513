/**
 * Opus in MPEG-TS: the access-unit reader against hand-built control headers
 * (RFC 6716 TOC durations), a fuzz bound, and ffmpeg-written H.264 + Opus TS
 * through the transmuxer, checked against ffprobe's packets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTsTransmuxer } from '../../src/transmux/index.js';
import { opusPacketSamples, parseOpusAccessUnit } from '../../src/transmux/opus.js';
import { ffmpegWrite, ffprobePackets, FFMPEG_MISSING, lavfiInputs, readBytes } from './support/media-oracle.js';

describe('Opus access units', () => {
  it('TOC durations (RFC 6716 §3.1): SILK, hybrid and CELT frame sizes, codes 0–3', () => {
    expect(opusPacketSamples((31 << 3) | 0, undefined)).toBe(960); // CELT FB 20 ms, one frame
    expect(opusPacketSamples((0 << 3) | 1, undefined)).toBe(960); // SILK NB 10 ms, two frames
    expect(opusPacketSamples((3 << 3) | 0, undefined)).toBe(2880); // SILK 60 ms
    expect(opusPacketSamples((13 << 3) | 0, undefined)).toBe(960); // hybrid 20 ms
    expect(opusPacketSamples((16 << 3) | 3, 3)).toBe(360); // CELT 2.5 ms × 3
    expect(opusPacketSamples((3 << 3) | 3, 3)).toBeNull(); // 180 ms > the 120 ms limit
    expect(opusPacketSamples((16 << 3) | 3, undefined)).toBeNull();
  });

  it('control header: au_size as 0xFF runs, trims and extension skipped, stereo flag read', () => {
    const packet = [(31 << 3) | 0x04, ...new Array<number>(259).fill(1)]; // 260 bytes, stereo CELT 20 ms
    const au = Uint8Array.from([0x7f, 0xe0 | 0x10 | 0x04, 0xff, 0x05, 0x00, 0x10, 2, 9, 9, ...packet]);
    expect(parseOpusAccessUnit(au, 0)).toEqual({ headerLength: 9, packetLength: 260, samples: 960, channels: 2 });
    expect(parseOpusAccessUnit(au.subarray(0, 3), 0)).toBeNull(); // cut inside au_size
    expect(parseOpusAccessUnit(Uint8Array.from([0x7f, 0xc0, 1, 8]), 0)).toBeNull(); // wrong prefix
  });

  it('fuzz: any bytes give null or an access unit whose sizes fit the bounds, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (tail) => {
        const b = Uint8Array.from([0x7f, 0xe0, ...tail]);
        const au = parseOpusAccessUnit(b, 0);
        if (au) {
          expect(au.headerLength).toBeGreaterThanOrEqual(3);
          expect(au.packetLength).toBeGreaterThan(0);
          expect(au.samples).toBeGreaterThan(0);
          expect(au.samples).toBeLessThanOrEqual(5760);
        }
      }),
    );
  });
});

describe.skipIf(FFMPEG_MISSING)('Opus in MPEG-TS through the transmuxer', () => {
  it('H.264 + Opus TS → one fMP4 with an Opus track whose samples match ffprobe', () => {
    const file = ffmpegWrite('opus.ts', [...lavfiInputs({ seconds: 2 }), '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'libopus', '-b:a', '64k', '-f', 'mpegts']);
    const result = createTsTransmuxer({ mode: 'muxed' }).push(readBytes(file));
    expect(result.init?.[0]?.mimeType).toMatch(/^video\/mp4; codecs="avc1\.[0-9a-f]{6},opus"$/i);
    const audioPackets = ffprobePackets(file).filter((p) => p.type === 'audio');
    const init = result.init![0]!.data;
    expect(Buffer.from(init).includes(Buffer.from('dOps'))).toBe(true);
    // Every ffprobe Opus packet became a sample: the fragment carries their bytes.
    const media = result.media[0]!.data;
    expect(media.length).toBeGreaterThan(audioPackets.reduce((a, p) => a + p.size, 0));
    expect(result.timing!.lastEnd - result.timing!.firstPts).toBeGreaterThan(1.9);
  });
});
