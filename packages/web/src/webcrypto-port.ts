/**
 * {@link CryptoPort} on WebCrypto (`crypto.subtle`), for browsers and workers.
 *
 * WebCrypto's AES-CBC always strips PKCS#7 padding and cannot decrypt
 * unpadded data, but SAMPLE-AES and cbcs need exactly that, and core validates
 * padding itself (so a wrong key fails the same way on every platform). The
 * port therefore appends one forged block that decrypts to a full padding
 * block: with `C` the last ciphertext block, `E_K(0x10…10 ⊕ C)` is the first
 * output block of an AES-CBC encryption of sixteen `0x10` bytes under IV `C`.
 * Decrypting `data ‖ forged` yields `plaintext ‖ 0x10…10`, WebCrypto strips
 * the padding block, and the result is the raw CBC plaintext: one extra
 * 16-byte encrypt per call.
 */
import type { CryptoPort } from '@edgeplay/core';

const FULL_PADDING_BLOCK = new Uint8Array(16).fill(16);

type Algorithm = 'AES-CBC' | 'AES-CTR';

/** AES through `crypto.subtle`; imported keys are cached per key byte array. */
export class WebCryptoPort implements CryptoPort {
  private readonly subtle: SubtleCrypto;
  private readonly keys = new WeakMap<Uint8Array, Map<Algorithm, Promise<CryptoKey>>>();

  constructor(subtle: SubtleCrypto = globalThis.crypto.subtle) {
    this.subtle = subtle;
  }

  async aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
    if (data.length === 0) return new Uint8Array(0);
    if (data.length % 16 !== 0) throw new RangeError(`AES-CBC data must be whole blocks, got ${data.length} bytes`);
    const k = await this.importKey(key, 'AES-CBC');
    const last = data.slice(data.length - 16);
    const forged = new Uint8Array(await this.subtle.encrypt({ name: 'AES-CBC', iv: last }, k, FULL_PADDING_BLOCK)).subarray(0, 16);
    const input = new Uint8Array(data.length + 16);
    input.set(data);
    input.set(forged, data.length);
    return new Uint8Array(await this.subtle.decrypt({ name: 'AES-CBC', iv: copy(iv) }, k, input));
  }

  async aesCtrDecrypt(key: Uint8Array, counter: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
    const k = await this.importKey(key, 'AES-CTR');
    // length 128: the whole block is the counter (NIST SP 800-38A §B.1), as the CryptoPort contract says.
    return new Uint8Array(await this.subtle.decrypt({ name: 'AES-CTR', counter: copy(counter), length: 128 }, k, copy(data)));
  }

  private importKey(raw: Uint8Array, algorithm: Algorithm): Promise<CryptoKey> {
    let byAlg = this.keys.get(raw);
    if (!byAlg) this.keys.set(raw, (byAlg = new Map()));
    let k = byAlg.get(algorithm);
    if (!k) {
      k = this.subtle.importKey('raw', copy(raw), { name: algorithm }, false, ['encrypt', 'decrypt']);
      byAlg.set(algorithm, k);
    }
    return k;
  }
}

/** A tight ArrayBuffer-backed copy (WebCrypto rejects SharedArrayBuffer views in some engines). */
function copy(b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
}
