/**
 * HLS attribute lists (RFC 8216 §4.2): `NAME=value,NAME="quoted, string",...`.
 * Values stay raw strings here; typed readers below validate per attribute type
 * and raise a ManifestError naming the tag, attribute and line.
 */
import { ManifestError } from '../errors/manifest-error.js';

/**
 * Raw attribute values as written: quoted strings keep their quotes (so the
 * quoted-ness survives without an object per attribute), everything else verbatim.
 */
export type AttributeList = Record<string, string>;

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

/**
 * Splits an attribute list. Names must be `[A-Z0-9-]+`; quoted strings may
 * contain commas; duplicates are an error (RFC 8216 §4.2: "MUST NOT").
 */
export function parseAttributeList(text: string, loc: TagLocation): AttributeList {
  // A plain object, not a Map: tags of one kind list their attributes in the same order, so V8
  // shares one hidden class across them and property stores are cheap. Names are [A-Z0-9-]+,
  // which cannot collide with Object.prototype members.
  const out: AttributeList = {};
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Name: [A-Z0-9-]+ up to '=' (surrounding blanks tolerated).
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const nameStart = i;
    let c = text.charCodeAt(i);
    while ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45) c = text.charCodeAt(++i);
    const name = text.slice(nameStart, i);
    while (c === 32 || c === 9) c = text.charCodeAt(++i);
    if (c !== 61 /* = */) {
      if (name === '' || i >= n) throw new ManifestError('MANIFEST_INVALID_VALUE', `attribute without "=": "${text.slice(nameStart, nameStart + 40)}"`, where(loc));
      throw new ManifestError('MANIFEST_INVALID_VALUE', `bad attribute name "${text.slice(nameStart, i + 1).slice(0, 40)}"`, where(loc));
    }
    if (name === '') throw new ManifestError('MANIFEST_INVALID_VALUE', 'attribute with an empty name', where(loc));
    const eq = i;
    let value: string;
    let next: number;
    if (text.charCodeAt(eq + 1) === 34) {
      const close = text.indexOf('"', eq + 2);
      if (close < 0) throw new ManifestError('MANIFEST_INVALID_VALUE', `unterminated quoted string in ${name}`, where(loc, name));
      value = text.slice(eq + 1, close + 1);
      next = close + 1;
      if (next < n && text.charCodeAt(next) !== 44) {
        throw new ManifestError('MANIFEST_INVALID_VALUE', `unexpected text after quoted ${name}`, where(loc, name));
      }
    } else {
      const comma = text.indexOf(',', eq + 1);
      next = comma < 0 ? n : comma;
      value = text.slice(eq + 1, next).trim();
    }
    if (out[name] !== undefined) throw new ManifestError('MANIFEST_INVALID_VALUE', `attribute ${name} appears twice`, where(loc, name));
    out[name] = value;
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
    return this.attrs[name] !== undefined;
  }

  /** The value without quotes, or undefined. */
  private value(name: string): string | undefined {
    const v = this.attrs[name];
    return v !== undefined && v.charCodeAt(0) === 34 ? v.slice(1, -1) : v;
  }

  /** quoted-string. */
  string(name: string): string | undefined {
    const v = this.attrs[name];
    if (v === undefined) return undefined;
    if (v.charCodeAt(0) !== 34) throw new ManifestError('MANIFEST_INVALID_VALUE', `${name} must be a quoted string`, where(this.loc, name));
    return v.slice(1, -1);
  }

  requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', `${name} is required`, where(this.loc, name));
    return v;
  }

  /** enumerated-string (unquoted). Quoted values are tolerated: deployed encoders quote them. */
  enum(name: string): string | undefined {
    return this.value(name);
  }

  /** decimal-integer (0 … 2^64−1, bounded here by 2^53). */
  integer(name: string): number | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (!isDigits(v, 16)) throw new ManifestError('MANIFEST_INVALID_VALUE', `${name}=${v.slice(0, 40)} is not a decimal integer`, where(this.loc, name));
    return Number(v);
  }

  requiredInteger(name: string): number {
    const v = this.integer(name);
    if (v === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', `${name} is required`, where(this.loc, name));
    return v;
  }

  /** decimal-floating-point (non-negative) or signed-decimal-floating-point. */
  float(name: string, signed = false): number | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!isDecimalNumber(v, signed) || !Number.isFinite(n)) throw new ManifestError('MANIFEST_INVALID_VALUE', `${name}=${v.slice(0, 40)} is not a decimal number`, where(this.loc, name));
    return n;
  }

  /** decimal-resolution `WxH`. */
  resolution(name: string): { width: number; height: number } | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    const x = v.indexOf('x');
    const w = v.slice(0, x);
    const h = v.slice(x + 1);
    if (x < 0 || !isDigits(w, 6) || !isDigits(h, 6)) throw new ManifestError('MANIFEST_INVALID_VALUE', `${name}=${v.slice(0, 40)} is not WIDTHxHEIGHT`, where(this.loc, name));
    return { width: Number(w), height: Number(h) };
  }

  /** hexadecimal-sequence `0x…`, returned lowercase without the prefix. */
  hex(name: string): string | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    const m = /^0[xX]([0-9a-fA-F]+)$/.exec(v);
    if (!m) throw new ManifestError('MANIFEST_INVALID_VALUE', `${name}=${v.slice(0, 40)} is not a hexadecimal sequence`, where(this.loc, name));
    return m[1]!.toLowerCase();
  }

  /** `YES`/`NO` enumerated strings. */
  yesNo(name: string): boolean | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (v !== 'YES' && v !== 'NO') throw new ManifestError('MANIFEST_INVALID_VALUE', `${name}=${v.slice(0, 40)} must be YES or NO`, where(this.loc, name));
    return v === 'YES';
  }
}
