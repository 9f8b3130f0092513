/**
 * HLS attribute lists (RFC 8216 §4.2): `NAME=value,NAME="quoted, string",...`.
 * Values stay raw strings here; typed readers below validate per attribute type
 * and raise a ManifestError naming the tag, attribute and line.
 */
import { ManifestError } from '../errors/manifest-error.js';

/** Raw attribute values; quoted strings are unquoted, everything else verbatim. */
export type AttributeList = Map<string, { value: string; quoted: boolean }>;

/** Where an attribute was read, for error messages. */
export interface TagLocation {
  tag: string;
  line: number;
}

const where = (loc: TagLocation, name?: string) => `line ${loc.line}: #${loc.tag}${name ? ` ${name}` : ''}`;

/** 1…max decimal digits (hot path: no regex). */
function isDigits(s: string, max: number): boolean {
  if (s.length === 0 || s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `[-]digits[.digits]` (hot path: no regex). */
function isDecimalNumber(s: string, signed: boolean): boolean {
  let i = signed && s.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  let dot = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && !dot && i > start) dot = true;
    else if (c < 48 || c > 57) return false;
  }
  return i > start;
}

/** `[A-Z0-9-]+` without a regex (called for every attribute). */
function isAttributeName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

/**
 * Splits an attribute list. Names must be `[A-Z0-9-]+`; quoted strings may
 * contain commas; duplicates are an error (RFC 8216 §4.2: "MUST NOT").
 */
export function parseAttributeList(text: string, loc: TagLocation): AttributeList {
  const out: AttributeList = new Map();
  let i = 0;
  const n = text.length;
  while (i < n) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new ManifestError('MANIFEST_INVALID_VALUE', `attribute without "=": "${text.slice(i, i + 40)}"`, where(loc));
    const name = text.slice(i, eq).trim();
    if (!isAttributeName(name)) throw new ManifestError('MANIFEST_INVALID_VALUE', `bad attribute name "${name.slice(0, 40)}"`, where(loc));
    let value: string;
    let quoted = false;
    let next: number;
    if (text.charCodeAt(eq + 1) === 34) {
      const close = text.indexOf('"', eq + 2);
      if (close < 0) throw new ManifestError('MANIFEST_INVALID_VALUE', `unterminated quoted string in ${name}`, where(loc, name));
      value = text.slice(eq + 2, close);
      quoted = true;
      next = close + 1;
      if (next < n && text.charCodeAt(next) !== 44) {
        throw new ManifestError('MANIFEST_INVALID_VALUE', `unexpected text after quoted ${name}`, where(loc, name));
      }
    } else {
      const comma = text.indexOf(',', eq + 1);
      next = comma < 0 ? n : comma;
      value = text.slice(eq + 1, next).trim();
    }
    if (out.has(name)) throw new ManifestError('MANIFEST_INVALID_VALUE', `attribute ${name} appears twice`, where(loc, name));
    out.set(name, { value, quoted });
    i = next + 1;
  }
  return out;
}

/** Typed accessors over an {@link AttributeList}. */
export class AttributeReader {
  constructor(
    readonly attrs: AttributeList,
    readonly loc: TagLocation,
  ) {}

  has(name: string): boolean {
    return this.attrs.has(name);
  }

  /** quoted-string. */
  string(name: string): string | undefined {
    const a = this.attrs.get(name);
    if (!a) return undefined;
    if (!a.quoted) throw new ManifestError('MANIFEST_INVALID_VALUE', `${name} must be a quoted string`, where(this.loc, name));
    return a.value;
  }

  requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', `${name} is required`, where(this.loc, name));
    return v;
  }

  /** enumerated-string (unquoted). Quoted values are tolerated: deployed encoders quote them. */
  enum(name: string): string | undefined {
    return this.attrs.get(name)?.value;
  }

  /** decimal-integer (0 … 2^64−1, bounded here by 2^53). */
  integer(name: string): number | undefined {
    const a = this.attrs.get(name);
    if (!a) return undefined;
    if (!isDigits(a.value, 16)) throw new ManifestError('MANIFEST_INVALID_VALUE', `${name}=${a.value.slice(0, 40)} is not a decimal integer`, where(this.loc, name));
    return Number(a.value);
  }

  requiredInteger(name: string): number {
    const v = this.integer(name);
    if (v === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', `${name} is required`, where(this.loc, name));
    return v;
  }

  /** decimal-floating-point (non-negative) or signed-decimal-floating-point. */
  float(name: string, signed = false): number | undefined {
    const a = this.attrs.get(name);
    if (!a) return undefined;
    const ok = isDecimalNumber(a.value, signed);
    const v = Number(a.value);
    if (!ok || !Number.isFinite(v)) throw new ManifestError('MANIFEST_INVALID_VALUE', `${name}=${a.value.slice(0, 40)} is not a decimal number`, where(this.loc, name));
    return v;
  }

  /** decimal-resolution `WxH`. */
  resolution(name: string): { width: number; height: number } | undefined {
    const a = this.attrs.get(name);
    if (!a) return undefined;
    const m = /^(\d{1,6})x(\d{1,6})$/.exec(a.value);
    if (!m) throw new ManifestError('MANIFEST_INVALID_VALUE', `${name}=${a.value.slice(0, 40)} is not WIDTHxHEIGHT`, where(this.loc, name));
    return { width: Number(m[1]), height: Number(m[2]) };
  }

  /** hexadecimal-sequence `0x…`, returned lowercase without the prefix. */
  hex(name: string): string | undefined {
    const a = this.attrs.get(name);
    if (!a) return undefined;
    const m = /^0[xX]([0-9a-fA-F]+)$/.exec(a.value);
    if (!m) throw new ManifestError('MANIFEST_INVALID_VALUE', `${name}=${a.value.slice(0, 40)} is not a hexadecimal sequence`, where(this.loc, name));
    return m[1]!.toLowerCase();
  }

  /** `YES`/`NO` enumerated strings. */
  yesNo(name: string): boolean | undefined {
    const v = this.enum(name);
    if (v === undefined) return undefined;
    if (v !== 'YES' && v !== 'NO') throw new ManifestError('MANIFEST_INVALID_VALUE', `${name}=${v.slice(0, 40)} must be YES or NO`, where(this.loc, name));
    return v === 'YES';
  }
}
