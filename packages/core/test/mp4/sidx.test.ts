import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { segmentIndexFromSidx } from '../../src/dash/index.js';
import { ManifestError } from '../../src/errors/manifest-error.js';

interface Ref { size: number; duration: number }

/** Writes a sidx box by hand from ISO/IEC 14496-12 §8.16.3 (version 0 or 1). */
function buildSidx(version: 0 | 1, timescale: number, ept: number, firstOffset: number, refs: Ref[]): Uint8Array {
  const size = 12 + 8 + (version === 0 ? 8 : 16) + 4 + refs.length * 12;
  const buf = new Uint8Array(size);
  const v = new DataView(buf.buffer);
  v.setUint32(0, size);
  buf.set([0x73, 0x69, 0x64, 0x78], 4); // 'sidx'
  v.setUint8(8, version);
  let p = 12;
  v.setUint32(p, 1); // reference_ID
  v.setUint32(p + 4, timescale);
  p += 8;
  if (version === 0) {
    v.setUint32(p, ept);
    v.setUint32(p + 4, firstOffset);
    p += 8;
  } else {
    v.setUint32(p, Math.floor(ept / 2 ** 32));
    v.setUint32(p + 4, ept >>> 0);
    v.setUint32(p + 8, 0);
    v.setUint32(p + 12, firstOffset);
    p += 16;
  }
  v.setUint16(p + 2, refs.length);
  p += 4;
  for (const r of refs) {
    v.setUint32(p, r.size & 0x7fffffff);
    v.setUint32(p + 4, r.duration);
    v.setUint32(p + 8, 0x90000000); // starts_with_SAP, SAP type 1
    p += 12;
  }
  return buf;
}

const source = (start: number, periodEnd: number | null = null) => ({
  kind: 'sidx' as const,
  uri: 'v.mp4',
  indexRange: { start, end: null },
  init: { uri: 'v.mp4', byteRange: { start: 0, end: start - 1 } },
  timestampOffset: 0,
  periodStart: 0,
  periodEnd,
});

describe('segmentIndexFromSidx', () => {
  it('turns references into byte ranges anchored after the sidx box and times in seconds', () => {
    const sidx = buildSidx(0, 1000, 500, 16, [{ size: 1000, duration: 2000 }, { size: 500, duration: 2000 }]);
    const index = segmentIndexFromSidx(sidx, source(800));
    const anchor = 800 + sidx.length + 16;
    expect(index.get(0)).toMatchObject({ start: 0.5, end: 2.5, uri: 'v.mp4', byteRange: { start: anchor, end: anchor + 999 } });
    expect(index.get(1)).toMatchObject({ start: 2.5, end: 4.5, byteRange: { start: anchor + 1000, end: anchor + 1499 } });
    expect(index.find(3)).toBe(1);
  });

  it('round-trips arbitrary v0/v1 indexes (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<0 | 1>(0, 1),
        fc.integer({ min: 1, max: 90000 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.record({ size: fc.integer({ min: 1, max: 2 ** 24 }), duration: fc.integer({ min: 1, max: 2 ** 20 }) }), { minLength: 1, maxLength: 50 }),
        (version, timescale, ept, refs) => {
          const index = segmentIndexFromSidx(buildSidx(version, timescale, ept, 0, refs), source(1000));
          expect(index.length).toBe(refs.length);
          let t = ept;
          for (let i = 0; i < refs.length; i++) {
            const s = index.get(i)!;
            expect(s.start).toBeCloseTo(t / timescale, 9);
            t += refs[i]!.duration;
            expect(s.end).toBeCloseTo(t / timescale, 9);
            expect(s.byteRange!.end! - s.byteRange!.start + 1).toBe(refs[i]!.size);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects truncated, missing and hierarchical sidx with a ManifestError', () => {
    const good = buildSidx(0, 1000, 0, 0, [{ size: 10, duration: 10 }]);
    for (const cut of [4, 12, 20, good.length - 1]) {
      expect(() => segmentIndexFromSidx(good.slice(0, cut), source(0))).toThrow(ManifestError);
    }
    expect(() => segmentIndexFromSidx(new Uint8Array(16), source(0))).toThrow(ManifestError);
    const hier = buildSidx(0, 1000, 0, 0, [{ size: 10, duration: 10 }]);
    hier[hier.length - 12] |= 0x80; // reference_type = 1
    expect(() => segmentIndexFromSidx(hier, source(0))).toThrow(/hierarchical/);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        try {
          segmentIndexFromSidx(bytes, source(0));
        } catch (e) {
          expect(e).toBeInstanceOf(ManifestError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
