/**
 * The one thing segment decryption needs from the platform: raw AES block
 * modes. Browsers implement it with WebCrypto (`@edgeplay/web`
 * `WebCryptoPort`), Node tests and the simulator with `node:crypto`
 * (`sim/node-crypto-port.ts`). Everything above it (PKCS#7, IV rules,
 * SAMPLE-AES patterns, cenc subsamples) is pure code in this folder, so every
 * platform behaves and fails the same way.
 */

/** Raw AES primitives. Keys are 16 (AES-128) or 32 (AES-256) bytes. */
export interface CryptoPort {
  /**
   * AES-CBC decryption **without** padding removal: `data.length` must be a
   * multiple of 16 (callers check; ports may reject otherwise). PKCS#7 is
   * validated and stripped by {@link removePkcs7Padding} so that a wrong key
   * is detected identically everywhere.
   */
  aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  /**
   * AES-CTR with a full 128-bit big-endian counter block starting at
   * `counter` (NIST SP 800-38A §6.5; the counter wraps modulo 2^128).
   * Encryption and decryption are the same operation.
   */
  aesCtrDecrypt(key: Uint8Array, counter: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
}

/** AES block size in bytes. */
export const AES_BLOCK = 16;
