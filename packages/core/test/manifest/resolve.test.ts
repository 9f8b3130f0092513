import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveUri } from '../../src/manifest/resolve.js';

const reference = (uri: string, base: string) => {
  try {
    return new URL(uri, base).toString();
  } catch {
    return uri;
  }
};

describe('resolveUri', () => {
  it('resolves the usual forms like the URL parser', () => {
    const base = 'https://CDN.example.com/title/v1/manifest.mpd?token=1';
    for (const uri of ['seg-1.m4s', 'a/b.m4s?x=1#f', '../x.m4s', './x.m4s', '/abs/x.m4s', '?q=1', '#frag', '', 'a%20b.ts', 'a b.ts', 'é.ts']) {
      expect(resolveUri(uri, base)).toBe(reference(uri, base));
    }
    // Non-http(s) URIs are refused by default (issue 15 #13); callers with their own list keep them. A scheme-relative
    // reference takes the base's scheme and is judged by the result.
    expect(resolveUri('//other.host/x', base)).toBe('https://other.host/x');
    expect(() => resolveUri('//other.host/x', 'file:///sdcard/m.mpd')).toThrow(expect.objectContaining({ code: 'MANIFEST_URI_REFUSED' }));
    expect(() => resolveUri('data:text/plain;base64,AA==', base)).toThrow(expect.objectContaining({ code: 'MANIFEST_URI_REFUSED' }));
    expect(resolveUri('skd://key', base, new Set(['skd']))).toBe('skd://key');
    expect(resolveUri('data:text/plain;base64,AA==', base, new Set(['data']))).toBe('data:text/plain;base64,AA==');
  });

  it('fast path agrees with the URL parser on arbitrary relative references (property)', () => {
    // No ':' — a first segment with a colon is a scheme, which resolveUri keeps verbatim on purpose (skd:, data:).
    const segment = fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=@%-]{0,8}$/);
    const uriArb = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.option(fc.stringMatching(/^[A-Za-z0-9=&._-]{0,8}$/))).map(([segs, q]) => segs.join('/') + (q === null ? '' : `?${q}`));
    const baseArb = fc.constantFrom('https://a.example/x/y.m3u8', 'http://h:8080/p/', 'https://H.EXAMPLE/dir/file?x=1', 'https://a.example', 'http://[::1]:9/a/b');
    fc.assert(fc.property(uriArb.filter((u) => !u.startsWith('//')), baseArb, (uri, base) => {
      expect(resolveUri(uri, base)).toBe(reference(uri, base));
    }), { numRuns: 3000 });
  });
});
