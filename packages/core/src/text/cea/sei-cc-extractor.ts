/**
 * Closed-caption data out of H.264 / HEVC SEI (ATSC A/72 and A/53 Part 4,
 * CTA-708 §4.4): SEI message `user_data_registered_itu_t_t35` (payloadType 4)
 * with country code 0xB5 (USA), provider code 0x0031 (ATSC), user identifier
 * `GA94` and user_data_type_code 3 carries `cc_data()` — cc_count triples of
 * (marker/valid/type, byte 1, byte 2).
 *
 * The transmuxer calls {@link extractCcFromNalus} with a sample's NAL units;
 * fMP4 samples (length-prefixed) go through {@link extractCcFromAvcSample}.
 */
import { removeEmulationPrevention } from '../../crypto/emulation-prevention.js';
import type { CcTriple } from './cea608-decoder.js';

export type VideoCodec = 'h264' | 'hevc';

const GA94 = 0x47413934;
/** H.264 nal_unit_type of SEI; HEVC PREFIX_SEI_NUT. */
const H264_SEI = 6;
const HEVC_PREFIX_SEI = 39;

/** Whether `nal` is an SEI NAL unit of `codec`. */
export function isSeiNalu(nal: Uint8Array, codec: VideoCodec): boolean {
  if (!nal.length) return false;
  return codec === 'h264' ? (nal[0]! & 0x1f) === H264_SEI : ((nal[0]! >> 1) & 0x3f) === HEVC_PREFIX_SEI;
}

/**
 * cc_data triples (valid ones only) of the SEI NAL units among `nalus` (no
 * start codes / length prefixes), stamped with `pts` (seconds). Malformed SEI
 * is skipped, never thrown: captions are optional, the picture must play.
 */
export function extractCcFromNalus(nalus: Iterable<Uint8Array>, pts: number, codec: VideoCodec = 'h264'): CcTriple[] {
  const out: CcTriple[] = [];
  for (const nal of nalus) {
    if (!isSeiNalu(nal, codec)) continue;
    const rbsp = removeEmulationPrevention(nal.subarray(codec === 'h264' ? 1 : 2));
    readSeiMessages(rbsp, pts, out);
  }
  return out;
}

/**
 * Same for one AVC/HEVC sample in ISO-BMFF form (`lengthSize`-byte big-endian
 * NAL lengths, 4 by default as in avcC/hvcC). A length running past the
 * sample ends the scan.
 */
export function extractCcFromAvcSample(sample: Uint8Array, pts: number, codec: VideoCodec = 'h264', lengthSize: 1 | 2 | 4 = 4): CcTriple[] {
  const nalus: Uint8Array[] = [];
  let p = 0;
  while (p + lengthSize <= sample.length) {
    let len = 0;
    for (let i = 0; i < lengthSize; i++) len = len * 256 + sample[p + i]!;
    p += lengthSize;
    if (len === 0 || p + len > sample.length) break;
    nalus.push(sample.subarray(p, p + len));
    p += len;
  }
  return extractCcFromNalus(nalus, pts, codec);
}

/**
 * Triples in presentation order. Video with B-frames carries captions in
 * decode order, but 608/708 byte pairs are meant in display order (CTA-708
 * §4.4); the sort is stable, so the pairs of one picture keep their order.
 */
export function inPresentationOrder(triples: readonly CcTriple[]): CcTriple[] {
  return [...triples].sort((a, b) => a.pts - b.pts);
}

function readSeiMessages(rbsp: Uint8Array, pts: number, out: CcTriple[]): void {
  let p = 0;
  // The last byte is rbsp_trailing_bits (0x80); a message needs at least 2 header bytes.
  while (p + 2 <= rbsp.length && rbsp[p] !== 0x80) {
    let type = 0;
    while (p < rbsp.length && rbsp[p] === 0xff) {
      type += 255;
      p++;
    }
    if (p >= rbsp.length) return;
    type += rbsp[p++]!;
    let size = 0;
    while (p < rbsp.length && rbsp[p] === 0xff) {
      size += 255;
      p++;
    }
    if (p >= rbsp.length) return;
    size += rbsp[p++]!;
    if (p + size > rbsp.length) return;
    if (type === 4) readT35(rbsp.subarray(p, p + size), pts, out);
    p += size;
  }
}

function readT35(d: Uint8Array, pts: number, out: CcTriple[]): void {
  // country_code 0xB5 (no extension byte), provider 0x0031, 'GA94', type 3, then cc_data().
  if (d.length < 10 || d[0] !== 0xb5 || d[1] !== 0x00 || d[2] !== 0x31) return;
  if (((d[3]! << 24) | (d[4]! << 16) | (d[5]! << 8) | d[6]!) >>> 0 !== GA94 || d[7] !== 0x03) return;
  const flags = d[8]!;
  if (!(flags & 0x40)) return; // process_cc_data_flag
  const count = flags & 0x1f;
  // d[9] is em_data; triples follow.
  for (let i = 0, q = 10; i < count && q + 3 <= d.length; i++, q += 3) {
    const head = d[q]!;
    if (!(head & 0x04)) continue; // cc_valid
    out.push({ pts, type: (head & 0x03) as CcTriple['type'], b1: d[q + 1]!, b2: d[q + 2]! });
  }
}
