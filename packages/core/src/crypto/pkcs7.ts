import { MediaError } from '../errors/media-error.js';
import { AES_BLOCK } from './crypto-port.js';

/**
 * Strips PKCS#7 padding (RFC 5652 §6.3) after validating it: the last byte
 * `n` must be 1..16 and the last `n` bytes must all equal `n`. With a wrong
 * key the last block decrypts to noise, which passes this check with
 * probability ≈ 2^-8 (only `…01` survives by chance), so a wrong key is
 * reported as `DECRYPT_FAILED` ~255 times in 256 instead of appending noise.
 *
 * @throws MediaError DECRYPT_FAILED naming `keyUri`.
 */
export function removePkcs7Padding(data: Uint8Array, keyUri: string): Uint8Array {
  if (data.length === 0 || data.length % AES_BLOCK !== 0) {
    throw decryptFailed(`decrypted length ${data.length} is not a positive multiple of 16`, keyUri);
  }
  const n = data[data.length - 1]!;
  if (n < 1 || n > AES_BLOCK) throw decryptFailed(`bad PKCS#7 padding byte 0x${n.toString(16)} (wrong key or IV?)`, keyUri, undefined, 'padding');
  for (let i = data.length - n; i < data.length; i++) {
    if (data[i] !== n) throw decryptFailed('bad PKCS#7 padding (wrong key or IV?)', keyUri, undefined, 'padding');
  }
  return data.subarray(0, data.length - n);
}

/** PKCS#7-pads `data` to a multiple of 16 (always adds 1..16 bytes). For encryptors in tests and fixtures. */
export function addPkcs7Padding(data: Uint8Array): Uint8Array {
  const n = AES_BLOCK - (data.length % AES_BLOCK);
  const out = new Uint8Array(data.length + n);
  out.set(data);
  out.fill(n, data.length);
  return out;
}

/**
 * Why decryption failed: `padding` is the wrong-key signature (worth refetching a rotated key), `input` is
 * malformed or truncated data (refetching the key cannot help), `port` is the platform's AES failing.
 */
export type DecryptFailure = 'padding' | 'input' | 'port';

/** A `DECRYPT_FAILED` error naming the key (fatal: the same key will fail again; the caller may refetch the key once). */
export function decryptFailed(reason: string, keyUri: string, cause?: unknown, failure: DecryptFailure = 'input'): MediaError {
  return new MediaError('DECRYPT_FAILED', `decryption with key ${keyUri} failed: ${reason}`, {
    severity: 'fatal',
    details: { keyUri, failure },
    ...(cause === undefined ? {} : { cause }),
  });
}
