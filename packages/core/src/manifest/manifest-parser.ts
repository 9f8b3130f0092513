/**
 * The contract of a manifest protocol module (DASH, HLS): how the generic
 * manifest loader recognises, parses, indexes and refreshes a presentation
 * of that format. Formats are registered at composition
 * (`PlayerComponents.manifestParsers`), so a DASH-only player bundles no
 * HLS code and vice versa.
 */
import { ManifestError } from '../errors/manifest-error.js';
import type { ByteRange, BaseUrl, Presentation, Track } from './model.js';
import type { SegmentIndex } from './segment-index.js';

/** A request a format module needs made (through the player's request engine: retries, failover, filters). */
export type FormatRequest =
  | { url: string; kind: 'manifest' | 'media-playlist' }
  | { uri: string; baseUrls: readonly BaseUrl[]; kind: 'media-playlist' | 'index' | 'init'; byteRange?: ByteRange };

/** Fetches a resource; resolves with its body and final URL (after redirects). */
export type FormatFetch = (request: FormatRequest) => Promise<{ data: ArrayBuffer; url: string }>;

/** What a format module gets for one load. */
export interface FormatContext {
  fetch: FormatFetch;
  /** Wall-clock ms since the epoch (DASH live: availability computations). */
  wallNow: () => number;
  /** The manifest URL as requested (before redirects). */
  manifestUrl: string;
}

/** One load's parsing and refreshing state for one format (HLS keeps its media playlists here). */
export interface FormatSession {
  /** Parses the manifest body served from `finalUrl`. Throws a typed ManifestError. */
  parse(text: string, finalUrl: string): Presentation;
  /** Loads `track`'s segment index when this format owns its `indexSource`; null when it does not. */
  fetchIndex(track: Track, presentation: Presentation): Promise<SegmentIndex> | null;
  /** Live refresh of what `tracks` need; resolves with the delay until the next refresh, s (Infinity: ended). */
  refresh(presentation: Presentation, tracks: readonly Track[]): Promise<number>;
}

/** A manifest protocol module. */
export interface ManifestParser {
  readonly name: string;
  /** Whether the body's start (BOM and leading whitespace stripped, up to 2 KiB) is this format. */
  sniff(head: string): boolean;
  /** Whether the URL's path (lower-cased, no query) names this format; used when no body sniffs. */
  matchesPath(path: string): boolean;
  open(context: FormatContext): FormatSession;
}

/**
 * The registered format whose signature starts the body (servers mislabel
 * content types, so the body decides first), then the one the URL's path
 * names. Throws `MANIFEST_WRONG_FORMAT` (or `MANIFEST_UNSUPPORTED` naming the
 * formats registered) when none matches.
 */
export function detectManifestFormat(text: string, url: string, formats: readonly ManifestParser[]): ManifestParser {
  const head = text.slice(0, 2048).replace(/^\uFEFF/, '').trimStart();
  const path = url.split(/[?#]/)[0]!.toLowerCase();
  const found = formats.find((f) => f.sniff(head)) ?? formats.find((f) => f.matchesPath(path));
  if (found) return found;
  const names = formats.map((f) => f.name).join(', ') || 'none';
  throw new ManifestError('MANIFEST_WRONG_FORMAT', `${url} is not a manifest of a registered format (${names}): no known signature at the start`);
}

