/**
 * A whole text document (sidecar file or one segment of segmented text) of
 * either format, told apart by content rather than by the declared type:
 * TTML files are served as `application/ttml+xml`, `application/xml`,
 * `text/xml` or — in HLS SUBTITLES playlists — with no type at all, and a
 * WebVTT file always starts with `WEBVTT`.
 */
import type { TextCue } from '../platform/text-renderer.js';
import { parseTtml } from './ttml/ttml-parser.js';
import { parseWebVtt } from './webvtt-parser.js';

/** Whether `text` looks like XML (TTML / DFXP) rather than WebVTT. */
export function looksLikeXml(text: string): boolean {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('<');
}

/**
 * Cues of a text document. TTML times are media times (`offset` = the
 * reference's timestampOffset maps them to the presentation); WebVTT carries
 * presentation times already (HLS: via X-TIMESTAMP-MAP).
 * @throws EdgeplayError TEXT_INVALID (recoverable).
 */
export function parseTextDocument(text: string, offset: number | undefined, source: string): TextCue[] {
  if (looksLikeXml(text)) return parseTtml(text, { offset: offset ?? 0, source, resolveUri: (r) => resolve(r, source) });
  return parseWebVtt(text, { source });
}

function resolve(reference: string, base: string): string {
  try {
    return new URL(reference, base).href;
  } catch {
    return reference;
  }
}
