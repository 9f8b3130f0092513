/**
 * CEA-608 byte pairs → cues for CC1–CC4 (CTA-608-E). Field 1 carries CC1/CC2,
 * field 2 CC3/CC4 (and XDS, which is skipped). Each byte has odd parity; a
 * control code selects the data channel (bit 0x08 of its first byte) that the
 * following characters belong to, and is sent twice in a row, the second copy
 * being ignored.
 *
 * Memory is bounded: four fixed 15×32 screens plus the cues not yet taken,
 * which are capped at {@link MAX_PENDING_CUES}.
 */
import { Cea608Channel, type CaptionChannel, type Cea608Cue } from './cea608-channel.js';

/** One cc_data construct (CTA-708 §4.4): cc_type 0/1 are 608 field 1/2, 2/3 DTVCC. */
export interface CcTriple {
  /** Presentation time of the picture that carried it, seconds. */
  pts: number;
  type: 0 | 1 | 2 | 3;
  b1: number;
  b2: number;
}

/**
 * Cues kept until {@link Cea608Decoder.takeCues}. A 608 stream changes the
 * display at most once per control pair (two frames), i.e. ~15 cues/s; 4096
 * is over four minutes of worst case per call, far more than one segment.
 */
export const MAX_PENDING_CUES = 4096;

interface FieldState {
  /** 0 or 1: data channel selected by the last control code. */
  channel: number;
  /** Last control pair (b1 << 8 | b2) for duplicate suppression; -1 when the last pair was not a control code. */
  lastControl: number;
  /** Inside an XDS packet (field 2 only). */
  xds: boolean;
}

/** Odd parity check of one byte. */
export function hasOddParity(byte: number): boolean {
  let b = byte & 0xff;
  b ^= b >> 4;
  b ^= b >> 2;
  b ^= b >> 1;
  return (b & 1) === 1;
}

/** Decodes 608 byte pairs of both fields into cues. */
export class Cea608Decoder {
  private readonly channels: Cea608Channel[];
  private readonly fields: [FieldState, FieldState] = [
    { channel: 0, lastControl: -1, xds: false },
    { channel: 0, lastControl: -1, xds: false },
  ];
  private pending: Cea608Cue[] = [];
  private lastPts = 0;

  constructor() {
    const emit = (cue: Cea608Cue) => {
      if (this.pending.length >= MAX_PENDING_CUES) this.pending.shift();
      this.pending.push(cue);
    };
    this.channels = (['CC1', 'CC2', 'CC3', 'CC4'] as CaptionChannel[]).map((n) => new Cea608Channel(n, emit));
  }

  /** Feeds cc_data triples in presentation order; DTVCC (708) triples are ignored here. */
  pushCcData(triples: readonly CcTriple[]): void {
    for (const t of triples) if (t.type === 0 || t.type === 1) this.pushPair(t.pts, t.type === 0 ? 1 : 2, t.b1, t.b2);
  }

  /** One byte pair (with parity bits) of field 1 or 2 at time `pts` (seconds). */
  pushPair(pts: number, field: 1 | 2, b1raw: number, b2raw: number): void {
    if (!Number.isFinite(pts)) return;
    this.lastPts = pts;
    const f = this.fields[field - 1];
    const ok1 = hasOddParity(b1raw);
    const ok2 = hasOddParity(b2raw);
    const b1 = b1raw & 0x7f;
    const b2 = b2raw & 0x7f;
    if (b1 === 0 && b2 === 0) return; // padding
    if (b1 >= 0x10 && b1 <= 0x1f) {
      if (!ok1 || !ok2) {
        f.lastControl = -1; // a damaged control code is dropped (§C.6); its repeat will be honoured
        return;
      }
      const code = (b1 << 8) | b2;
      if (code === f.lastControl) {
        f.lastControl = -1;
        return;
      }
      f.lastControl = code;
      f.xds = false;
      f.channel = b1 & 0x08 ? 1 : 0;
      this.channelOf(field, f).control(b1 & 0xf7, b2, pts);
      return;
    }
    f.lastControl = -1;
    if (field === 2 && b1 >= 0x01 && b1 <= 0x0f) {
      f.xds = b1 !== 0x0f; // 0x0F ends an XDS packet (its second byte is the checksum)
      return;
    }
    if (f.xds) return;
    const ch = this.channelOf(field, f);
    if (ok1 && b1 >= 0x20) ch.char(b1, pts);
    if (ok2 && b2 >= 0x20) ch.char(b2, pts);
  }

  /** Emits what is on screen on every channel up to `pts` (default: the last time seen). */
  flush(pts = this.lastPts): void {
    for (const c of this.channels) c.flush(pts);
  }

  /** Forgets screens and modes (after a seek or discontinuity), without emitting. */
  reset(): void {
    for (const c of this.channels) c.reset();
    for (const f of this.fields) Object.assign(f, { channel: 0, lastControl: -1, xds: false });
  }

  /** Cues completed since the last call, in the order they ended. */
  takeCues(): Cea608Cue[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private channelOf(field: 1 | 2, f: FieldState): Cea608Channel {
    return this.channels[(field - 1) * 2 + f.channel]!;
  }
}
