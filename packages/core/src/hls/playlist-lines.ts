/**
 * Line tokenizer for m3u8 playlists (RFC 8216 §4.1): tags (`#EXT…`), comments
 * (other `#` lines, ignored), blank lines (ignored) and URI lines; plus
 * EXT-X-DEFINE variable substitution (§4.3, draft-pantos-hls-rfc8216bis §4.4.2.3).
 */
import { ManifestError } from '../errors/manifest-error.js';
import { VariableScope } from './variables.js';

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
  const scope = vars instanceof VariableScope ? vars : null;
  return text.replace(VARIABLE_REF, (_m, name: string) => {
    const v = vars.get(name);
    if (v === undefined) throw new ManifestError('MANIFEST_UNDEFINED_VARIABLE', `variable {$${name}} is not defined`, `line ${line}`);
    // Charged before the string is built, so a bomb stops before it allocates.
    scope?.charge(v.length, line);
    return v;
  });
}

/**
 * A zero-allocation cursor over playlist lines: the hot loop of the media
 * playlist parser (10,000-segment playlists have 30,000 lines) reads tags in
 * place with `startsWith(…, offset)` instead of materialising line objects.
 */
export class PlaylistScanner {
  /** 1-based number of the current line. */
  line = 0;
  /** Offsets of the current line's content in `text` (end excludes `\r\n`). */
  start = 0;
  end = 0;
  private pos: number;

  constructor(
    readonly text: string,
    limits: PlaylistLimits,
  ) {
    if (typeof text !== 'string' || text.trim() === '') throw new ManifestError('MANIFEST_EMPTY', 'playlist is empty');
    if (text.length > limits.maxLength) throw new ManifestError('MANIFEST_TOO_LARGE', `playlist is ${text.length} characters, limit is ${limits.maxLength}`);
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.maxLines = limits.maxLines;
    if (!this.nextRaw() || text.slice(this.start, this.end).trim() !== '#EXTM3U') {
      throw new ManifestError('MANIFEST_WRONG_FORMAT', 'the first line of a playlist must be #EXTM3U', 'line 1');
    }
  }

  private readonly maxLines: number;

  private nextRaw(): boolean {
    const text = this.text;
    if (this.pos > text.length) return false;
    let nl = text.indexOf('\n', this.pos);
    if (nl < 0) nl = text.length;
    this.start = this.pos;
    this.end = nl > this.pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    this.pos = nl + 1;
    if (++this.line > this.maxLines) throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `playlist has more than ${this.maxLines} lines`);
    return true;
  }

  /**
   * Advances to the next tag or URI line (blank lines and comments skipped).
   * @returns `'tag'`, `'uri'` or `null` at the end.
   */
  next(): 'tag' | 'uri' | null {
    const text = this.text;
    while (this.nextRaw()) {
      let s = this.start;
      const e = this.end;
      if (s === e) continue;
      if (text.charCodeAt(s) === 35 /* # */) {
        if (text.startsWith('#EXT', s)) return 'tag';
        continue; // comment
      }
      // URI line: trim surrounding blanks.
      while (s < e && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
      let t = e;
      while (t > s && (text.charCodeAt(t - 1) === 32 || text.charCodeAt(t - 1) === 9)) t--;
      if (s === t) continue;
      this.start = s;
      this.end = t;
      return 'uri';
    }
    return null;
  }

  /** True when the current line starts with `prefix` (e.g. `#EXTINF:`). */
  is(prefix: string): boolean {
    return this.text.startsWith(prefix, this.start);
  }

  /** Tag name without `#` (current line must be a tag). */
  tagName(): string {
    const colon = this.text.indexOf(':', this.start);
    return this.text.slice(this.start + 1, colon < 0 || colon > this.end ? this.end : colon).trim();
  }

  /** Tag value after the first `:` (`''` when none). */
  tagValue(): string {
    const colon = this.text.indexOf(':', this.start);
    return colon < 0 || colon > this.end ? '' : this.text.slice(colon + 1, this.end);
  }

  /** Value after a known prefix. */
  valueAfter(prefix: string): string {
    return this.text.slice(this.start + prefix.length, this.end);
  }

  /** The current URI line. */
  uri(): string {
    return this.text.slice(this.start, this.end);
  }
}

const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

// Consecutive PROGRAM-DATE-TIMEs share their date and hour: remember the last
// "YYYY-MM-DDTHH" prefix and its epoch value so the common case is arithmetic.
let cachedHourPrefix = '';
let cachedHourMs = 0;

/**
 * Fast path for `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)` (what packagers write);
 * anything else goes through `Date.parse`. Returns NaN when invalid.
 */
export function parseProgramDateTime(s: string): number {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return Date.parse(s);
  }
  for (let k = 0; k < DIGIT_POSITIONS.length; k++) {
    const c = s.charCodeAt(DIGIT_POSITIONS[k]!);
    if (c < 48 || c > 57) return Date.parse(s);
  }
  const two = (i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    let scale = 100;
    i++;
    while (i < n) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
      i++;
    }
  }
  let offsetMin = 0;
  const z = s.charCodeAt(i);
  if (z === 90 && i === n - 1) offsetMin = 0;
  else if ((z === 43 || z === 45) && n - i === 6 && s.charCodeAt(i + 3) === 58) offsetMin = (z === 45 ? -1 : 1) * (two(i + 1) * 60 + two(i + 4));
  else return Date.parse(s);
  const month = two(5);
  const day = two(8);
  const hour = two(11);
  const minute = two(14);
  const second = two(17);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
  if (!s.startsWith(cachedHourPrefix) || cachedHourPrefix === '') {
    const year = two(0) * 100 + two(2);
    cachedHourMs = Date.UTC(year, month - 1, day, hour);
    cachedHourPrefix = s.slice(0, 13);
  }
  return cachedHourMs + minute * 60_000 + second * 1000 + ms - offsetMin * 60_000;
}
