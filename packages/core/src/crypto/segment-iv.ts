/**
 * The IV of an encrypted HLS segment (RFC 8216 §5.2): the EXT-X-KEY `IV`
 * attribute when present, otherwise the segment's media sequence number as a
 * 128-bit big-endian integer. DASH SEA (ISO/IEC 23009-4) uses the same rule
 * with the segment number, so both manifests share this function.
 */
import type { SegmentKey } from '../manifest/model.js';
import { decryptFailed } from './pkcs7.js';

/**
 * IV for one segment. `sequence` is the media sequence number (HLS) or
 * segment `$Number$` (DASH). Init segments (EXT-X-MAP) have no sequence
 * number; RFC 8216bis §4.4.4.4 makes IV REQUIRED for them, and when a
 * playlist omits it we use 0, as hls.js does, so such streams still play.
 */
export function segmentIv(key: Pick<SegmentKey, 'iv' | 'uri'>, sequence: number): Uint8Array {
  if (key.iv !== undefined) return hexToBytes16(key.iv, key.uri ?? '');
  if (!Number.isSafeInteger(sequence) || sequence < 0) throw decryptFailed(`no IV and media sequence ${sequence} is not a non-negative integer`, key.uri ?? '');
  const iv = new Uint8Array(16);
  let n = sequence;
  // 2^53 fits in the last 7 bytes; write byte by byte (no 64-bit DataView setter for plain numbers).
  for (let i = 15; i >= 8 && n > 0; i--) {
    iv[i] = n % 256;
    n = Math.floor(n / 256);
  }
  return iv;
}

function hexToBytes16(hex: string, keyUri: string): Uint8Array {
  const h = hex.replace(/^0x/i, '').padStart(32, '0');
  if (!/^[0-9a-f]{32}$/i.test(h)) throw decryptFailed(`IV '${hex.slice(0, 40)}' is not up to 32 hex digits`, keyUri);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}
