import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decryptSegment } from '../../src/crypto/segment-decryption.js';
import { segmentIv } from '../../src/crypto/segment-iv.js';
import { addPkcs7Padding, removePkcs7Padding } from '../../src/crypto/pkcs7.js';
import { MediaError } from '../../src/errors/media-error.js';
import { NodeCryptoPort } from '../../../sim/src/node-crypto-port.js';
import { hex, toHex } from '../support/hex.js';
import { CBC_IV, KEY128, KEY256 } from './nist-vectors.js';

const port = new NodeCryptoPort();
const KEY_URI = 'https://keys.example/k1';

function opensslStyleEncrypt(algo: string, key: Uint8Array, iv: Uint8Array, clear: Uint8Array): Uint8Array {
  const c = createCipheriv(algo, key, iv); // node pads with PKCS#7 by default, as ffmpeg/openssl do
  return new Uint8Array(Buffer.concat([c.update(clear), c.final()]));
}

describe('segmentIv (RFC 8216 §5.2)', () => {
  it('uses the IV attribute when present (hex, left-padded to 128 bits)', () => {
    expect(toHex(segmentIv({ iv: '000102030405060708090a0b0c0d0e0f' }, 7))).toBe('000102030405060708090a0b0c0d0e0f');
    expect(toHex(segmentIv({ iv: '0x1f' }, 7))).toBe('0000000000000000000000000000001f');
  });
  it('otherwise the media sequence number, big-endian in the low bytes', () => {
    expect(toHex(segmentIv({}, 0))).toBe('00000000000000000000000000000000');
    expect(toHex(segmentIv({}, 1))).toBe('00000000000000000000000000000001');
    expect(toHex(segmentIv({}, 0x01020304))).toBe('00000000000000000000000001020304');
    expect(toHex(segmentIv({}, Number.MAX_SAFE_INTEGER))).toBe('0000000000000000001fffffffffffff');
  });
  it('rejects a negative or fractional sequence and a malformed IV with DECRYPT_FAILED naming the key', () => {
    expect(() => segmentIv({ uri: KEY_URI }, -1)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED', details: { keyUri: KEY_URI, failure: 'input' } }));
    expect(() => segmentIv({ uri: KEY_URI }, 1.5)).toThrowError(MediaError);
    expect(() => segmentIv({ uri: KEY_URI, iv: 'zz' }, 1)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
  });
});

describe('PKCS#7', () => {
  it('pads 1..16 bytes and strips them again', () => {
    for (let n = 0; n < 40; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => i);
      const padded = addPkcs7Padding(data);
      expect(padded.length % 16).toBe(0);
      expect(padded.length - n).toBeGreaterThanOrEqual(1);
      expect(toHex(removePkcs7Padding(padded, KEY_URI))).toBe(toHex(data));
    }
  });
  it('rejects a zero pad byte, a pad byte > 16 and inconsistent pad bytes', () => {
    const bad = (last: number[]) => {
      const b = new Uint8Array(32);
      b.set(last, 32 - last.length);
      return b;
    };
    expect(() => removePkcs7Padding(bad([0]), KEY_URI)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    expect(() => removePkcs7Padding(bad([17]), KEY_URI)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    expect(() => removePkcs7Padding(bad([1, 3, 3]), KEY_URI)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
  });
});

describe('decryptSegment', () => {
  const clear = Uint8Array.from({ length: 188 * 7 }, (_, i) => (i * 7) & 0xff);

  it('AES-128: decrypts and removes padding (sequence-number IV)', async () => {
    const iv = segmentIv({}, 42);
    const data = opensslStyleEncrypt('aes-128-cbc', KEY128, iv, clear);
    const out = await decryptSegment(port, { method: 'AES-128', key: KEY128, iv, data, keyUri: KEY_URI });
    expect(toHex(out)).toBe(toHex(clear));
  });

  it('AES-256 (CBC, RFC 8216bis): 32-byte key', async () => {
    const data = opensslStyleEncrypt('aes-256-cbc', KEY256, CBC_IV, clear);
    expect(toHex(await decryptSegment(port, { method: 'AES-256', key: KEY256, iv: CBC_IV, data, keyUri: KEY_URI }))).toBe(toHex(clear));
  });

  it('AES-256-CTR: no padding, output as long as the input (odd length)', async () => {
    const odd = clear.subarray(0, 1001);
    const data = opensslStyleEncrypt('aes-256-ctr', KEY256, CBC_IV, odd);
    expect(data.length).toBe(1001);
    expect(toHex(await decryptSegment(port, { method: 'AES-256-CTR', key: KEY256, iv: CBC_IV, data, keyUri: KEY_URI }))).toBe(toHex(odd));
  });

  it('a wrong key is DECRYPT_FAILED naming the key URI (over 50 random wrong keys, ≥ 45 are caught by the padding check)', async () => {
    const data = opensslStyleEncrypt('aes-128-cbc', KEY128, CBC_IV, clear);
    let caught = 0;
    for (let k = 0; k < 50; k++) {
      const wrong = Uint8Array.from({ length: 16 }, (_, i) => (i * 31 + k * 17 + 1) & 0xff);
      try {
        await decryptSegment(port, { method: 'AES-128', key: wrong, iv: CBC_IV, data, keyUri: KEY_URI });
      } catch (e) {
        expect(e).toBeInstanceOf(MediaError);
        expect((e as MediaError).code).toBe('DECRYPT_FAILED');
        expect((e as MediaError).message).toContain(KEY_URI);
        caught++;
      }
    }
    // A random last block passes PKCS#7 with p ≈ 1/256 (…01) + 1/65536 (…0202) + …: expect ~50/50.
    expect(caught).toBeGreaterThanOrEqual(45);
  });

  it('a key of the wrong length is KEY_LOAD_FAILED; a truncated segment is DECRYPT_FAILED', async () => {
    const data = opensslStyleEncrypt('aes-128-cbc', KEY128, CBC_IV, clear);
    await expect(decryptSegment(port, { method: 'AES-128', key: KEY256, iv: CBC_IV, data, keyUri: KEY_URI })).rejects.toMatchObject({ code: 'KEY_LOAD_FAILED', details: { keyUri: KEY_URI } });
    await expect(decryptSegment(port, { method: 'AES-128', key: KEY128, iv: CBC_IV, data: data.subarray(0, 100), keyUri: KEY_URI })).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(decryptSegment(port, { method: 'AES-128', key: KEY128, iv: CBC_IV, data: new Uint8Array(0), keyUri: KEY_URI })).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('a port that rejects with a plain Error surfaces as DECRYPT_FAILED', async () => {
    const broken = { aesCbcDecrypt: async () => { throw new Error('OperationError'); }, aesCtrDecrypt: async () => new Uint8Array(0) };
    await expect(decryptSegment(broken, { method: 'AES-128', key: KEY128, iv: CBC_IV, data: new Uint8Array(32), keyUri: KEY_URI })).rejects.toMatchObject({ code: 'DECRYPT_FAILED', details: { keyUri: KEY_URI, failure: 'port' } });
  });

  it('fuzz: any data, key and IV length → plaintext or a typed MediaError, never a plain Error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('AES-128' as const, 'AES-256' as const, 'AES-256-CTR' as const),
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ minLength: 0, maxLength: 40 }),
        fc.uint8Array({ minLength: 0, maxLength: 20 }),
        async (method, data, key, iv) => {
          try {
            await decryptSegment(port, { method, key, iv, data, keyUri: KEY_URI });
          } catch (e) {
            expect(e).toBeInstanceOf(MediaError);
            expect(['DECRYPT_FAILED', 'KEY_LOAD_FAILED']).toContain((e as MediaError).code);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('fuzz: truncating or flipping bytes of a valid AES-128 segment never throws untyped', async () => {
    const data = opensslStyleEncrypt('aes-128-cbc', KEY128, CBC_IV, clear);
    await fc.assert(
      fc.asyncProperty(fc.nat(data.length), fc.nat(data.length - 1), fc.integer({ min: 1, max: 255 }), async (cut, at, flip) => {
        const mutated = data.slice(0, cut);
        if (at < mutated.length) mutated[at]! ^= flip;
        try {
          const out = await decryptSegment(port, { method: 'AES-128', key: KEY128, iv: CBC_IV, data: mutated, keyUri: KEY_URI });
          expect(out.length).toBeLessThanOrEqual(mutated.length);
        } catch (e) {
          expect((e as MediaError).code).toBe('DECRYPT_FAILED');
        }
      }),
      { numRuns: 300 },
    );
  });
});

it('hex helper sanity', () => expect(toHex(hex('00ff'))).toBe('00ff'));
