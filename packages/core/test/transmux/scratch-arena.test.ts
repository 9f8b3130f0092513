/**
 * The per-thread PES arena: handed over on take, reused only after a return,
 * never shared by two owners; and transmux results never alias it (a later
 * push on another transmuxer, reusing the buffer, leaves earlier results
 * byte for byte as they were), while a push that throws keeps the buffer away
 * from the next push.
 */
import { describe, expect, it } from 'vitest';
import { MAX_KEPT_SCRATCH_BYTES, returnScratch, takeScratch } from '../../src/transmux/scratch-arena.js';
import { createTsTransmuxer } from '../../src/transmux/index.js';
import type { TransmuxResult } from '../../src/transmux/types.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, readBytes } from './support/media-oracle.js';

describe('scratch arena', () => {
  it('is reused only once returned, and never handed to two owners', () => {
    const a = takeScratch(1000);
    const b = takeScratch(1000);
    expect(b).not.toBe(a); // a is still owned
    returnScratch(a);
    const c = takeScratch(500);
    expect(c).toBe(a);
    expect(takeScratch(500)).not.toBe(a);
    returnScratch(c);
    expect(takeScratch(2000)).not.toBe(c); // too small: a new one, the spare stays
    expect(takeScratch(10)).toBe(c);
  });

  it('does not keep buffers above the cap', () => {
    const big = takeScratch(MAX_KEPT_SCRATCH_BYTES + 1);
    returnScratch(big);
    expect(takeScratch(16)).not.toBe(big);
  });
});

const bytesOf = (r: TransmuxResult): string[] => [...(r.init ?? []).map((i) => i.data), ...r.media.map((m) => m.data)].map((d) => Buffer.from(d).toString('hex'));

describe.skipIf(FFMPEG_MISSING)('transmux results and the shared arena', () => {
  const ts = (name: string, size: string, frequency: number) => readBytes(ffmpegWrite(name, [...lavfiInputs({ seconds: 1, size }), '-af', `volume=${frequency / 1000}`, '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-c:a', 'aac', '-f', 'mpegts']));

  it('a push on another transmuxer does not change an earlier result', () => {
    const first = ts('arena-a.ts', '320x240', 500);
    const second = ts('arena-b.ts', '352x288', 900);
    const r1 = createTsTransmuxer().push(first);
    const before = bytesOf(r1);
    createTsTransmuxer().push(second);
    expect(bytesOf(r1)).toEqual(before);
    expect(bytesOf(createTsTransmuxer().push(first))).toEqual(before);
  });

  it('a push that throws does not give its buffer to the next push', () => {
    const spare = takeScratch(1 << 20);
    returnScratch(spare);
    const garbage = new Uint8Array(188 * 4).fill(0x47); // sync bytes, no PAT/PMT
    expect(() => createTsTransmuxer().push(garbage)).toThrow();
    expect(takeScratch(16)).not.toBe(spare);
  });
});
