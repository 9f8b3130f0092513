/**
 * Sample entries (ISO/IEC 14496-12 §12.1/§12.2) with their codec
 * configuration boxes: avc1+avcC (ISO/IEC 14496-15 §5.3.3), mp4a+esds
 * (ISO/IEC 14496-14 §5.6, 14496-1 §7.2.6), ac-3+dac3 / ec-3+dec3 (ETSI TS 102 366 Annex F).
 */
import { box, concat, fullBox, u16, u32, u8, zeros } from './box-writer.js';

/** The common VisualSampleEntry fields followed by `children`. */
export function visualSampleEntry(type: string, width: number, height: number, ...children: Uint8Array[]): Uint8Array {
  return box(
    type,
    zeros(6),
    u16(1), // data_reference_index
    zeros(16), // pre_defined + reserved
    u16(width),
    u16(height),
    u32(0x00480000), // 72 dpi
    u32(0x00480000),
    u32(0),
    u16(1), // frame_count
    zeros(32), // compressorname
    u16(0x0018), // depth
    u16(0xffff), // pre_defined = -1
    ...children,
  );
}

/** avcC from the first SPS and every PPS. */
export function avcC(sps: Uint8Array[], pps: Uint8Array[], chroma: { profileIdc: number; chromaFormatIdc: number; bitDepthLuma: number; bitDepthChroma: number }): Uint8Array {
  const parts: Uint8Array[] = [u8(1, sps[0][1], sps[0][2], sps[0][3], 0xfc | 3, 0xe0 | sps.length)];
  for (const s of sps) parts.push(u16(s.length), s);
  parts.push(u8(pps.length));
  for (const p of pps) parts.push(u16(p.length), p);
  if ([100, 110, 122, 144].includes(chroma.profileIdc)) {
    parts.push(u8(0xfc | chroma.chromaFormatIdc, 0xf8 | (chroma.bitDepthLuma - 8), 0xf8 | (chroma.bitDepthChroma - 8), 0));
  }
  return box('avcC', ...parts);
}

/** Pixel aspect ratio box, only written when it is not square. */
export function pasp(sar: [number, number]): Uint8Array[] {
  return sar[0] === sar[1] ? [] : [box('pasp', u32(sar[0]), u32(sar[1]))];
}

/** The common AudioSampleEntry fields followed by `children`. */
export function audioSampleEntry(type: string, channels: number, sampleRate: number, ...children: Uint8Array[]): Uint8Array {
  return box(
    type,
    zeros(6),
    u16(1),
    zeros(8),
    u16(channels),
    u16(16), // samplesize
    zeros(4),
    // 16.16 fixed point: rates above 65535 Hz do not fit; the mdhd timescale carries the real rate.
    u32(Math.min(sampleRate, 0xffff) * 0x10000),
    ...children,
  );
}

/** MPEG-4 descriptor with a (single-byte-or-more) expandable size. */
function descriptor(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const payload = concat(...parts);
  const size = payload.length;
  const len = size < 0x80 ? u8(size) : u8(0x80 | (size >> 21), 0x80 | (size >> 14), 0x80 | (size >> 7), size & 0x7f);
  return concat(u8(tag), len, payload);
}

/**
 * esds for an MPEG-4 audio or MPEG-1/2 audio stream. `objectType` 0x40 (AAC,
 * with `config` = AudioSpecificConfig), 0x6b (MPEG-1 audio) or 0x69 (MPEG-2 audio).
 */
export function esds(objectType: number, config: Uint8Array | null, trackId = 1): Uint8Array {
  const decoderConfig = descriptor(
    0x04,
    u8(objectType, 0x15), // streamType 5 (audio) << 2 | upStream 0 | reserved 1
    u8(0, 0, 0), // bufferSizeDB
    u32(0), // maxBitrate
    u32(0), // avgBitrate
    ...(config ? [descriptor(0x05, config)] : []),
  );
  const es = descriptor(0x03, u16(trackId), u8(0), decoderConfig, descriptor(0x06, u8(0x02)));
  return fullBox('esds', 0, 0, es);
}
