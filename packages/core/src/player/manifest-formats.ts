import { dashFormat } from '../dash/dash-format.js';
import { hlsFormat } from '../hls/hls-format.js';
import type { ManifestParser } from '../manifest/manifest-parser.js';
import { detectManifestFormat } from '../manifest/manifest-parser.js';

/** DASH and HLS: the default `PlayerComponents.manifestParsers`. Pass `[dashFormat]` for a DASH-only player. */
export function defaultManifestFormats(): ManifestParser[] {
  return [dashFormat, hlsFormat];
}

/** DASH or HLS, from the body first (servers mislabel), then the URL. Throws `MANIFEST_WRONG_FORMAT`. */
export function detectFormat(text: string, url: string): 'dash' | 'hls' {
  return detectManifestFormat(text, url, defaultManifestFormats()).name as 'dash' | 'hls';
}
