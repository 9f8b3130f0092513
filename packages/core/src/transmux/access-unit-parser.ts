/**
 * Annex-B video elementary stream → access units → mp4 samples, shared by
 * H.264 and H.265 (ITU-T H.264 §7.4.1.2.3, H.265 §7.4.2.4.4): an access unit
 * starts at an access-unit delimiter, at a parameter set / prefix SEI after a
 * picture's slices, or at the first slice of a new picture. NAL units may
 * span PES packets; an access unit takes the PTS/DTS of the PES in which it
 * starts (ISO/IEC 13818-1 §2.4.3.7). The codec specifics (NAL types, parameter
 * sets, sample entry) come from a {@link NalCodec}.
 */
import { splitNalUnits, toLengthPrefixed } from './annexb.js';
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

/** Turns video PES payloads into samples with 90 kHz DTS/CTS. */
export class AccessUnitParser implements VideoParser {
  private au: AccessUnit | null = null;
  private samples: EncodedSample[] = [];
  private configCache: TrackConfig | null = null;

  constructor(private readonly codec: NalCodec) {}

  push(data: Uint8Array, pts: number | undefined, dts: number | undefined): void {
    const { leading, units } = splitNalUnits(data);
    if (leading.length > 0 && this.au && this.au.units.length > 0) {
      // The last NAL unit of the previous PES continues here.
      const last = this.au.units.length - 1;
      const prev = this.au.units[last];
      const joined = new Uint8Array(prev.length + leading.length);
      joined.set(prev);
      joined.set(leading, prev.length);
      this.au.units[last] = joined;
    }
    let stamped = pts === undefined;
    for (const nal of units) {
      const role = this.codec.role(nal);
      const startsAu = this.au?.hasSlice === true && (role.leading || (role.vcl && role.firstSlice));
      if (startsAu || !this.au) {
        this.finishAccessUnit();
        this.au = { units: [], key: false, hasSlice: false };
        if (!stamped) {
          this.au.pts = pts;
          this.au.dts = dts;
          stamped = true;
        }
      }
      if (!role.vcl && !role.drop && this.codec.onParameterSet(nal)) this.configCache = null;
      if (role.drop) continue;
      if (role.vcl) {
        this.au.hasSlice = true;
        if (role.key) this.au.key = true;
      }
      this.au.units.push(nal);
    }
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
    this.samples.push({ dts, cts: pts - dts, duration: 0, key: au.key, data: toLengthPrefixed(au.units) });
  }

  flush(): EncodedSample[] {
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
