/**
 * SAMPLE-AES for MPEG-2 TS (HLS `METHOD=SAMPLE-AES`, Apple "MPEG-2 Stream
 * Encryption Format for HTTP Live Streaming"): only parts of each elementary
 * stream sample are AES-128-CBC encrypted, without padding, with the CBC IV
 * reset to the key's IV at the start of every NAL unit / audio frame and the
 * chain continuing across that sample's encrypted blocks only.
 *
 * - H.264 NAL units of type 1 and 5 (slices): 32 clear bytes (the NAL header
 *   and 31 bytes of slice header), then repeatedly one encrypted 16-byte block
 *   (only while more than 16 bytes remain) and up to 144 clear bytes (the 1:9
 *   pattern); other NAL types and NAL units of 48 bytes or less are clear.
 *   Emulation prevention is applied after encryption.
 * - AAC (ADTS) frames: the ADTS header (7 or 9 bytes) and 16 bytes clear,
 *   then every whole 16-byte block encrypted, a 0–15-byte tail clear. AC-3 /
 *   E-AC-3 frames follow the same rule with no header to skip.
 *
 * The transmuxer calls these per NAL unit / frame. The layout functions are
 * shared with the test encryptor so both sides use one definition.
 */
import { AES_BLOCK, type CryptoPort } from './crypto-port.js';
import { addEmulationPrevention, removeEmulationPrevention } from './emulation-prevention.js';
import { callPort } from './segment-decryption.js';

/** Bytes before the first encrypted block of a slice NAL unit. */
export const NALU_CLEAR_LEADER = 32;
/** Slice NAL units this long or shorter are entirely clear (32-byte leader + one block must fit with more than 16 bytes). */
export const SMALL_NALU = NALU_CLEAR_LEADER + 16;
/** Clear bytes after each encrypted block of a slice NAL unit (9 blocks). */
export const NALU_CLEAR_RUN = 144;
/** Clear bytes after the ADTS header of an audio frame. */
export const AUDIO_CLEAR_LEADER = 16;

/** Byte ranges `[start, end)` that are encrypted. */
export type EncryptedRanges = Array<[number, number]>;

/** Encrypted ranges of an unescaped H.264 NAL unit (`nal[0]` is the NAL header). */
export function naluEncryptedRanges(nal: Uint8Array): EncryptedRanges {
  const type = nal.length ? nal[0]! & 0x1f : 0;
  const ranges: EncryptedRanges = [];
  if (type !== 1 && type !== 5) return ranges;
  let pos = NALU_CLEAR_LEADER;
  while (pos < nal.length) {
    if (nal.length - pos > AES_BLOCK) {
      ranges.push([pos, pos + AES_BLOCK]);
      pos += AES_BLOCK;
    }
    pos += Math.min(NALU_CLEAR_RUN, nal.length - pos);
  }
  return ranges;
}

/** ADTS header length: 7 bytes, 9 with CRC (protection_absent = 0); 0 when `frame` is not ADTS. */
export function adtsHeaderLength(frame: Uint8Array): number {
  if (frame.length < 7 || frame[0] !== 0xff || (frame[1]! & 0xf6) !== 0xf0) return 0;
  return frame[1]! & 1 ? 7 : 9;
}

/** Encrypted range of an audio frame whose first `headerLength` bytes are its (clear) header. */
export function audioEncryptedRanges(frameLength: number, headerLength: number): EncryptedRanges {
  const start = headerLength + AUDIO_CLEAR_LEADER;
  const blocks = Math.floor(Math.max(0, frameLength - start) / AES_BLOCK);
  return blocks ? [[start, start + blocks * AES_BLOCK]] : [];
}

/**
 * Decrypts one SAMPLE-AES H.264 NAL unit as carried in the TS (escaped, no
 * start code). Returns the clear NAL unit (with its original emulation
 * prevention), ready for an AVC sample. Non-slice NAL units come back as is.
 *
 * @throws MediaError DECRYPT_FAILED naming `keyUri` when the port fails.
 */
export async function decryptSampleAesNalu(port: CryptoPort, key: Uint8Array, iv: Uint8Array, nalu: Uint8Array, keyUri = ''): Promise<Uint8Array> {
  const type = nalu.length ? nalu[0]! & 0x1f : 0;
  // Units of 48 bytes or less have no encrypted block, and encryptors (Apple's, ours, FFmpeg's reading of it) leave them
  // unescaped-once-more too: removing emulation prevention from them would corrupt a clear slice.
  if ((type !== 1 && type !== 5) || nalu.length <= SMALL_NALU) return nalu;
  const raw = removeEmulationPrevention(nalu);
  const out = raw === nalu ? nalu.slice() : raw;
  await transformRanges(out, naluEncryptedRanges(out), (d) => callPort(() => port.aesCbcDecrypt(key, iv, d), keyUri));
  return out;
}

/**
 * Decrypts one SAMPLE-AES ADTS frame (header included). A buffer that is not
 * ADTS is treated as AC-3/E-AC-3 (no header to skip).
 */
export async function decryptSampleAesAdtsFrame(port: CryptoPort, key: Uint8Array, iv: Uint8Array, frame: Uint8Array, keyUri = ''): Promise<Uint8Array> {
  const out = frame.slice();
  await transformRanges(out, audioEncryptedRanges(out.length, adtsHeaderLength(out)), (d) => callPort(() => port.aesCbcDecrypt(key, iv, d), keyUri));
  return out;
}

/**
 * Gathers `ranges` of `buf` into one buffer, runs `op` on it (one CBC chain),
 * and scatters the result back in place.
 */
export async function transformRanges(buf: Uint8Array, ranges: EncryptedRanges, op: (data: Uint8Array) => Promise<Uint8Array>): Promise<void> {
  if (!ranges.length) return;
  const total = ranges.reduce((n, [s, e]) => n + e - s, 0);
  const gathered = new Uint8Array(total);
  let o = 0;
  for (const [s, e] of ranges) {
    gathered.set(buf.subarray(s, e), o);
    o += e - s;
  }
  const result = await op(gathered);
  o = 0;
  for (const [s, e] of ranges) {
    buf.set(result.subarray(o, o + e - s), s);
    o += e - s;
  }
}

/** Escapes a NAL unit after encryption (the encoder side, exported for the test encryptor). */
export const escapeEncryptedNalu = addEmulationPrevention;
