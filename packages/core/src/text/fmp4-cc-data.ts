/**
 * CEA-608/708 `cc_data` out of the video samples of fragmented MP4 (HLS fMP4,
 * DASH, and the transmuxer's TS → fMP4 output alike): the init's video track
 * (timescale, codec, NAL length size from `avcC` / `hvcC`) and each sample's
 * SEI NAL units, via `cea/sei-cc-extractor.ts`. Pure.
 */
import { findBox, iterateBoxes, type BoxHeader } from '../mp4/box-reader.js';
import { parseFragmentSamples, parseInitTracks, type InitTrackInfo } from '../mp4/fragment.js';
import type { CcTriple } from './cea/cea608-decoder.js';
import { extractCcFromAvcSample, inPresentationOrder, type VideoCodec } from './cea/sei-cc-extractor.js';

/** What caption extraction needs to know about an init segment's video track. */
export interface CaptionVideoTrack {
  track: InitTrackInfo;
  codec: VideoCodec;
  /** Bytes of each NAL unit's length prefix in the samples (avcC / hvcC `lengthSizeMinusOne` + 1). */
  lengthSize: 1 | 2 | 4;
}

/** Bytes between a visual sample entry's payload start and its child boxes (ISO/IEC 14496-12 §12.1.3). */
const VISUAL_ENTRY_HEADER = 78;

/** The codec configuration box (`avcC` / `hvcC`) under the first sample entry of `trak`'s stsd, or null. */
function codecConfig(view: DataView, trak: BoxHeader): BoxHeader | null {
  let box: BoxHeader | null = trak;
  for (const type of ['mdia', 'minf', 'stbl', 'stsd']) {
    box = box ? findBox(view, type, box.payloadStart, box.end) : null;
  }
  if (!box || box.payloadStart + 8 > box.end) return null;
  const entry = iterateBoxes(view, box.payloadStart + 8, box.end).next().value as BoxHeader | undefined;
  if (!entry || entry.payloadStart + VISUAL_ENTRY_HEADER > entry.end) return null;
  for (const child of iterateBoxes(view, entry.payloadStart + VISUAL_ENTRY_HEADER, entry.end)) {
    if (child.type === 'avcC' || child.type === 'hvcC') return child;
  }
  return null;
}

/**
 * The video track of an init segment (`ftyp`+`moov`, possibly followed by
 * media), or null when it has none (audio-only) or no avcC/hvcC (other
 * codecs carry no SEI captions).
 * @throws BoxFormatError for a truncated moov.
 */
export function captionVideoTrack(init: Uint8Array): CaptionVideoTrack | null {
  const view = new DataView(init.buffer, init.byteOffset, init.byteLength);
  const track = parseInitTracks(view).find((t) => t.handler === 'vide');
  if (!track) return null;
  const moov = findBox(view, 'moov')!;
  for (const trak of iterateBoxes(view, moov.payloadStart, moov.end)) {
    if (trak.type !== 'trak') continue;
    const tkhd = findBox(view, 'tkhd', trak.payloadStart, trak.end);
    if (!tkhd || tkhd.payloadStart + 16 > tkhd.end) continue;
    const version = view.getUint8(tkhd.payloadStart);
    const id = view.getUint32(tkhd.payloadStart + (version === 1 ? 20 : 12));
    if (id !== track.trackId) continue;
    const config = codecConfig(view, trak);
    if (!config) return null;
    const codec: VideoCodec = config.type === 'avcC' ? 'h264' : 'hevc';
    const at = config.payloadStart + (codec === 'h264' ? 4 : 21);
    if (at >= config.end) return null;
    const size = (view.getUint8(at) & 0x03) + 1;
    return { track, codec, lengthSize: size === 3 ? 4 : (size as 1 | 2 | 4) };
  }
  return null;
}

/**
 * Valid cc_data triples of every video sample in `segment` (its `moof`s),
 * in presentation order, `pts` in seconds of the track's media time.
 * @throws BoxFormatError for a malformed fragment.
 */
export function ccDataOfFragment(segment: Uint8Array, video: CaptionVideoTrack): CcTriple[] {
  const view = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
  const out: CcTriple[] = [];
  const scale = video.track.timescale || 1;
  for (const s of parseFragmentSamples(view, video.track)) {
    const triples = extractCcFromAvcSample(s.data, (s.decodeTime + s.compositionOffset) / scale, video.codec, video.lengthSize);
    for (const t of triples) out.push(t);
  }
  return inPresentationOrder(out);
}
