/**
 * H.265 specifics for {@link AccessUnitParser}: NAL unit roles (Table 7-1),
 * VPS/SPS/PPS tracking and the hvc1 + hvcC sample entry (ISO/IEC 14496-15 §8.3.3).
 */
import { AccessUnitParser, sameBytes, type NalCodec, type NalRole } from './access-unit-parser.js';
import { box, u16, u32, u8 } from './box-writer.js';
import { h265CodecString, parseH265Sps, type H265Sps } from './h265-sps.js';
import { visualSampleEntry } from './sample-entries.js';
import type { TrackConfig } from './types.js';

const VPS = 32;
const SPS = 33;
const PPS = 34;
const AUD = 35;
const FILLER = 38;
const PREFIX_SEI = 39;

function hvcC(sps: H265Sps, arrays: Array<[number, Uint8Array]>): Uint8Array {
  const parts: Uint8Array[] = [
    u8(1, (sps.profileSpace << 6) | (sps.tierFlag << 5) | sps.profileIdc),
    u32(sps.compatibilityFlags),
    sps.constraintFlags,
    u8(sps.levelIdc),
    u16(0xf000), // min_spatial_segmentation_idc = 0
    u8(0xfc), // parallelismType = 0 (unknown)
    u8(0xfc | sps.chromaFormatIdc, 0xf8 | (sps.bitDepthLuma - 8), 0xf8 | (sps.bitDepthChroma - 8)),
    u16(0), // avgFrameRate unknown
    u8((sps.maxSubLayers << 3) | (sps.temporalIdNesting << 2) | 3),
    u8(arrays.length),
  ];
  for (const [type, nal] of arrays) parts.push(u8(0x80 | type), u16(1), u16(nal.length), nal);
  return box('hvcC', ...parts);
}

class H265Codec implements NalCodec {
  private readonly sets = new Map<number, Uint8Array>();

  role(nal: Uint8Array): NalRole {
    const type = (nal[0] >> 1) & 0x3f;
    const vcl = type < 32;
    return {
      vcl,
      firstSlice: vcl && nal.length > 2 && (nal[2] & 0x80) !== 0, // first_slice_segment_in_pic_flag
      key: type >= 16 && type <= 23, // IRAP
      leading: type === VPS || type === SPS || type === PPS || type === AUD || type === PREFIX_SEI || (type >= 41 && type <= 44) || (type >= 48 && type <= 55),
      drop: type === AUD || type === FILLER,
    };
  }

  onParameterSet(nal: Uint8Array): boolean {
    const type = (nal[0] >> 1) & 0x3f;
    if (type !== VPS && type !== SPS && type !== PPS) return false;
    if (sameBytes(this.sets.get(type), nal)) return false;
    if (type === SPS) parseH265Sps(nal);
    this.sets.set(type, nal.slice());
    return true;
  }

  buildConfig(): TrackConfig | null {
    const vps = this.sets.get(VPS);
    const spsNal = this.sets.get(SPS);
    const pps = this.sets.get(PPS);
    if (!vps || !spsNal || !pps) return null;
    const sps = parseH265Sps(spsNal);
    const entry = visualSampleEntry('hvc1', sps.width, sps.height, hvcC(sps, [[VPS, vps], [SPS, spsNal], [PPS, pps]]));
    return { type: 'video', codec: h265CodecString(sps), timescale: 90000, sampleEntry: entry, width: sps.width, height: sps.height };
  }

  reset(): void {
    this.sets.clear();
  }
}

/**
 * An H.265 (stream type 0x24) video parser. One VPS/SPS/PPS each is kept
 * (the last seen): multi-layer / multi-PPS streams are outside HLS practice.
 */
export class H265Parser extends AccessUnitParser {
  constructor() {
    super(new H265Codec());
  }
}
