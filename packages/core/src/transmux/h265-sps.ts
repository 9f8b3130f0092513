/**
 * H.265 sequence parameter set (ITU-T H.265 §7.3.2.2): profile_tier_level,
 * chroma format, bit depths and the cropped picture size — what hvcC
 * (ISO/IEC 14496-15 §8.3.3) and the `hvc1.` codec string (§E.3) need.
 */
import { BitReader, nalToRbsp } from './bit-reader.js';
import { invalidMedia } from './errors.js';

export interface H265Sps {
  profileSpace: number;
  tierFlag: number;
  profileIdc: number;
  /** general_profile_compatibility_flags, 32 bits. */
  compatibilityFlags: number;
  /** general_constraint_indicator_flags, 6 bytes. */
  constraintFlags: Uint8Array;
  levelIdc: number;
  maxSubLayers: number;
  temporalIdNesting: number;
  chromaFormatIdc: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  width: number;
  height: number;
}

/** Parses an SPS NAL unit (with its 2-byte header). @throws MediaError TRANSMUX_INVALID */
export function parseH265Sps(nal: Uint8Array): H265Sps {
  try {
    const r = new BitReader(nalToRbsp(nal.subarray(2), 256));
    r.skip(4); // sps_video_parameter_set_id
    const maxSubLayers = r.bits(3) + 1;
    const temporalIdNesting = r.bits(1);
    const profileSpace = r.bits(2);
    const tierFlag = r.bits(1);
    const profileIdc = r.bits(5);
    const compatibilityFlags = r.bits(32);
    const constraintFlags = new Uint8Array(6);
    for (let i = 0; i < 6; i++) constraintFlags[i] = r.bits(8);
    const levelIdc = r.bits(8);
    const subProfile: boolean[] = [];
    const subLevel: boolean[] = [];
    for (let i = 0; i < maxSubLayers - 1; i++) {
      subProfile.push(r.flag());
      subLevel.push(r.flag());
    }
    if (maxSubLayers > 1) for (let i = maxSubLayers - 1; i < 8; i++) r.skip(2);
    for (let i = 0; i < maxSubLayers - 1; i++) {
      if (subProfile[i]) r.skip(88);
      if (subLevel[i]) r.skip(8);
    }
    r.ue(); // sps_seq_parameter_set_id
    const chromaFormatIdc = r.ue();
    if (chromaFormatIdc === 3) r.skip(1);
    let width = r.ue();
    let height = r.ue();
    if (r.flag()) {
      const [left, right, top, bottom] = [r.ue(), r.ue(), r.ue(), r.ue()];
      const subWidthC = chromaFormatIdc === 1 || chromaFormatIdc === 2 ? 2 : 1;
      const subHeightC = chromaFormatIdc === 1 ? 2 : 1;
      width -= subWidthC * (left + right);
      height -= subHeightC * (top + bottom);
    }
    const bitDepthLuma = r.ue() + 8;
    const bitDepthChroma = r.ue() + 8;
    if (width <= 0 || height <= 0 || chromaFormatIdc > 3) throw new RangeError(`impossible picture ${width}x${height}, chroma ${chromaFormatIdc}`);
    return { profileSpace, tierFlag, profileIdc, compatibilityFlags, constraintFlags, levelIdc, maxSubLayers, temporalIdNesting, chromaFormatIdc, bitDepthLuma, bitDepthChroma, width, height };
  } catch (e) {
    throw invalidMedia(`H.265 SPS is malformed: ${(e as Error).message}`, { codec: 'hvc1' });
  }
}

/** `hvc1.A.B.TL.CC…` (ISO/IEC 14496-15 Annex E.3). */
export function h265CodecString(s: H265Sps, entry = 'hvc1'): string {
  const space = ['', 'A', 'B', 'C'][s.profileSpace];
  let reversed = 0;
  for (let i = 0; i < 32; i++) if (s.compatibilityFlags & (1 << i)) reversed |= 1 << (31 - i);
  const constraints = [...s.constraintFlags];
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const tail = constraints.map((b) => '.' + b.toString(16).toUpperCase()).join('');
  return `${entry}.${space}${s.profileIdc}.${(reversed >>> 0).toString(16).toUpperCase()}.${s.tierFlag ? 'H' : 'L'}${s.levelIdc}${tail}`;
}
