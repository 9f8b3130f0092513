import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEmulationPrevention, removeEmulationPrevention } from '../../src/crypto/emulation-prevention.js';
import { adtsHeaderLength, audioEncryptedRanges, decryptSampleAesAdtsFrame, decryptSampleAesNalu, naluEncryptedRanges } from '../../src/crypto/sample-aes.js';
import { MediaError } from '../../src/errors/media-error.js';
import { NodeCryptoPort } from '../../../sim/src/node-crypto-port.js';
import { hex, toHex } from '../support/hex.js';
import { encryptSampleAesAudioFrame, encryptSampleAesNalu, splitAdts, splitAnnexB } from '../support/sample-aes-encryptor.js';

const port = new NodeCryptoPort();
const KEY = hex('000102030405060708090a0b0c0d0e0f');
const IV = hex('f0e0d0c0b0a090807060504030201000');

describe('SAMPLE-AES layout (Apple MPEG-2 Stream Encryption Format)', () => {
  const slice = (len: number, type = 5) => Uint8Array.from({ length: len }, (_, i) => (i === 0 ? 0x60 | type : 0xaa));
  it('slice NAL units: 32 clear, then 16 encrypted + up to 144 clear, only while > 16 bytes remain', () => {
    expect(naluEncryptedRanges(slice(48))).toEqual([]);
    expect(naluEncryptedRanges(slice(49))).toEqual([[32, 48]]);
    expect(naluEncryptedRanges(slice(208))).toEqual([[32, 48]]); // at 192 exactly 16 remain: clear
    expect(naluEncryptedRanges(slice(209))).toEqual([[32, 48], [192, 208]]);
    expect(naluEncryptedRanges(slice(400, 1))).toEqual([[32, 48], [192, 208], [352, 368]]);
  });
  it('non-slice NAL units (SPS 7, PPS 8, SEI 6, IDR-less types) are clear', () => {
    for (const t of [6, 7, 8, 9, 2]) expect(naluEncryptedRanges(slice(500, t))).toEqual([]);
  });
  it('audio: header + 16 bytes clear, then whole blocks, tail clear', () => {
    expect(audioEncryptedRanges(7 + 16 + 15, 7)).toEqual([]);
    expect(audioEncryptedRanges(7 + 16 + 16 * 3 + 5, 7)).toEqual([[23, 71]]);
    expect(audioEncryptedRanges(100, 0)).toEqual([[16, 96]]);
    expect(adtsHeaderLength(hex('fff1508000'.padEnd(14, '0')))).toBe(7);
    expect(adtsHeaderLength(hex('fff0508000'.padEnd(18, '0')))).toBe(9);
    expect(adtsHeaderLength(hex('0b77'.padEnd(20, '0')))).toBe(0);
  });
});

describe('emulation prevention', () => {
  it('removes 00 00 03 and inserts it before 00..03 after two zeros', () => {
    expect(toHex(removeEmulationPrevention(hex('650000030100000300')))).toBe('65000001000000');
    expect(toHex(addEmulationPrevention(hex('65000001000000')))).toBe('650000030100000300');
    expect(toHex(addEmulationPrevention(hex('650000040000')))).toBe('650000040000');
  });
  it('round-trips any bytes (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }).map((a) => a.map((b) => (b < 200 ? 0 : b))), (raw) => {
      expect(toHex(removeEmulationPrevention(addEmulationPrevention(raw)))).toBe(toHex(raw));
    }));
  });
});

describe('SAMPLE-AES round trip on ffmpeg-encoded H.264 and AAC', () => {
  let dir = '';
  let nalus: Uint8Array[] = [];
  let frames: Uint8Array[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'edgeplay-sample-aes-'));
    const ff = (...a: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...a], { cwd: dir });
    ff('-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25', '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-f', 'h264', 'v.h264');
    ff('-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '1', '-c:a', 'aac', '-f', 'adts', 'a.aac');
    nalus = splitAnnexB(new Uint8Array(readFileSync(join(dir, 'v.h264'))));
    frames = splitAdts(new Uint8Array(readFileSync(join(dir, 'a.aac'))));
  }, 60_000);
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('every NAL unit decrypts to the clear one; slices really were encrypted', async () => {
    expect(nalus.length).toBeGreaterThan(25);
    let changed = 0;
    for (const nal of nalus) {
      const enc = encryptSampleAesNalu(KEY, IV, nal);
      if (toHex(enc) !== toHex(nal)) changed++;
      expect(toHex(await decryptSampleAesNalu(port, KEY, IV, enc))).toBe(toHex(nal));
    }
    expect(changed).toBe(nalus.filter((n) => (n[0]! & 0x1f) === 5 || (n[0]! & 0x1f) === 1).filter((n) => n.length > 48).length);
    expect(changed).toBeGreaterThan(20);
  });

  it('every ADTS frame decrypts to the clear one', async () => {
    expect(frames.length).toBeGreaterThan(40);
    for (const f of frames) {
      const enc = encryptSampleAesAudioFrame(KEY, IV, f);
      expect(toHex(enc.subarray(0, 23))).toBe(toHex(f.subarray(0, 23)));
      expect(toHex(await decryptSampleAesAdtsFrame(port, KEY, IV, enc))).toBe(toHex(f));
    }
  });

  it('the IV resets per NAL unit: decrypting with another IV breaks only the first block', async () => {
    const nal = nalus.find((n) => (n[0]! & 0x1f) === 5 && n.length > 400)!;
    const enc = encryptSampleAesNalu(KEY, IV, nal);
    const wrong = await decryptSampleAesNalu(port, KEY, new Uint8Array(16), enc);
    const clear = removeEmulationPrevention(nal);
    const raw = removeEmulationPrevention(wrong);
    expect(toHex(raw.subarray(32, 48))).not.toBe(toHex(clear.subarray(32, 48)));
    expect(toHex(raw.subarray(192, 208))).toBe(toHex(clear.subarray(192, 208)));
  });

  it('fuzz: arbitrary NAL units / frames → bytes or a typed MediaError, never a plain Error', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ minLength: 15, maxLength: 17 }), async (data, key) => {
      for (const op of [decryptSampleAesNalu, decryptSampleAesAdtsFrame]) {
        try {
          const out = await op(port, key, IV, data, 'k');
          expect(out.length).toBeLessThanOrEqual(data.length);
        } catch (e) {
          expect(e).toBeInstanceOf(MediaError);
        }
      }
    }), { numRuns: 300 });
  });
});
