import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EbmlError, childElements, readElementHeader, readFloat, readUint } from '../../src/webm/ebml-reader.js';
import { parseWebmCues, parseWebmInit, WEBM_ID } from '../../src/webm/webm-index.js';
import { segmentIndexFromWebm } from '../../src/dash/webm-segment-index.js';
import { ManifestError } from '../../src/errors/manifest-error.js';
import { cues, ebmlHeader, el, info, segmentHead, uint } from './ebml-builder.js';

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe('EBML element headers', () => {
  it('reads 1- to 4-byte IDs with their marker bits and 1- to 8-byte sizes', () => {
    expect(readElementHeader(view(Uint8Array.from([0xbb, 0x83, 1, 2, 3])), 0)).toEqual({ id: 0xbb, start: 0, dataStart: 2, size: 3, end: 5 });
    expect(readElementHeader(view(Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x40, 0x02, 0, 0])), 0)).toMatchObject({ id: WEBM_ID.EBML, dataStart: 6, size: 2 });
    const eight = Uint8Array.from([0x18, 0x53, 0x80, 0x67, 0x01, 0, 0, 0, 0, 0, 0x10, 0x00]);
    expect(readElementHeader(view(eight), 0)).toMatchObject({ id: WEBM_ID.Segment, dataStart: 12, size: 4096 });
  });

  it('refuses unknown sizes, invalid IDs/sizes and truncated headers', () => {
    for (const bytes of [
      [0x1f, 0x43, 0xb6, 0x75, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // Cluster of unknown size (8-byte all-ones)
      [0xbb, 0xff], // 1-byte unknown size
      [0x00, 0x81], // invalid ID
      [0x08, 0x00, 0x00, 0x00, 0x00, 0x81], // 5-byte ID
      [0xbb, 0x00], // invalid size
      [0x1a, 0x45], // truncated
    ]) {
      expect(() => readElementHeader(view(Uint8Array.from(bytes)), 0)).toThrow(EbmlError);
    }
  });

  it('unsigned integers and floats; children may not overrun their parent', () => {
    expect(readUint(view(uint(0x2ad7b1, 1_000_000)), readElementHeader(view(uint(0x2ad7b1, 1_000_000)), 0))).toBe(1_000_000);
    const f = el(0x4489, [0x40, 0xb7, 0x70, 0, 0, 0, 0, 0]); // 6000.0 as float64
    expect(readFloat(view(f), readElementHeader(view(f), 0))).toBe(6000);
    const parent = el(0xbb, [0xb3, 0x85, 0, 0]); // child claims 5 bytes inside a 4-byte parent
    expect(() => [...childElements(view(parent), 2, parent.length)]).toThrow(EbmlError);
  });
});

describe('WebM header and Cues', () => {
  const init = new Uint8Array([...ebmlHeader(), ...segmentHead(info(1_000_000, 6000))]);
  it('reads TimecodeScale/Duration and the Segment data start; cue times and absolute cluster offsets', () => {
    const i = parseWebmInit(view(init));
    expect(i).toEqual({ segmentDataStart: ebmlHeader().length + 12, timecodeScaleNs: 1_000_000, duration: 6 });
    const c = cues([
      [0, 100],
      [2000, 5000],
      [4000, 9000],
    ]);
    expect(parseWebmCues(view(c), i, 10)).toEqual([
      { time: 0, clusterOffset: i.segmentDataStart + 100 },
      { time: 2, clusterOffset: i.segmentDataStart + 5000 },
      { time: 4, clusterOffset: i.segmentDataStart + 9000 },
    ]);
    expect(() => parseWebmCues(view(c), i, 2)).toThrow(/more than 2 points/);
  });

  it('segment index: one reference per Cluster, the last ending at the Cues when they follow the Clusters', () => {
    const i = parseWebmInit(view(init));
    const c = cues([
      [0, 100],
      [2000, 5000],
    ]);
    const source = { kind: 'sidx' as const, container: 'webm' as const, uri: '', indexRange: { start: i.segmentDataStart + 9000, end: null }, init: { uri: '', byteRange: { start: 0, end: init.length - 1 } }, timestampOffset: 10, periodStart: 10, periodEnd: null };
    const index = segmentIndexFromWebm(init, c, source);
    expect([index.get(0), index.get(1)].map((r) => [r!.start, r!.end, r!.byteRange])).toEqual([
      [10, 12, { start: i.segmentDataStart + 100, end: i.segmentDataStart + 4999 }],
      [12, 16, { start: i.segmentDataStart + 5000, end: i.segmentDataStart + 8999 }],
    ]);
  });

  it('fuzz: mutated or truncated init/Cues bytes give an index or MANIFEST_WEBM_CUES_INVALID, nothing else', () => {
    const c = cues([
      [0, 100],
      [2000, 5000],
      [4000, 9000],
    ]);
    const source = { kind: 'sidx' as const, container: 'webm' as const, uri: '', indexRange: { start: 100_000, end: null }, init: null, timestampOffset: 0, periodStart: 0, periodEnd: 6 };
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(), (which, at, byte, cut) => {
        const target = (which ? init : c).slice();
        target[at % target.length] = byte;
        const bytes = target.slice(0, 1 + (cut % target.length));
        try {
          const index = segmentIndexFromWebm(which ? bytes : init, which ? c : bytes, source);
          for (let k = 0; k < index.length; k++) expect(index.get(k)!.end).toBeGreaterThan(index.get(k)!.start);
        } catch (e) {
          expect(e).toBeInstanceOf(ManifestError);
          expect((e as ManifestError).code).toBe('MANIFEST_WEBM_CUES_INVALID');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
