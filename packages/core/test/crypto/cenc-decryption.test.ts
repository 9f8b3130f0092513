/**
 * Software cenc/cbcs decryption of fMP4 against our fixture encryptor
 * (packages/server/src/fixtures/cenc.ts, written for Chromium's ClearKey and
 * checked there) on ffmpeg-made CMAF: decrypted samples must equal the clear
 * ones byte for byte, and the rewritten init/segment must declare clear media.
 */
import { createCipheriv } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearInitSegment, readTrackProtection, type TrackProtection } from '../../src/crypto/cenc-protection.js';
import { decryptCencSegment, patternBlocks, readSenc } from '../../src/crypto/cenc-decryption.js';
import { MediaError } from '../../src/errors/media-error.js';
import { findBox, iterateBoxes } from '../../src/mp4/box-reader.js';
import { parseFragmentSamples, parseInitTracks } from '../../src/mp4/fragment.js';
import { NodeCryptoPort } from '../../../sim/src/node-crypto-port.js';
import { encryptInit, encryptSegment } from '../../../server/src/fixtures/cenc.js';
import { readInit } from '../../../server/src/fixtures/cmaf.js';

const KID = '0123456789abcdef0123456789abcdef';
const KEY_HEX = 'feedfacedeadbeef0011223344556677';
const KEY = Uint8Array.from(Buffer.from(KEY_HEX, 'hex'));
const port = new NodeCryptoPort();
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const samplesOf = (init: Uint8Array, seg: Uint8Array) => parseFragmentSamples(view(seg), parseInitTracks(view(init))[0]!).map((s) => Buffer.from(s.data));

let dir = '';
const media: Record<'video' | 'audio', { init: Uint8Array; segment: Uint8Array; encInit: Uint8Array; encSegment: Uint8Array }> = {} as never;

function split(file: string): { init: Uint8Array; segment: Uint8Array } {
  const bytes = new Uint8Array(readFileSync(join(dir, file)));
  const firstMoof = [...iterateBoxes(view(bytes))].find((b) => b.type === 'moof')!;
  return { init: bytes.slice(0, firstMoof.start), segment: bytes.slice(firstMoof.start) };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgeplay-cenc-'));
  const ff = (...a: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...a], { cwd: dir });
  const frag = ['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4'];
  ff('-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', ...frag, 'v.mp4');
  ff('-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '2', '-c:a', 'aac', ...frag, 'a.mp4');
  for (const [type, file] of [['video', 'v.mp4'], ['audio', 'a.mp4']] as const) {
    const { init, segment } = split(file);
    media[type] = { init, segment, encInit: encryptInit(init, KID, [KID]), encSegment: encryptSegment(segment, readInit(init), { kid: KID, key: KEY_HEX }) };
  }
}, 60_000);
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('cenc (SAMPLE-AES-CTR) in fMP4', () => {
  it.each(['video', 'audio'] as const)('%s: reads tenc, decrypts every sample to the clear one, and declares clear media', async (type) => {
    const m = media[type];
    const [prot] = readTrackProtection(m.encInit);
    expect(prot).toMatchObject({ scheme: 'cenc', perSampleIvSize: 8, kid: KID, originalFormat: type === 'video' ? 'avc1' : 'mp4a' });
    const track = parseInitTracks(view(m.encInit))[0]!;
    const before = samplesOf(m.encInit, m.encSegment);
    const clear = samplesOf(m.init, m.segment);
    expect(before.filter((s, i) => !s.equals(clear[i]!)).length).toBeGreaterThan(clear.length / 2); // really encrypted
    const out = await decryptCencSegment(port, { segment: m.encSegment, track, protection: prot!, key: KEY, keyUri: 'skd://k' });
    const after = samplesOf(m.encInit, out);
    expect(after.length).toBe(clear.length);
    after.forEach((s, i) => expect(s.equals(clear[i]!)).toBe(true));
    const init = clearInitSegment(m.encInit);
    expect(readTrackProtection(init)).toEqual([]);
    expect(parseInitTracks(view(init))[0]!.sampleEntry).toBe(type === 'video' ? 'avc1' : 'mp4a');
    expect(init.length).toBe(m.encInit.length);
    const moof = findBox(view(out), 'moof')!;
    const traf = findBox(view(out), 'traf', moof.payloadStart, moof.end)!;
    expect(findBox(view(out), 'senc', traf.payloadStart, traf.end)).toBeNull();
  });

  it('a wrong key gives garbage samples, not an exception (CTR has no padding to check)', async () => {
    const m = media.video;
    const out = await decryptCencSegment(port, { segment: m.encSegment, track: parseInitTracks(view(m.encInit))[0]!, protection: readTrackProtection(m.encInit)[0]!, key: new Uint8Array(16), keyUri: 'k' });
    expect(samplesOf(m.init, out)[0]!.equals(samplesOf(m.init, m.segment)[0]!)).toBe(false);
  });
});

