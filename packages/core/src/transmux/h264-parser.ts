/**
 * H.264 specifics for {@link AccessUnitParser}: NAL unit roles (Table 7-1),
 * SPS/PPS tracking and the avc1 + avcC sample entry.
 */
import { AccessUnitParser, sameBytes, type NalCodec, type NalRole } from './access-unit-parser.js';
import { BitReader, nalToRbsp } from './bit-reader.js';
import { invalidMedia } from './errors.js';
import { h264CodecString, parseH264Sps } from './h264-sps.js';
import { avcC, pasp, visualSampleEntry } from './sample-entries.js';
import type { TrackConfig } from './types.js';

const NAL_SLICE = 1;
const NAL_IDR = 5;
const NAL_SEI = 6;
const NAL_SPS = 7;
const NAL_PPS = 8;
const NAL_AUD = 9;
const NAL_FILLER = 12;

class H264Codec implements NalCodec {
  private sps: Uint8Array | undefined;
  private readonly pps = new Map<number, Uint8Array>();

  role(nal: Uint8Array): NalRole {
    const type = nal[0] & 0x1f;
    const vcl = type === NAL_SLICE || type === NAL_IDR;
    return {
      vcl,
      // first_mb_in_slice is ue(v): it is 0 exactly when the first bit is 1.
      firstSlice: vcl && nal.length > 1 && (nal[1] & 0x80) !== 0,
      key: type === NAL_IDR,
      leading: type === NAL_AUD || type === NAL_SPS || type === NAL_PPS || type === NAL_SEI,
      drop: type === NAL_AUD || type === NAL_FILLER,
    };
  }

  onParameterSet(nal: Uint8Array): boolean {
    const type = nal[0] & 0x1f;
    if (type === NAL_SPS) {
      if (sameBytes(this.sps, nal)) return false;
      parseH264Sps(nal); // validate before adopting it
      this.sps = nal.slice();
      return true;
    }
    if (type !== NAL_PPS) return false;
    let id: number;
    try {
      id = new BitReader(nalToRbsp(nal.subarray(1), 8)).ue();
    } catch {
      throw invalidMedia('H.264 PPS is truncated', { codec: 'avc1' });
    }
    if (sameBytes(this.pps.get(id), nal)) return false;
    this.pps.set(id, nal.slice());
    return true;
  }

  buildConfig(): TrackConfig | null {
    if (!this.sps || this.pps.size === 0) return null;
    const sps = parseH264Sps(this.sps);
    const entry = visualSampleEntry('avc1', sps.width, sps.height, avcC([this.sps], [...this.pps.values()], sps), ...pasp(sps.sar));
    return { type: 'video', codec: h264CodecString(sps), timescale: 90000, sampleEntry: entry, width: sps.width, height: sps.height };
  }

  reset(): void {
    this.sps = undefined;
    this.pps.clear();
  }
}

/** An H.264 (stream type 0x1b) video parser. */
export class H264Parser extends AccessUnitParser {
  constructor() {
    super(new H264Codec());
  }
}
