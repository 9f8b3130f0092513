/**
 * H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1): the fields needed for
 * the avcC box, the `avc1.PPCCLL` codec string and the picture size.
 */
import { BitReader, nalToRbsp } from './bit-reader.js';
import { invalidMedia } from './errors.js';

export interface H264Sps {
  profileIdc: number;
  /** constraint_set flags byte (the CC in `avc1.PPCCLL`). */
  constraintFlags: number;
  levelIdc: number;
  chromaFormatIdc: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  width: number;
  height: number;
  /** Sample aspect ratio from the VUI, `[1, 1]` when absent. */
  sar: [number, number];
}

/** Table E-1 sample aspect ratios, indexed by aspect_ratio_idc. */
const SAR_TABLE: ReadonlyArray<[number, number]> = [
  [1, 1], [1, 1], [12, 11], [10, 11], [16, 11], [40, 33], [24, 11], [20, 11], [32, 11], [80, 33], [18, 11], [15, 11], [64, 33], [160, 99], [4, 3], [3, 2], [2, 1],
];

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** Parses an SPS NAL unit (with its 1-byte header). @throws MediaError TRANSMUX_INVALID */
export function parseH264Sps(nal: Uint8Array): H264Sps {
  try {
    // 256 bytes of RBSP cover every field up to the VUI aspect ratio even with scaling lists.
    const r = new BitReader(nalToRbsp(nal.subarray(1), 256));
    const profileIdc = r.bits(8);
    const constraintFlags = r.bits(8);
    const levelIdc = r.bits(8);
    r.ue(); // seq_parameter_set_id
    let chromaFormatIdc = 1;
    let bitDepthLuma = 8;
    let bitDepthChroma = 8;
    if (HIGH_PROFILES.has(profileIdc)) {
      chromaFormatIdc = r.ue();
      if (chromaFormatIdc === 3) r.skip(1); // separate_colour_plane_flag
      bitDepthLuma = r.ue() + 8;
      bitDepthChroma = r.ue() + 8;
      r.skip(1); // qpprime_y_zero_transform_bypass_flag
      if (r.flag()) {
        const lists = chromaFormatIdc === 3 ? 12 : 8;
        for (let i = 0; i < lists; i++) if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64);
      }
    }
    r.ue(); // log2_max_frame_num_minus4
    const pocType = r.ue();
    if (pocType === 0) r.ue();
    else if (pocType === 1) {
      r.skip(1);
      r.se();
      r.se();
      const cycle = r.ue();
      if (cycle > 255) throw new RangeError('num_ref_frames_in_pic_order_cnt_cycle > 255');
      for (let i = 0; i < cycle; i++) r.se();
    }
    r.ue(); // max_num_ref_frames
    r.skip(1); // gaps_in_frame_num_value_allowed_flag
    const widthMbs = r.ue() + 1;
    const heightMapUnits = r.ue() + 1;
    const frameMbsOnly = r.bits(1);
    if (!frameMbsOnly) r.skip(1); // mb_adaptive_frame_field_flag
    r.skip(1); // direct_8x8_inference_flag
    let crop = [0, 0, 0, 0];
    if (r.flag()) crop = [r.ue(), r.ue(), r.ue(), r.ue()];
    const subWidthC = chromaFormatIdc === 1 || chromaFormatIdc === 2 ? 2 : 1;
    const subHeightC = chromaFormatIdc === 1 ? 2 : 1;
    const cropUnitX = chromaFormatIdc === 0 ? 1 : subWidthC;
    const cropUnitY = (chromaFormatIdc === 0 ? 1 : subHeightC) * (2 - frameMbsOnly);
    const width = widthMbs * 16 - cropUnitX * (crop[0] + crop[1]);
    const height = (2 - frameMbsOnly) * heightMapUnits * 16 - cropUnitY * (crop[2] + crop[3]);
    let sar: [number, number] = [1, 1];
    if (r.remaining > 0 && r.flag() && r.flag()) {
      const idc = r.bits(8);
      if (idc === 255) sar = [r.bits(16), r.bits(16)];
      else if (idc < SAR_TABLE.length) sar = SAR_TABLE[idc];
    }
    if (width <= 0 || height <= 0) throw new RangeError(`impossible picture size ${width}x${height}`);
    return { profileIdc, constraintFlags, levelIdc, chromaFormatIdc, bitDepthLuma, bitDepthChroma, width, height, sar };
  } catch (e) {
    throw invalidMedia(`H.264 SPS is malformed: ${(e as Error).message}`, { codec: 'avc1' });
  }
}

/** `avc1.PPCCLL` (RFC 6381 §3.3). */
export function h264CodecString(sps: H264Sps): string {
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  return `avc1.${hex(sps.profileIdc)}${hex(sps.constraintFlags)}${hex(sps.levelIdc)}`;
}
