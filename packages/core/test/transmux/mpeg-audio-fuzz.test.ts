/**
 * MPEG audio (MP3/MP2) frame headers and the raw `audio/mpeg` output under
 * fast-check: the header parser never throws, never reads past the buffer and
 * never yields a frame length that could stall a frame walk (< 24 bytes, the
 * smallest legal frame: MPEG-2 layer III at 8 kb/s, 24 kHz) or exceed the
 * largest (2881 bytes: MPEG-2 layer II at 160 kb/s, 8 kHz, padded); the
 * packed-audio path with damaged MP3 gives raw frames that are whole frames,
 * or a typed error, within a time bound.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MediaError } from '../../src/errors/media-error.js';
import { createPackedAudioTransmuxer, createTsTransmuxer } from '../../src/transmux/index.js';
import { isMpegAudioSync, parseMpegAudioHeader } from '../../src/transmux/mpeg-audio.js';
import { id3WithTimestamp } from './support/id3-writer.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, readBytes } from './support/media-oracle.js';

/** Generous for a ~30 kB segment (~1 ms a push), catches only real hangs on a loaded 2-core machine. */
const TIME_BOUND_MS = 2000;
const MIN_FRAME = 24;
const MAX_FRAME = 2881;

/** Raw output: consecutive whole frames from byte 0. */
function expectWholeFrames(b: Uint8Array): void {
  let at = 0;
  while (at < b.length) {
    const h = parseMpegAudioHeader(b, at);
    expect(h, `frame header at ${at}`).not.toBeNull();
    at += h!.frameLength;
  }
  expect(at).toBe(b.length);
}

function typedOutcome(run: () => void): void {
  const t0 = performance.now();
  try {
    run();
  } catch (e) {
    if (!(e instanceof MediaError)) throw e;
    expect(['TRANSMUX_INVALID', 'MEDIA_UNSUPPORTED']).toContain(e.code);
  }
  expect(performance.now() - t0).toBeLessThan(TIME_BOUND_MS);
}

describe('MPEG audio header parser', () => {
  it('any bytes at any offset: null or a header with a bounded frame length, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 8 }), fc.integer({ min: -2, max: 10 }), (b, at) => {
        const h = parseMpegAudioHeader(b, at);
        if (h === null) return;
        expect(at + 4).toBeLessThanOrEqual(b.length);
        expect(h.frameLength).toBeGreaterThanOrEqual(MIN_FRAME);
        expect(h.frameLength).toBeLessThanOrEqual(MAX_FRAME);
        expect([384, 576, 1152]).toContain(h.samplesPerFrame);
      }),
      { numRuns: 5000 },
    );
  });

  it('every sync + legal version/layer/bitrate/rate/padding combination parses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 14 }), fc.integer({ min: 0, max: 2 }), fc.nat(1), fc.nat(255), (version, layer, bitrate, rate, pad, last) => {
        fc.pre(version !== 1);
        const b = Uint8Array.from([0xff, 0xe0 | (version << 3) | (layer << 1) | 1, (bitrate << 4) | (rate << 2) | (pad << 1), last]);
        expect(isMpegAudioSync(b, 0)).toBe(true);
        const h = parseMpegAudioHeader(b, 0);
        expect(h).not.toBeNull();
        expect(h!.frameLength).toBeGreaterThanOrEqual(MIN_FRAME);
        expect(h!.frameLength).toBeLessThanOrEqual(MAX_FRAME);
      }),
      { numRuns: 2000 },
    );
  });
});

let mp3: Uint8Array;
let ts: Uint8Array;

describe.skipIf(FFMPEG_MISSING)('raw audio/mpeg output under damage', () => {
  beforeAll(() => {
    mp3 = readBytes(ffmpegWrite('fuzz.mp3', [...lavfiInputs({ seconds: 1, video: false, audioRate: 44100 }), '-c:a', 'libmp3lame', '-write_xing', '0', '-id3v2_version', '0', '-f', 'mp3']));
    ts = readBytes(ffmpegWrite('fuzz-mp3.ts', [...lavfiInputs({ seconds: 1, video: false, audioRate: 44100 }), '-c:a', 'libmp3lame', '-f', 'mpegts']));
  });

  it('packed MP3 with mutated bytes and cuts: whole frames or a typed error', () => {
    const segment = Uint8Array.from([...id3WithTimestamp(900_000), ...mp3]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 32 }), fc.nat(segment.length), (edits, cut) => {
        const b = segment.slice(0, Math.max(1, cut));
        for (const [at, v] of edits) b[at % b.length] = v;
        typedOutcome(() => {
          const r = createPackedAudioTransmuxer({ rawMpegAudio: true }).push(b);
          for (const m of r.media) if (r.init?.[0]?.mimeType === 'audio/mpeg') expectWholeFrames(m.data);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('audio-only MP3 TS with mutated bytes (split, raw): whole frames or a typed error', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 48 }), (edits) => {
        const b = ts.slice();
        for (const [at, v] of edits) b[at % b.length] = v;
        typedOutcome(() => {
          const r = createTsTransmuxer({ mode: 'split', rawMpegAudio: true }).push(b);
          const raw = r.init?.find((i) => i.mimeType === 'audio/mpeg');
          if (raw) for (const m of r.media.filter((x) => x.type === 'audio')) expectWholeFrames(m.data);
        });
      }),
      { numRuns: 150 },
    );
  });
});
