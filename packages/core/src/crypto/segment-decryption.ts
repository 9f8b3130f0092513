/**
 * Whole-segment decryption (HLS `METHOD=AES-128`, `AES-256`, `AES-256-CTR`;
 * DASH SEA AES-128-CBC). Pure: the AES primitives come from a
 * {@link CryptoPort}; this file owns the method rules and the typed errors.
 */
import { MediaError } from '../errors/media-error.js';
import { isEdgeplayError } from '../errors/edgeplay-error.js';
import type { SegmentKey } from '../manifest/model.js';
import { AES_BLOCK, type CryptoPort } from './crypto-port.js';
import { decryptFailed, removePkcs7Padding } from './pkcs7.js';

/** Methods that encrypt the whole segment (as opposed to SAMPLE-AES*, which encrypt samples). */
export type WholeSegmentMethod = 'AES-128' | 'AES-256' | 'AES-256-CTR';

/** Key length in bytes each method needs. */
export const KEY_LENGTH: Readonly<Record<Exclude<SegmentKey['method'], 'NONE'>, number>> = {
  'AES-128': 16,
  'AES-256': 32,
  'AES-256-CTR': 32,
  'SAMPLE-AES': 16,
  'SAMPLE-AES-CTR': 16,
};

/** Whether `method` encrypts whole segments (decrypt before demuxing). */
export function isWholeSegmentMethod(method: string): method is WholeSegmentMethod {
  return method === 'AES-128' || method === 'AES-256' || method === 'AES-256-CTR';
}

/** Inputs of {@link decryptSegment}. */
export interface SegmentCiphertext {
  method: WholeSegmentMethod;
  /** Raw key bytes (16 for AES-128, 32 for AES-256*). */
  key: Uint8Array;
  /** 16-byte IV (from {@link segmentIv}). For CTR it is the initial counter block. */
  iv: Uint8Array;
  data: Uint8Array;
  /** For error messages and `details.keyUri`. */
  keyUri: string;
}

/**
 * Decrypts one segment (or EXT-X-MAP init section). CBC methods must be whole
 * blocks with valid PKCS#7 padding (RFC 8216 §4.3.2.4); CTR (RFC 8216bis
 * draft, `AES-256-CTR`) has no padding, so the output is as long as the input.
 *
 * @throws MediaError DECRYPT_FAILED (bad length, bad padding, port failure) or
 *   KEY_LOAD_FAILED (key of the wrong length), both naming the key URI.
 */
export async function decryptSegment(port: CryptoPort, c: SegmentCiphertext): Promise<Uint8Array> {
  const need = KEY_LENGTH[c.method];
  if (c.key.length !== need) {
    throw new MediaError('KEY_LOAD_FAILED', `key ${c.keyUri} is ${c.key.length} bytes, ${c.method} needs ${need}`, { details: { keyUri: c.keyUri, method: c.method } });
  }
  if (c.iv.length !== AES_BLOCK) throw decryptFailed(`IV is ${c.iv.length} bytes, not 16`, c.keyUri);
  if (c.method === 'AES-256-CTR') return callPort(() => port.aesCtrDecrypt(c.key, c.iv, c.data), c.keyUri);
  if (c.data.length === 0 || c.data.length % AES_BLOCK !== 0) {
    throw decryptFailed(`ciphertext length ${c.data.length} is not a positive multiple of 16 (truncated segment?)`, c.keyUri);
  }
  const clear = await callPort(() => port.aesCbcDecrypt(c.key, c.iv, c.data), c.keyUri);
  return removePkcs7Padding(clear, c.keyUri);
}

/** Runs a port call; whatever a port rejects with becomes a typed DECRYPT_FAILED. */
export async function callPort(op: () => Promise<Uint8Array>, keyUri: string): Promise<Uint8Array> {
  try {
    return await op();
  } catch (e) {
    if (isEdgeplayError(e)) throw e;
    throw decryptFailed(e instanceof Error ? e.message : String(e), keyUri, e, 'port');
  }
}
