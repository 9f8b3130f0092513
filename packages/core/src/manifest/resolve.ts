import { ManifestError } from '../errors/manifest-error.js';
import type { BaseUrl, SegmentReference, Track, InitSegmentReference } from './model.js';

/**
 * URI schemes a manifest may point the player at by default. A manifest is
 * untrusted input: `javascript:` and `data:` BaseURLs or segment URIs turn a
 * manifest into script or content injection, and `file:` reads the device's
 * own files on TV and React Native webviews (issue 15 #13).
 */
export const DEFAULT_URI_SCHEMES: readonly string[] = ['http', 'https'];

let allowedSchemes: ReadonlySet<string> = new Set(DEFAULT_URI_SCHEMES);

/**
 * Sets the schemes manifests may use, process-wide (lowercase, no colon), e.g.
 * `['http', 'https', 'file']` for a packaged TV app that plays local files.
 * `PlayerConfig.manifest.allowedUriSchemes` is the Player's knob for it.
 */
export function setAllowedUriSchemes(schemes: readonly string[]): void {
  allowedSchemes = new Set(schemes.map((s) => s.toLowerCase().replace(/:$/, '')));
}

/** The schemes currently allowed. */
export function allowedUriSchemes(): string[] {
  return [...allowedSchemes];
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Throws a typed `MANIFEST_URI_REFUSED` for an absolute URI whose scheme is
 * not in `schemes`. Relative and scheme-relative URIs pass: they are checked
 * again once resolved against their base ({@link resolveUri}).
 */
export function assertUriAllowed(uri: string, where?: string, schemes: ReadonlySet<string> = allowedSchemes): void {
  // Scheme-relative (`//host/x`) passes here: it takes its base's scheme, and `resolveUri` checks the result.
  const m = SCHEME.exec(uri);
  if (m && !schemes.has(m[1]!.toLowerCase())) {
    throw new ManifestError('MANIFEST_URI_REFUSED', `URI scheme "${m[1]!.slice(0, 20)}:" is not allowed (allowed: ${[...schemes].join(', ')})`, where);
  }
}

/**
 * Resolves `uri` against `base` the way browsers do, without a DOM, and checks
 * the result against the allowed schemes ({@link setAllowedUriSchemes}, or
 * `schemes` for callers with their own list, such as HLS key URIs that may be
 * `data:` or `skd:`). Absolute URIs of an allowed scheme are returned as they are.
 * @throws ManifestError MANIFEST_URI_REFUSED
 */
export function resolveUri(uri: string, base: string, schemes: ReadonlySet<string> = allowedSchemes): string {
  // A scheme-relative reference takes the base's scheme and is checked once resolved (an https manifest's
  // `//host/x` is https; a file: page's is file: and refused), as browsers and peer players resolve it.
  assertUriAllowed(uri, undefined, schemes);
  if (SCHEME.test(uri)) return uri;
  // Fast path (manifests resolve thousands of these): a plain relative path without dot segments,
  // query-only or fragment-only forms, against an http(s) base. RFC 3986 §5.2 reduces to
  // "base directory + reference" here; everything else goes through the URL parser.
  if (uri !== '' && isPlainRelativePath(uri)) {
    const scheme = base.startsWith('https://') ? 'https' : base.startsWith('http://') ? 'http' : null;
    const dir = scheme && schemes.has(scheme) ? baseDirectory(base) : null;
    if (dir !== null) return dir + uri;
  }
  let resolved: string;
  try {
    resolved = new URL(uri, base).toString();
  } catch {
    return uri;
  }
  assertUriAllowed(resolved, undefined, schemes);
  return resolved;
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
  if (SCHEME.test(ref.uri) || track.baseUrls.length === 0) {
    assertUriAllowed(ref.uri);
    return [{ url: ref.uri, base: null }];
  }
  return track.baseUrls.map((base) => ({ url: resolveUri(ref.uri, base.url), base }));
}
