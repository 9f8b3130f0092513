import type { BaseUrl, SegmentReference, Track, InitSegmentReference } from './model.js';

/**
 * Resolves `uri` against `base` the way browsers do, without a DOM. Absolute
 * URIs (http:, https:, data:, skd:, blob:) are returned as they are.
 */
export function resolveUri(uri: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) return uri;
  try {
    return new URL(uri, base).toString();
  } catch {
    return uri;
  }
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
