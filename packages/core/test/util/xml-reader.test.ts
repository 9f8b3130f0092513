import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readXml, localName } from '../../src/util/xml/xml-reader.js';
import { ManifestError } from '../../src/errors/manifest-error.js';
import { manifestErrorOf } from '../support/manifest-errors.js';

const errorOf = manifestErrorOf;

describe('readXml', () => {
  it('builds the element tree with attributes, text, CDATA and decoded entities', () => {
    const root = readXml(`<?xml version="1.0"?>\n<!-- c --><a x="1" y='two &amp; &#x33;'><b>t&lt;1</b><![CDATA[<raw>]]><c:d/></a>`);
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1', y: 'two & 3' });
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c:d']);
    expect(root.children[0]!.text).toBe('t<1');
    expect(root.text).toBe('<raw>');
    expect(localName('c:d')).toBe('d');
    expect(root.children[0]!.line).toBe(2);
  });

  it.each([
    ['<a><b></a>', /does not match <b>/],
    ['<a>', /never closed/],
    ['<a x=1/>', /not quoted/],
    ['<a x="1" x="2"/>', /duplicate attribute/],
    ['<a>&bogus;</a>', /unknown entity/],
    ['<a/><b/>', /more than one root|content after/],
    ['text<a/>', /text before the root/],
    ['<!DOCTYPE a [<!ENTITY x "y">]><a/>', /internal subset/],
    ['<a><!-- never closed', /unterminated comment/],
  ])('rejects %s with MANIFEST_XML_MALFORMED', (xml, message) => {
    const e = errorOf(() => readXml(xml));
    expect(e.code).toBe('MANIFEST_XML_MALFORMED');
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/line \d+, column \d+/);
  });

  it('reports the line of the error', () => {
    const e = errorOf(() => readXml('<a>\n<b>\n</c></a>'));
    expect(e.details.line).toBe(3);
  });

  it('enforces size, depth and element-count limits', () => {
    expect(errorOf(() => readXml('<a/>', { maxLength: 2 })).code).toBe('MANIFEST_TOO_LARGE');
    expect(errorOf(() => readXml('<a>'.repeat(100) + '</a>'.repeat(100))).code).toBe('MANIFEST_LIMIT_EXCEEDED');
    expect(errorOf(() => readXml(`<a>${'<b/>'.repeat(20)}</a>`, { maxElements: 10 })).code).toBe('MANIFEST_LIMIT_EXCEEDED');
    expect(errorOf(() => readXml('   ')).code).toBe('MANIFEST_EMPTY');
  });

  it('never throws anything but ManifestError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          readXml(s);
        } catch (e) {
          expect(e).toBeInstanceOf(ManifestError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
