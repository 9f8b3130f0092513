/**
 * {@link CryptoPort} on `node:crypto`, for unit tests and the simulator (the
 * sim already needs Node: `load-trace.ts` reads files). Browsers use
 * `@edgeplay/web`'s `WebCryptoPort`.
 */
import { createDecipheriv } from 'node:crypto';
import type { CryptoPort } from '@edgeplay/core';

function cipherName(mode: 'cbc' | 'ctr', key: Uint8Array): string {
  if (key.length !== 16 && key.length !== 32) throw new RangeError(`AES key must be 16 or 32 bytes, got ${key.length}`);
  return `aes-${key.length * 8}-${mode}`;
}

/** AES-CBC (no padding) and AES-CTR through OpenSSL. */
export class NodeCryptoPort implements CryptoPort {
  async aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
    const d = createDecipheriv(cipherName('cbc', key), key, iv);
    d.setAutoPadding(false);
    return concat(d.update(data), d.final());
  }

  async aesCtrDecrypt(key: Uint8Array, counter: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
    const d = createDecipheriv(cipherName('ctr', key), key, counter);
    return concat(d.update(data), d.final());
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
