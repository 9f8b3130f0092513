/**
 * A CEA-608 caption encoder for tests: a caption script → timed byte pairs
 * (odd parity, control codes doubled as broadcast encoders send them) → cc_data
 * triples → H.264/HEVC SEI NAL units. Written from CTA-608-E / ATSC A/72, not
 * from the decoder, so the decoder tests can fail.
 */
import { addEmulationPrevention } from '../../src/crypto/emulation-prevention.js';
import type { CcTriple } from '../../src/text/cea/cea608-decoder.js';

/** Sets bit 7 so the byte has odd parity. */
export function withParity(b: number): number {
  let ones = 0;
  for (let i = 0; i < 7; i++) ones += (b >> i) & 1;
  return ones % 2 === 0 ? b | 0x80 : b & 0x7f;
}

export type Channel = 1 | 2 | 3 | 4;

/** Unicode → basic-set code, for the characters that are not ASCII in 608. */
const BASIC: Record<string, number> = { 'á': 0x2a, 'é': 0x5c, 'í': 0x5e, 'ó': 0x5f, 'ú': 0x60, 'ç': 0x7b, '÷': 0x7c, 'Ñ': 0x7d, 'ñ': 0x7e, '█': 0x7f };
const ASCII_REPLACED = new Set([0x2a, 0x5c, 0x5e, 0x5f, 0x60, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f]);
/** Special characters (0x11 xx). */
const SPECIAL: Record<string, number> = { '®': 0x30, '°': 0x31, '½': 0x32, '¿': 0x33, '™': 0x34, '¢': 0x35, '£': 0x36, '♪': 0x37, 'à': 0x38, 'è': 0x3a, 'â': 0x3b, 'ê': 0x3c, 'î': 0x3d, 'ô': 0x3e, 'û': 0x3f };
/** Extended characters: [first byte, second byte, basic fallback]. */
const EXTENDED: Record<string, [number, number, string]> = {
  'Á': [0x12, 0x20, 'A'], 'É': [0x12, 0x21, 'E'], 'Ü': [0x12, 0x24, 'U'], 'ü': [0x12, 0x25, 'u'], '¡': [0x12, 0x27, '!'], '©': [0x12, 0x2b, 'c'],
  '«': [0x12, 0x3e, '"'], '»': [0x12, 0x3f, '"'], 'Ä': [0x13, 0x30, 'A'], 'ö': [0x13, 0x33, 'o'], 'ß': [0x13, 0x34, 's'], 'Å': [0x13, 0x38, 'A'],
};

/** PAC first byte (channel 1 form) and the 0x20 bit of the second byte, per 1-based row. */
const PAC_ROWS: Record<number, [number, number]> = {
  1: [0x11, 0], 2: [0x11, 0x20], 3: [0x12, 0], 4: [0x12, 0x20], 5: [0x15, 0], 6: [0x15, 0x20], 7: [0x16, 0], 8: [0x16, 0x20],
  9: [0x17, 0], 10: [0x17, 0x20], 11: [0x10, 0], 12: [0x13, 0], 13: [0x13, 0x20], 14: [0x14, 0], 15: [0x14, 0x20],
};
const COLOUR_CODE = { white: 0, green: 1, blue: 2, cyan: 3, red: 4, yellow: 5, magenta: 6, italic: 7 } as const;
export type PenColour = keyof typeof COLOUR_CODE;

/** A timed 608 byte pair on one field. */
export interface TimedPair {
  t: number;
  field: 1 | 2;
  b1: number;
  b2: number;
}

/** One pair per video frame (29.97 fps would give irrational times; 30 keeps the documented times exact). */
export const FRAME = 1 / 30;

/** Builds the byte pairs of a caption script for one channel at a time. */
export class Cea608Script {
  readonly pairs: TimedPair[] = [];
  private t = 0;
  private channel: Channel = 1;
  private pendingChar: number | null = null;

  /** Moves the clock to `seconds` (pairs are sent one per frame from there). Time never runs back within a field. */
  at(seconds: number): this {
    this.flushChar();
    const last = this.pairs.filter((p) => p.field === this.field).at(-1);
    if (last && seconds < last.t + FRAME - 1e-9) throw new Error(`script error: at(${seconds}) but field ${this.field} already sent a pair at ${last.t.toFixed(3)} s`);
    this.t = seconds;
    return this;
  }

  use(channel: Channel): this {
    this.flushChar();
    this.channel = channel;
    return this;
  }

  private get field(): 1 | 2 {
    return this.channel <= 2 ? 1 : 2;
  }

  private push(b1: number, b2: number, parity = true): void {
    this.pairs.push({ t: this.t, field: this.field, b1: parity ? withParity(b1) : b1, b2: parity ? withParity(b2) : b2 });
    this.t += FRAME;
  }

  /** A control pair for the current channel, sent twice. `b1` in channel-1 form. */
  control(b1: number, b2: number, { repeat = true } = {}): this {
    this.flushChar();
    const second = this.channel === 2 || this.channel === 4 ? 0x08 : 0;
    // Field 2 sends miscellaneous control codes with first byte 0x15 / 0x1D (CTA-608-E Table 51).
    const first = b1 === 0x14 && this.field === 2 ? 0x15 : b1;
    this.push(first | second, b2);
    if (repeat) this.push(first | second, b2);
    return this;
  }

  private misc(code: number): this {
    return this.control(0x14, code);
  }

