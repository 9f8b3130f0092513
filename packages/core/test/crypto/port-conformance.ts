/**
 * Known-answer tests every {@link CryptoPort} must pass (NIST SP 800-38A),
 * shared by the node:crypto port (core) and the WebCrypto port (web).
 */
import { describe, expect, it } from 'vitest';
import type { CryptoPort } from '../../src/crypto/crypto-port.js';
import { CBC128, CBC256, CBC_IV, CTR128, CTR256, CTR_COUNTER, KEY128, KEY256, PLAINTEXT } from './nist-vectors.js';
import { toHex } from '../support/hex.js';

export function describePortConformance(name: string, makePort: () => CryptoPort): void {
  describe(`${name} (NIST SP 800-38A known answers)`, () => {
    const port = makePort();
    it('F.2.2 CBC-AES128 decrypt, unpadded, all four blocks', async () => {
      expect(toHex(await port.aesCbcDecrypt(KEY128, CBC_IV, CBC128))).toBe(toHex(PLAINTEXT));
    });
    it('F.2.6 CBC-AES256 decrypt', async () => {
      expect(toHex(await port.aesCbcDecrypt(KEY256, CBC_IV, CBC256))).toBe(toHex(PLAINTEXT));
    });
    it('CBC decrypt of a suffix chains from the previous ciphertext block as IV', async () => {
      expect(toHex(await port.aesCbcDecrypt(KEY128, CBC128.subarray(16, 32), CBC128.subarray(32)))).toBe(toHex(PLAINTEXT.subarray(32)));
    });
    it('F.5.2 CTR-AES128 decrypt', async () => {
      expect(toHex(await port.aesCtrDecrypt(KEY128, CTR_COUNTER, CTR128))).toBe(toHex(PLAINTEXT));
    });
    it('F.5.6 CTR-AES256 decrypt, and a partial last block', async () => {
      expect(toHex(await port.aesCtrDecrypt(KEY256, CTR_COUNTER, CTR256))).toBe(toHex(PLAINTEXT));
      expect(toHex(await port.aesCtrDecrypt(KEY256, CTR_COUNTER, CTR256.subarray(0, 23)))).toBe(toHex(PLAINTEXT.subarray(0, 23)));
    });
    it('CTR counter carries across all 128 bits (ff…ff wraps to 00…00)', async () => {
      const max = new Uint8Array(16).fill(0xff);
      const two = await port.aesCtrDecrypt(KEY128, max, new Uint8Array(32));
      const zero = await port.aesCtrDecrypt(KEY128, new Uint8Array(16), new Uint8Array(16));
      expect(toHex(two.subarray(16))).toBe(toHex(zero));
    });
  });
}
