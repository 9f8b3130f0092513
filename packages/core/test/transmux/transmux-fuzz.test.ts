/**
 * Fuzzing the transmuxer, the packed-audio path and the probe with fast-check:
 * whatever the bytes, the result is output or a typed MediaError — never
 * another exception, never a hang (each run is timed), and the output that does
 * come out is a well-formed sequence of boxes.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MediaError } from '../../src/errors/media-error.js';
import { createPackedAudioTransmuxer, createTsTransmuxer, probeSegment, type TransmuxResult } from '../../src/transmux/index.js';
import { id3WithTimestamp } from './support/id3-writer.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, readBytes } from './support/media-oracle.js';

/** One push of a ~70 kB segment takes ~2 ms; GC pauses on a loaded 2-core machine reached ~300 ms in a 3000-run sweep, so 2 s only catches real hangs. */
const TIME_BOUND_MS = 2000;

function expectTypedOutcome(run: () => TransmuxResult | unknown): void {
  const t0 = performance.now();
  try {
    const r = run();
    if (r && typeof r === 'object' && 'media' in r) {
      const result = r as TransmuxResult;
      for (const part of [...(result.init ?? []), ...result.media]) expectWellFormedBoxes(part.data);
    }
  } catch (e) {
    if (!(e instanceof MediaError)) throw e;
    expect(['TRANSMUX_INVALID', 'MEDIA_UNSUPPORTED', 'SEGMENT_CORRUPT']).toContain(e.code);
  }
  expect(performance.now() - t0).toBeLessThan(TIME_BOUND_MS);
}

/** Top-level box sizes add up exactly to the buffer. */
function expectWellFormedBoxes(b: Uint8Array): void {
  let at = 0;
  while (at < b.length) {
    const size = ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
    expect(size).toBeGreaterThanOrEqual(8);
    at += size;
  }
  expect(at).toBe(b.length);
}

let ts: Uint8Array;
let adts: Uint8Array;

describe.skipIf(FFMPEG_MISSING)('transmuxer fuzzing', () => {
  beforeAll(() => {
    ts = readBytes(ffmpegWrite('fuzz.ts', [...lavfiInputs({ seconds: 1, size: '160x120' }), '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-c:a', 'aac', '-f', 'mpegts']));
    adts = readBytes(ffmpegWrite('fuzz.aac', [...lavfiInputs({ seconds: 1, video: false }), '-c:a', 'aac', '-f', 'adts']));
  });

  it('mutated bytes anywhere in the TS', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 64 }), (edits) => {
        const b = ts.slice();
        for (const [at, v] of edits) b[at % b.length] = v;
        expectTypedOutcome(() => createTsTransmuxer().push(b));
      }),
      { numRuns: 150 },
    );
  });

  it('mutations concentrated in packet headers, PES headers and the PAT/PMT (garbage PSI, wrong continuity counters)', () => {
    const packets = ts.length / 188;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(packets - 1), fc.nat(24), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), (edits) => {
        const b = ts.slice();
        for (const [p, off, v] of edits) b[p * 188 + off] = v;
        expectTypedOutcome(() => createTsTransmuxer({ mode: 'split' }).push(b));
      }),
      { numRuns: 150 },
    );
  });

  it('continuity counters scrambled: output with warnings, not an exception', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(ts.length / 188 - 1), fc.nat(15)), { minLength: 1, maxLength: 30 }), (edits) => {
        const b = ts.slice();
        for (const [p, cc] of edits) b[p * 188 + 3] = (b[p * 188 + 3] & 0xf0) | cc;
        const r = createTsTransmuxer().push(b);
        expect(r.media.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it('truncated segments and segments split across pushes', () => {
    fc.assert(
      fc.property(fc.nat(ts.length), fc.nat(ts.length), (cut, split) => {
        expectTypedOutcome(() => createTsTransmuxer().push(ts.subarray(0, cut)));
        const t = createTsTransmuxer();
        expectTypedOutcome(() => t.push(ts.subarray(0, Math.min(cut, split))));
        expectTypedOutcome(() => t.push(ts.subarray(Math.min(cut, split))));
      }),
      { numRuns: 100 },
    );
  });

  it('random bytes (with and without sync bytes every 188) and the probe', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 4000 }), fc.boolean(), (bytes, sync) => {
        const b = bytes.slice();
        if (sync) for (let i = 0; i < b.length; i += 188) b[i] = 0x47;
        expectTypedOutcome(() => createTsTransmuxer().push(b));
        expectTypedOutcome(() => probeSegment(b));
        expectTypedOutcome(() => createPackedAudioTransmuxer().push(b));
      }),
      { numRuns: 200 },
    );
  });

  it('packed audio with mutated ID3 tags and frames', () => {
    const segment = Uint8Array.from([...id3WithTimestamp(123456), ...adts]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 32 }), fc.nat(segment.length), (edits, cut) => {
        const b = segment.slice(0, Math.max(1, cut));
        for (const [at, v] of edits) b[at % b.length] = v;
        expectTypedOutcome(() => createPackedAudioTransmuxer().push(b));
        expectTypedOutcome(() => probeSegment(b));
      }),
      { numRuns: 150 },
    );
  });
});
