import type { BaseUrl, SegmentReference, Track, InitSegmentReference } from './model.js';

/**
 * Resolves `uri` against `base` the way browsers do, without a DOM. Absolute
 * URIs (http:, https:, data:, skd:, blob:) are returned as they are.
 */
export function resolveUri(uri: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) return uri;
  // Fast path (manifests resolve thousands of these): a plain relative path without dot segments,
  // query-only or fragment-only forms, against an http(s) base. RFC 3986 §5.2 reduces to
  // "base directory + reference" here; everything else goes through the URL parser.
  if (uri !== '' && isPlainRelativePath(uri) && (base.startsWith('https://') || base.startsWith('http://'))) {
    const dir = baseDirectory(base);
    if (dir !== null) return dir + uri;
  }
  try {
    return new URL(uri, base).toString();
  } catch {
    return uri;
  }
}

// base URL → its normalised directory ("https://h/a/b.mpd" → "https://h/a/"), computed once by the URL parser.
const directories = new Map<string, string | null>();

function baseDirectory(base: string): string | null {
  let dir = directories.get(base);
  if (dir === undefined) {
    try {
      const u = new URL('.', base);
      dir = u.search || u.hash ? null : u.toString();
    } catch {
      dir = null;
    }
    if (directories.size > 256) directories.clear();
    directories.set(base, dir);
  }
  return dir;
}

function firstOf(s: string, a: string, b: string): number {
  const i = s.indexOf(a);
  const j = s.indexOf(b);
  if (i < 0) return j < 0 ? s.length : j;
  return j < 0 ? i : Math.min(i, j);
}

/** `seg/1.m4s?x=y` yes; `/abs`, `./x`, `../x`, `a/./b`, `?q`, `#f`, `//host`, `a\b`, `a b` no. */
function isPlainRelativePath(uri: string): boolean {
  const c0 = uri.charCodeAt(0);
  if (c0 === 47 /* / */ || c0 === 63 /* ? */ || c0 === 35 /* # */ || c0 === 46 /* . */) return false;
  const pathEnd = firstOf(uri, '?', '#');
  for (let i = 0; i < pathEnd; i++) {
    const c = uri.charCodeAt(i);
    // Characters the URL parser would percent-encode or treat specially.
    if (c <= 32 || c === 92 || c === 37 || c > 126 || c === 34 || c === 60 || c === 62 || c === 94 || c === 96 || c === 123 || c === 124 || c === 125) return false;
    if (c === 46 && uri.charCodeAt(i - 1) === 47) return false; // "/." starts a dot segment
  }
  for (let i = pathEnd; i < uri.length; i++) {
    const c = uri.charCodeAt(i);
    if (c <= 32 || c > 126 || c === 34 || c === 60 || c === 62 || c === 96 || c === 39) return false;
  }
  return true;
}

/**
 * Absolute URLs of a segment (or init segment) in pathway-rank order: one per
 * base URL of the track. An absolute segment URI yields a single candidate.
 */
export function candidateUrls(track: Pick<Track, 'baseUrls'>, ref: Pick<SegmentReference | InitSegmentReference, 'uri'>): { url: string; base: BaseUrl | null }[] {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref.uri) || track.baseUrls.length === 0) {
    return [{ url: ref.uri, base: null }];
  }
  return track.baseUrls.map((base) => ({ url: resolveUri(ref.uri, base.url), base }));
}
