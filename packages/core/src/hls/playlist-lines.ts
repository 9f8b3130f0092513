/**
 * Line tokenizer for m3u8 playlists (RFC 8216 §4.1): tags (`#EXT…`), comments
 * (other `#` lines, ignored), blank lines (ignored) and URI lines; plus
 * EXT-X-DEFINE variable substitution (§4.3, draft-pantos-hls-rfc8216bis §4.4.2.3).
 */
import { ManifestError } from '../errors/manifest-error.js';

/** One meaningful playlist line. */
export type PlaylistLine =
  | { kind: 'tag'; name: string; value: string; line: number }
  | { kind: 'uri'; uri: string; line: number };

/** Limits against hostile input. */
export interface PlaylistLimits {
  maxLength: number;
  maxLines: number;
}

/**
 * Splits `text` into tags and URIs. The first line must be `#EXTM3U`.
 * @throws ManifestError MANIFEST_EMPTY / MANIFEST_TOO_LARGE / MANIFEST_WRONG_FORMAT / MANIFEST_LIMIT_EXCEEDED.
 */
export function tokenizePlaylist(text: string, limits: PlaylistLimits): PlaylistLine[] {
  if (typeof text !== 'string' || text.trim() === '') throw new ManifestError('MANIFEST_EMPTY', 'playlist is empty');
  if (text.length > limits.maxLength) throw new ManifestError('MANIFEST_TOO_LARGE', `playlist is ${text.length} characters, limit is ${limits.maxLength}`);
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const out: PlaylistLine[] = [];
  let lineNo = 0;
  let sawHeader = false;
  const len = text.length;
  while (start <= len) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = len;
    lineNo++;
    if (lineNo > limits.maxLines) throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `playlist has more than ${limits.maxLines} lines`);
    let line = text.slice(start, end);
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    start = end + 1;
    if (!sawHeader) {
      if (line.trim() !== '#EXTM3U') {
        throw new ManifestError('MANIFEST_WRONG_FORMAT', 'the first line of a playlist must be #EXTM3U', `line ${lineNo}`);
      }
      sawHeader = true;
      continue;
    }
    if (line.length === 0) continue;
    if (line.charCodeAt(0) === 35 /* # */) {
      if (!line.startsWith('#EXT')) continue; // comment
      const colon = line.indexOf(':');
      const name = colon < 0 ? line.slice(1).trim() : line.slice(1, colon);
      out.push({ kind: 'tag', name, value: colon < 0 ? '' : line.slice(colon + 1), line: lineNo });
      continue;
    }
    const uri = line.trim();
    if (uri) out.push({ kind: 'uri', uri, line: lineNo });
  }
  return out;
}

const VARIABLE_REF = /\{\$([A-Za-z0-9_-]+)\}/g;

/**
 * Replaces `{$NAME}` references. An undefined variable is an error (the spec:
 * "MUST fail to parse"), not an empty string that would produce a wrong URL.
 */
export function substituteVariables(text: string, vars: ReadonlyMap<string, string>, line: number): string {
  if (text.indexOf('{$') < 0) return text;
  return text.replace(VARIABLE_REF, (_m, name: string) => {
    const v = vars.get(name);
    if (v === undefined) throw new ManifestError('MANIFEST_UNDEFINED_VARIABLE', `variable {$${name}} is not defined`, `line ${line}`);
    return v;
  });
}