  rcl(): this { return this.misc(0x20); }
  backspace(): this { return this.misc(0x21); }
  der(): this { return this.misc(0x24); }
  rollUp(depth: 2 | 3 | 4): this { return this.misc(0x23 + depth); }
  rdc(): this { return this.misc(0x29); }
  textRestart(): this { return this.misc(0x2a); }
  edm(): this { return this.misc(0x2c); }
  cr(): this { return this.misc(0x2d); }
  enm(): this { return this.misc(0x2e); }
  eoc(): this { return this.misc(0x2f); }
  tab(n: 1 | 2 | 3): this { return this.control(0x17, 0x20 + n); }

  /** Preamble address code: row 1–15, either an indent (multiple of 4) or a pen colour. */
  pac(row: number, opts: { indent?: number; colour?: PenColour; underline?: boolean } = {}): this {
    const [b1, hi] = PAC_ROWS[row]!;
    const u = opts.underline ? 1 : 0;
    const attr = opts.indent !== undefined ? 0x10 | ((opts.indent / 4) << 1) | u : (COLOUR_CODE[opts.colour ?? 'white'] << 1) | u;
    return this.control(b1, 0x40 | hi | attr);
  }

  midRow(colour: PenColour, underline = false): this {
    return this.control(0x11, 0x20 | (COLOUR_CODE[colour] << 1) | (underline ? 1 : 0));
  }

  /** Characters: basic ones two per pair; special/extended ones as (doubled) two-byte codes. */
  text(s: string): this {
    for (const ch of s) {
      const code = ch.charCodeAt(0);
      if (BASIC[ch] !== undefined) this.basic(BASIC[ch]!);
      else if (code >= 0x20 && code < 0x7f && !ASCII_REPLACED.has(code)) this.basic(code);
      else if (SPECIAL[ch] !== undefined) this.control(0x11, SPECIAL[ch]!);
      else if (EXTENDED[ch]) {
        const [b1, b2, fallback] = EXTENDED[ch]!;
        this.basic(fallback.charCodeAt(0));
        this.control(b1, b2);
      } else throw new Error(`no 608 code for '${ch}'`);
    }
    this.flushChar();
    return this;
  }

  /** A character pair whose first byte has broken parity (a transmission error). */
  corruptChars(a: string, b: string): this {
    this.flushChar();
    this.pairs.push({ t: this.t, field: this.field, b1: withParity(a.charCodeAt(0)) ^ 0x80, b2: withParity(b.charCodeAt(0)) });
    this.t += FRAME;
    return this;
  }

  /** Null padding pairs (what encoders send when there is nothing to say). */
  padding(n = 1): this {
    this.flushChar();
    for (let i = 0; i < n; i++) this.push(0x80, 0x80, false);
    return this;
  }

  /** Pop-on caption loaded from now, shown at `showAt`. Each line: [row, text]. */
  popOn(lines: Array<[number, string]>, showAt: number): this {
    this.rcl().enm();
    for (const [row, text] of lines) this.pac(row).text(text);
    return this.at(showAt).eoc();
  }

  private basic(code: number): void {
    if (this.pendingChar === null) {
      this.pendingChar = code;
      return;
    }
    this.push(this.pendingChar, code);
    this.pendingChar = null;
  }

  private flushChar(): void {
    if (this.pendingChar === null) return;
    const c = this.pendingChar;
    this.pendingChar = null;
    this.push(c, 0x00); // second byte: null (0x80 with parity)
  }

  /** The pairs as cc_data triples (cc_type 0 = field 1, 1 = field 2). */
  triples(): CcTriple[] {
    this.flushChar();
    return this.pairs.map((p) => ({ pts: p.t, type: p.field === 1 ? 0 : 1, b1: p.b1, b2: p.b2 }));
  }
}

/** An SEI NAL unit (H.264 type 6, or HEVC PREFIX_SEI) carrying one GA94 cc_data() with `triples`, escaped. */
export function buildCcSeiNalu(triples: ReadonlyArray<Pick<CcTriple, 'type' | 'b1' | 'b2'>>, codec: 'h264' | 'hevc' = 'h264'): Uint8Array {
  if (triples.length > 31) throw new Error('cc_count is 5 bits');
  // reserved 1, process_cc_data_flag 1, additional_data_flag 0, cc_count; then em_data 0xFF.
  const payload = [0xb5, 0x00, 0x31, 0x47, 0x41, 0x39, 0x34, 0x03, 0xc0 | triples.length, 0xff];
  for (const t of triples) payload.push(0xf8 | 0x04 | t.type, t.b1, t.b2);
  payload.push(0xff); // marker_bits
  const body = [4, ...sizeBytes(payload.length), ...payload, 0x80];
  const header = codec === 'h264' ? [0x06] : [39 << 1, 0x01];
  return Uint8Array.from([...header, ...addEmulationPrevention(Uint8Array.from(body))]);
}

function sizeBytes(n: number): number[] {
  const out: number[] = [];
  for (; n >= 255; n -= 255) out.push(255);
  out.push(n);
  return out;
}

/** NAL units → one length-prefixed (4-byte) ISO-BMFF sample. */
export function avcSample(nalus: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(nalus.reduce((n, u) => n + 4 + u.length, 0));
  let p = 0;
  for (const u of nalus) {
    new DataView(out.buffer).setUint32(p, u.length);
    out.set(u, p + 4);
    p += 4 + u.length;
  }
  return out;
}