describe('cbcs (SAMPLE-AES) in fMP4', () => {
  it('pattern blocks: 1:9 over 500 bytes, 0:0 = all whole blocks, trailing partial block clear', () => {
    expect(patternBlocks(10, 510, 1, 9)).toEqual([[10, 26], [170, 186], [330, 346], [490, 506]]);
    expect(patternBlocks(0, 40, 0, 0)).toEqual([[0, 32]]);
    expect(patternBlocks(0, 15, 1, 9)).toEqual([]);
    expect(patternBlocks(0, 64, 2, 1)).toEqual([[0, 32], [48, 64]]);
  });

  it('decrypts a 1:9 pattern with the CBC chain reset per subsample (re-encrypting the cenc fixture\'s protected ranges as cbcs)', async () => {
    const m = media.video;
    const track = parseInitTracks(view(m.encInit))[0]!;
    const cenc = readTrackProtection(m.encInit)[0]!;
    const cbcs: TrackProtection = { ...cenc, scheme: 'cbcs', cryptByteBlock: 1, skipByteBlock: 9 };
    // Build the cbcs segment: clear samples, each subsample's protected range encrypted with the pattern and IV ‖ 0⁸.
    const seg = m.encSegment.slice();
    const moof = findBox(view(seg), 'moof')!;
    const traf = findBox(view(seg), 'traf', moof.payloadStart, moof.end)!;
    const entries = readSenc(view(seg), findBox(view(seg), 'senc', traf.payloadStart, traf.end)!, 8);
    const samples = parseFragmentSamples(view(seg), track);
    const firstMoofSamples = entries.length;
    const clear = samplesOf(m.init, m.segment);
    for (let i = 0; i < firstMoofSamples; i++) {
      const s = samples[i]!.data;
      s.set(clear[i]!);
      let at = 0;
      for (const [c, p] of entries[i]!.subsamples!) {
        at += c;
        const iv = new Uint8Array(16);
        iv.set(entries[i]!.iv);
        const cipher = createCipheriv('aes-128-cbc', KEY, iv).setAutoPadding(false);
        for (const [a, b] of patternBlocks(at, at + p, 1, 9)) s.set(cipher.update(s.subarray(a, b)), a);
        at += p;
      }
    }
    const onlyFirstMoof = seg.slice(0, [...iterateBoxes(view(seg))].filter((b) => b.type === 'mdat')[0]!.end);
    const out = await decryptCencSegment(port, { segment: onlyFirstMoof, track, protection: cbcs, key: KEY, keyUri: 'k' });
    const after = parseFragmentSamples(view(out), track).map((s) => Buffer.from(s.data));
    expect(after.length).toBe(firstMoofSamples);
    after.forEach((s, i) => expect(s.equals(clear[i]!)).toBe(true));
  });
});

describe('robustness', () => {
  it('cens/cbc1 are ENCRYPTION_UNSUPPORTED', async () => {
    const m = media.audio;
    const prot = { ...readTrackProtection(m.encInit)[0]!, scheme: 'cens' as const };
    await expect(decryptCencSegment(port, { segment: m.encSegment, track: parseInitTracks(view(m.encInit))[0]!, protection: prot, key: KEY, keyUri: 'k' })).rejects.toMatchObject({ code: 'ENCRYPTION_UNSUPPORTED' });
  });

  it('fuzz: truncated or byte-flipped encrypted segments → clear bytes or a typed MediaError, never a plain Error', async () => {
    const m = media.audio;
    const track = parseInitTracks(view(m.encInit))[0]!;
    const protection = readTrackProtection(m.encInit)[0]!;
    await fc.assert(
      fc.asyncProperty(fc.nat(m.encSegment.length), fc.nat(m.encSegment.length - 1), fc.integer({ min: 1, max: 255 }), async (cut, at, flip) => {
        const seg = m.encSegment.slice(0, Math.max(cut, 200));
        if (at < seg.length) seg[at]! ^= flip;
        try {
          await decryptCencSegment(port, { segment: seg, track, protection, key: KEY, keyUri: 'k' });
        } catch (e) {
          expect(e).toBeInstanceOf(MediaError);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('fuzz: readTrackProtection on mutated init segments throws only BoxFormatError', () => {
    const init = media.video.encInit;
    fc.assert(fc.property(fc.nat(init.length - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
      const b = init.slice();
      b[at]! ^= flip;
      try {
        readTrackProtection(b);
        clearInitSegment(b);
      } catch (e) {
        expect((e as Error).name).toBe('BoxFormatError');
      }
    }), { numRuns: 300 });
  });
});
