import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cea608Decoder, type CcTriple } from '../../src/text/cea/cea608-decoder.js';
import { extractCcFromAvcSample, extractCcFromNalus, inPresentationOrder } from '../../src/text/cea/sei-cc-extractor.js';
import { addEmulationPrevention, removeEmulationPrevention } from '../../src/crypto/emulation-prevention.js';
import { avcSample, buildCcSeiNalu, Cea608Script } from '../support/cea608-encoder.js';
import { splitAnnexB } from '../support/sample-aes-encryptor.js';

describe('SEI cc_data extraction', () => {
  it('reads GA94 cc_data triples (valid ones only) from an H.264 SEI NAL unit', () => {
    const nal = buildCcSeiNalu([{ type: 0, b1: 0x00, b2: 0x00 }, { type: 0, b1: 0x01, b2: 0x94 }, { type: 1, b1: 0x15, b2: 0x2c }]);
    expect(extractCcFromNalus([nal], 2.5)).toEqual([
      { pts: 2.5, type: 0, b1: 0x00, b2: 0x00 },
      { pts: 2.5, type: 0, b1: 0x01, b2: 0x94 },
      { pts: 2.5, type: 1, b1: 0x15, b2: 0x2c },
    ]);
  });

  it('removes emulation prevention before reading message sizes (a preceding message with 00 00 01 in it)', () => {
    const cc = buildCcSeiNalu([{ type: 0, b1: 0x94, b2: 0x2f }]);
    const ccRbsp = removeEmulationPrevention(cc.subarray(1));
    // user_data_unregistered (type 5): 16-byte UUID of zeros + "00 00 01 00" → escaped as 00 00 03 … on the wire.
    const rbsp = Uint8Array.from([5, 20, ...new Array(16).fill(0), 0, 0, 1, 0, ...ccRbsp]);
    const nal = Uint8Array.from([0x06, ...addEmulationPrevention(rbsp)]);
    expect(nal.length).toBeGreaterThan(rbsp.length + 1); // escaping really happened
    expect(extractCcFromNalus([nal], 0)).toEqual([{ pts: 0, type: 0, b1: 0x94, b2: 0x2f }]);
  });

  it('inPresentationOrder: decode-order pictures (I P B B) → display order, pairs within a picture kept in order', () => {
    const t = (pts: number, b1: number) => ({ pts, type: 0 as const, b1, b2: 0x80 });
    const decodeOrder = [t(0, 1), t(0, 2), t(0.1, 5), t(0.033, 3), t(0.067, 4)];
    expect(inPresentationOrder(decodeOrder).map((x) => x.b1)).toEqual([1, 2, 3, 4, 5]);
  });

  it('HEVC prefix SEI (NAL type 39, two-byte header)', () => {
    expect(extractCcFromNalus([buildCcSeiNalu([{ type: 0, b1: 0x94, b2: 0x20 }], 'hevc')], 1, 'hevc')).toEqual([{ pts: 1, type: 0, b1: 0x94, b2: 0x20 }]);
    // An H.264 SEI is not an HEVC SEI (type 6 byte parses as HEVC type 3).
    expect(extractCcFromNalus([buildCcSeiNalu([{ type: 0, b1: 0x94, b2: 0x20 }])], 1, 'hevc')).toEqual([]);
  });

  it('skips other SEI messages, other T.35 providers and invalid triples', () => {
    const unregistered = Uint8Array.from([0x06, 5, 17, ...new Array(16).fill(0x11), 0x41, 0x80]);
    const directv = Uint8Array.from([0x06, 4, 6, 0xb5, 0x00, 0x2f, 0x03, 0xc1, 0xff, 0x80]);
    const invalid = buildCcSeiNalu([{ type: 0, b1: 0x94, b2: 0x20 }]);
    invalid[invalid.length - 5]! &= ~0x04; // cc_valid = 0 on the only triple (…, head, b1, b2, 0xff, 0x80)
    expect(extractCcFromNalus([unregistered, directv, invalid], 0)).toEqual([]);
  });

  describe('captions in real x264 output', () => {
    let dir = '';
    const frames: Uint8Array[][] = [];
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'edgeplay-cea-'));
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=30', '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-f', 'h264', 'v.h264'], { cwd: dir });
      // Group NAL units into access units: a new picture starts at each slice (one slice per picture with ultrafast at this size).
      let au: Uint8Array[] = [];
      for (const n of splitAnnexB(new Uint8Array(readFileSync(join(dir, 'v.h264'))))) {
        au.push(n);
        const t = n[0]! & 0x1f;
        if (t === 1 || t === 5) {
          frames.push(au);
          au = [];
        }
      }
    }, 60_000);
    afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

    it('script → one SEI per frame (before the slice, next to x264\'s own SEI) → samples → extractor → decoder gives the script\'s cues', () => {
      expect(frames.length).toBe(120);
      // "HELLO WORLD" pop-on shown at 1 s until 3 s; in 30 fps frames each pair is one frame.
      const script = new Cea608Script().at(0.5).popOn([[15, 'HELLO WORLD']], 1).at(3).edm();
      const byFrame = new Map<number, CcTriple[]>();
      for (const t of script.triples()) {
        const f = Math.round(t.pts * 30);
        byFrame.set(f, [...(byFrame.get(f) ?? []), t]);
      }
      const decoder = new Cea608Decoder();
      frames.forEach((au, i) => {
        const cc = byFrame.get(i);
        const nalus = cc ? [...au.slice(0, -1), buildCcSeiNalu(cc), au[au.length - 1]!] : au;
        decoder.pushCcData(extractCcFromAvcSample(avcSample(nalus), i / 30));
      });
      expect(frames[0]!.some((n) => (n[0]! & 0x1f) === 6)).toBe(true); // x264's user_data_unregistered SEI is there too
      expect(decoder.takeCues().map((c) => ({ start: Math.round(c.start * 1000) / 1000, end: c.end, text: c.text }))).toEqual([{ start: 1, end: 3, text: 'HELLO WORLD' }]);
    });
  });

  it('HEVC: captions in prefix SEI next to x265\'s own SEI are found; x265\'s are skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgeplay-cea-hevc-'));
    try {
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x96:rate=30', '-t', '1', '-c:v', 'libx265', '-x265-params', 'log-level=none:bframes=0', '-f', 'hevc', 'v.hevc'], { cwd: dir });
      const nalus = splitAnnexB(new Uint8Array(readFileSync(join(dir, 'v.hevc'))));
      const type = (n: Uint8Array) => (n[0]! >> 1) & 0x3f;
      expect(nalus.some((n) => type(n) === 39)).toBe(true); // x265 writes its own prefix SEI (user data unregistered)
      expect(extractCcFromNalus(nalus, 0, 'hevc')).toEqual([]);
      const firstVcl = nalus.findIndex((n) => type(n) < 32);
      const withCc = [...nalus.slice(0, firstVcl), buildCcSeiNalu([{ type: 0, b1: 0x94, b2: 0x2f }], 'hevc'), ...nalus.slice(firstVcl)];
      expect(extractCcFromNalus(withCc, 0.5, 'hevc')).toEqual([{ pts: 0.5, type: 0, b1: 0x94, b2: 0x2f }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('fuzz: random NAL units and samples never throw and yield at most 31 triples per SEI message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('h264' as const, 'hevc' as const), (bytes, codec) => {
        const nal = Uint8Array.from([codec === 'h264' ? 0x06 : 0x4e, ...(codec === 'hevc' ? [1] : []), 4, ...bytes]);
        const a = extractCcFromNalus([nal, bytes], 0, codec);
        const b = extractCcFromAvcSample(bytes, 0, codec);
        expect(a.length).toBeLessThanOrEqual(bytes.length);
        expect(b.length).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 500 },
    );
  });
});
