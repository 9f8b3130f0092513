/**
 * Annex-B video elementary stream → access units → mp4 samples, shared by
 * H.264 and H.265 (ITU-T H.264 §7.4.1.2.3, H.265 §7.4.2.4.4): an access unit
 * starts at an access-unit delimiter, at a parameter set / prefix SEI after a
 * picture's slices, or at the first slice of a new picture. NAL units may
 * span PES packets; an access unit takes the PTS/DTS of the PES in which it
 * starts (ISO/IEC 13818-1 §2.4.3.7). The codec specifics (NAL types, parameter
 * sets, sample entry) come from a {@link NalCodec}.
 */
import { splitNalUnits } from './annexb.js';
import type { EncodedSample, TrackConfig } from './types.js';
import type { VideoParser } from './video-parser.js';

/** How one NAL unit takes part in access-unit assembly. */
export interface NalRole {
  /** A coded slice of a picture. */
  vcl: boolean;
  /** For a slice: it is the first slice of its picture. */
  firstSlice: boolean;
  /** For a slice: the picture is a random-access point (IDR/IRAP). */
  key: boolean;
  /** A non-VCL unit that may only precede a picture (AUD, parameter sets, prefix SEI): after slices it starts a new AU. */
  leading: boolean;
  /** Not copied into the sample (AUD, filler data). */
  drop: boolean;
}

/** Codec-specific knowledge for {@link AccessUnitParser}. */
export interface NalCodec {
  role(nal: Uint8Array): NalRole;
  /** Remembers parameter sets; returns true when one changed. @throws MediaError for malformed ones. */
  onParameterSet(nal: Uint8Array): boolean;
  /** The configuration from the remembered parameter sets, `null` if incomplete. */
  buildConfig(): TrackConfig | null;
  reset(): void;
}

interface AccessUnit {
  units: Uint8Array[];
  pts?: number;
  dts?: number;
  key: boolean;
  hasSlice: boolean;
}

/** The timestamps of one PES; the first access unit that starts in it takes them (13818-1 §2.4.3.7). */
interface PesStamp {
  pts?: number;
  dts?: number;
  used: boolean;
}

function startsWithStartCode(d: Uint8Array): boolean {
  return d.length >= 3 && d[0] === 0 && d[1] === 0 && (d[2] === 1 || (d[2] === 0 && d.length >= 4 && d[3] === 1));
}

/** Turns video PES payloads into samples with 90 kHz DTS/CTS. */
export class AccessUnitParser implements VideoParser {
  private au: AccessUnit | null = null;
  private samples: EncodedSample[] = [];
  private configCache: TrackConfig | null = null;
  /**
   * The last NAL unit seen: it may continue in the next PES, so it is only
   * interpreted (role, parameter set, AU boundary) once the next start code or
   * the end of the segment proves it complete.
   */
  private pending: { nal: Uint8Array; stamp: PesStamp } | null = null;
  /** Timestamps of a PES in which no NAL unit started, for the next NAL unit. */
  private carry: PesStamp | null = null;
  /** Bytes seen before the first start code of the stream (a start code cut in two). */
  private prefix: Uint8Array | null = null;

  constructor(private readonly codec: NalCodec) {}

  push(data: Uint8Array, pts: number | undefined, dts: number | undefined): void {
    let stamp: PesStamp = { pts, dts, used: pts === undefined };
    if (stamp.used && this.carry) stamp = this.carry; // the previous PES held no NAL start: its timestamps are still owed
    this.carry = null;
    if (this.prefix) {
      const joined = new Uint8Array(this.prefix.length + data.length);
      joined.set(this.prefix);
      joined.set(data, this.prefix.length);
      data = joined;
      this.prefix = null;
    }
    let units: Uint8Array[];
    if (this.pending && !startsWithStartCode(data)) {
      // The pending NAL unit continues here (possibly with a start code split across the PES boundary):
      // re-split it together with the new bytes. Only happens for NAL units spanning PES packets.
      const prev = this.pending.nal;
      const joined = new Uint8Array(3 + prev.length + data.length);
      joined[2] = 1;
      joined.set(prev, 3);
      joined.set(data, 3 + prev.length);
      const split = splitNalUnits(joined).units;
      if (split.length > 0) this.pending.nal = split[0];
      units = split.slice(1);
    } else {
      units = splitNalUnits(data).units;
      // No NAL unit has started yet: only a start code cut in two matters, i.e. the last ≤ 3 bytes.
      if (!this.pending && units.length === 0) this.prefix = data.slice(Math.max(0, data.length - 3));
    }
    for (const nal of units) {
      if (this.pending) this.interpret(this.pending.nal, this.pending.stamp);
      this.pending = { nal, stamp };
    }
    if (units.length === 0 && !stamp.used) this.carry = stamp;
  }

  private interpret(whole: Uint8Array, stamp: PesStamp): void {
    if (whole.length === 0) return; // a start code that ended its PES, with no NAL bytes after it
    // Trailing zero bytes belong to the next start code or are trailing_zero_8bits (H.264 §7.4.1.2.3), never to the NAL unit.
    let end = whole.length;
    while (end > 1 && whole[end - 1] === 0) end--;
    const nal = end === whole.length ? whole : whole.subarray(0, end);
    const role = this.codec.role(nal);
    const startsAu = this.au?.hasSlice === true && (role.leading || (role.vcl && role.firstSlice));
    if (startsAu || !this.au) {
      this.finishAccessUnit();
      this.au = { units: [], key: false, hasSlice: false };
      if (!stamp.used) {
        this.au.pts = stamp.pts;
        this.au.dts = stamp.dts;
        stamp.used = true;
      }
    }
    if (!role.vcl && !role.drop && this.codec.onParameterSet(nal)) this.configCache = null;
    if (role.drop) return;
    if (role.vcl) {
      this.au.hasSlice = true;
      if (role.key) this.au.key = true;
    }
    this.au.units.push(nal);
  }

  private finishAccessUnit(): void {
    const au = this.au;
    this.au = null;
    if (!au || !au.hasSlice) return;
    let dts = au.dts;
    let pts = au.pts;
    if (dts === undefined || pts === undefined) {
      // An AU without its own PES timestamp (several pictures in one PES): one frame after the previous.
      const prev = this.samples[this.samples.length - 1];
      if (!prev) return;
      dts = prev.dts + (prev.duration || 3000);
      pts = dts + prev.cts;
    }
    let size = 0;
    for (const u of au.units) size += 4 + u.length;
    this.samples.push({ dts, cts: pts - dts, duration: 0, key: au.key, size, data: { nalUnits: au.units } });
  }

  flush(): EncodedSample[] {
    if (this.pending) this.interpret(this.pending.nal, this.pending.stamp);
    this.pending = null;
    this.finishAccessUnit();
    const out = this.samples;
    this.samples = [];
    return out;
  }

  config(): TrackConfig | null {
    if (!this.configCache) this.configCache = this.codec.buildConfig();
    return this.configCache;
  }

  reset(): void {
    this.codec.reset();
    this.au = null;
    this.pending = null;
    this.carry = null;
    this.prefix = null;
    this.samples = [];
    this.configCache = null;
  }
}

/** Byte equality, for parameter-set change detection. */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
