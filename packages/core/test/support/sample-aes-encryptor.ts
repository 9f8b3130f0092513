/**
 * A SAMPLE-AES (MPEG-2 TS) encryptor for tests: the inverse of
 * `crypto/sample-aes.ts`, on `node:crypto`, using the same range layout
 * functions so the pattern is defined once (the layout itself is checked
 * against hand-computed offsets in sample-aes.test.ts).
 */
import { createCipheriv } from 'node:crypto';
import { addEmulationPrevention } from '../../src/crypto/emulation-prevention.js';
import { SMALL_NALU, adtsHeaderLength, audioEncryptedRanges, naluEncryptedRanges, type EncryptedRanges } from '../../src/crypto/sample-aes.js';

function cbcEncryptRanges(buf: Uint8Array, ranges: EncryptedRanges, key: Uint8Array, iv: Uint8Array): void {
  if (!ranges.length) return;
  const c = createCipheriv('aes-128-cbc', key, iv);
  c.setAutoPadding(false);
  for (const [s, e] of ranges) buf.set(c.update(buf.subarray(s, e)), s);
  c.final();
}

/** Encrypts one clear H.264 NAL unit (escaped, no start code) as SAMPLE-AES would carry it in TS. */
export function encryptSampleAesNalu(key: Uint8Array, iv: Uint8Array, nalu: Uint8Array): Uint8Array {
  const type = nalu.length ? nalu[0]! & 0x1f : 0;
  if ((type !== 1 && type !== 5) || nalu.length <= SMALL_NALU) return nalu.slice();
  const out = nalu.slice();
  cbcEncryptRanges(out, naluEncryptedRanges(out), key, iv);
  return addEmulationPrevention(out);
}

/** Encrypts one ADTS (or header-less AC-3) frame. */
export function encryptSampleAesAudioFrame(key: Uint8Array, iv: Uint8Array, frame: Uint8Array): Uint8Array {
  const out = frame.slice();
  cbcEncryptRanges(out, audioEncryptedRanges(out.length, adtsHeaderLength(out)), key, iv);
  return out;
}

/** Splits an Annex-B byte stream into NAL units (without start codes). */
export function splitAnnexB(stream: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      starts.push(i + 3);
      i += 2;
    }
  }
  return starts.map((s, k) => {
    let end = k + 1 < starts.length ? starts[k + 1]! - 3 : stream.length;
    while (end > s && stream[end - 1] === 0) end--; // trailing zero of a 4-byte start code
    return stream.subarray(s, end);
  });
}

/** Splits an ADTS stream into frames using each header's frame_length. */
export function splitAdts(stream: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let p = 0;
  while (p + 7 <= stream.length && stream[p] === 0xff) {
    const len = ((stream[p + 3]! & 3) << 11) | (stream[p + 4]! << 3) | (stream[p + 5]! >> 5);
    if (len < 7 || p + len > stream.length) break;
    frames.push(stream.subarray(p, p + len));
    p += len;
  }
  return frames;
}
