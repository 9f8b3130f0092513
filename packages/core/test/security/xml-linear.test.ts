/**
 * Finding 12 of issue 15: the XML reader rescanned to the end of a single-line
 * document for every element (15.7 MB minified MPD: 33-38 s) and its limits
 * admitted > 1 GB (4.9 M empty elements). Linear time, limits sized for TVs.
 */
import { describe, expect, it } from 'vitest';
import { readXml } from '../../src/util/xml/xml-reader.js';

/** A single-line document of `n` elements with one attribute each. */
const minified = (n: number) => `<MPD>${'<SegmentURL media="s.m4s"/>'.repeat(n)}</MPD>`;

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

describe('XML reader: linear on minified input, bounded memory (issue 15 #12)', () => {
  it('a 12 MB single-line document with 450k elements parses in well under 2 s', () => {
    const doc = minified(450_000);
    expect(doc.length).toBeGreaterThan(12_000_000);
    expect(doc.indexOf('\n')).toBe(-1);
    const ms = timed(() => expect(readXml(doc).children).toHaveLength(450_000));
    expect(ms).toBeLessThan(2000);
  });

  it('time grows linearly: 4× the input costs well under 16× the time (the quadratic reader was ~16×)', () => {
    readXml(minified(20_000)); // warm-up
    const small = Math.min(...[0, 1, 2].map(() => timed(() => readXml(minified(50_000)))));
    const large = Math.min(...[0, 1, 2].map(() => timed(() => readXml(minified(200_000)))));
    expect(large / Math.max(small, 1)).toBeLessThan(8);
  });

  it('line and column are still right in errors, and element lines are right on multi-line input', () => {
    const root = readXml('<a>\n  <b/>\n\n  <c>\n  </c>\n</a>');
    expect(root.children.map((c) => c.line)).toEqual([2, 4]);
    expect(() => readXml('<a>\n<b>\n</a>')).toThrow(/line 3, column 1/);
  });

  it('defaults refuse more than 16 Mi characters and 500k elements', () => {
    expect(() => readXml(`<a>${' '.repeat(16 * 1024 * 1024)}</a>`)).toThrow(expect.objectContaining({ code: 'MANIFEST_TOO_LARGE' }));
    expect(() => readXml(`<a>${'<b/>'.repeat(500_001)}</a>`)).toThrow(expect.objectContaining({ code: 'MANIFEST_LIMIT_EXCEEDED' }));
  });

  it('per-name caps: 50,001 Representations are refused long before the total', () => {
    expect(() => readXml(`<MPD>${'<Representation/>'.repeat(50_001)}</MPD>`)).toThrow(/more than 50000 <Representation> elements/);
    expect(() => readXml(`<a>${'<x:Period/>'.repeat(10_001)}</a>`)).toThrow(/more than 10000 <Period>/);
    expect(readXml(`<a>${'<Representation/>'.repeat(100)}</a>`, { maxPerName: { Representation: 100 } }).children).toHaveLength(100);
  });

  it('attribute names that collide with Object.prototype are plain attributes; __proto__ is refused', () => {
    expect(readXml('<a constructor="x" toString="y"/>').attributes).toEqual({ constructor: 'x', toString: 'y' });
    expect(() => readXml('<a __proto__="x"/>')).toThrow(expect.objectContaining({ code: 'MANIFEST_XML_MALFORMED' }));
    expect(() => readXml('<a b="1" b="2"/>')).toThrow(/duplicate attribute b/);
  });
});
