/**
 * Container and codec discovery from a segment's first bytes, for HLS without
 * CODECS: what SourceBuffer to create (and whether to transmux) before
 * appending anything.
 */
import { BoxFormatError, toDataView } from '../mp4/box-reader.js';
import { AAC_FORMAT, MPEG_AUDIO_FORMAT } from './audio-formats.js';
import { invalidMedia, unsupportedMedia } from './errors.js';
import { id3TagLength } from './id3.js';
import { detectPackedAudioFormat } from './packed-audio.js';
import { initSegmentCodecs, type ProbedTrack } from './stsd-codecs.js';
import { createTsTransmuxer } from './ts-transmuxer.js';

export type Container = 'mp2t' | 'fmp4' | 'aac' | 'mp3' | 'ac3' | 'webm' | 'webvtt';

export interface ProbeResult {
  container: Container;
  /**
   * Tracks with codec strings. For fMP4: from the init segment's stsd (empty for
   * a media segment without moov). For TS and packed audio: the codecs of the
   * fMP4 the transmuxer makes of it. For WebM/WebVTT: empty (not inspected).
   */
  tracks: ProbedTrack[];
  /** Distinct codec strings of `tracks`, in track order. */
  codecs: string[];
}

const MP4_TOP_LEVEL = new Set(['ftyp', 'styp', 'moov', 'moof', 'sidx', 'emsg', 'prft', 'free', 'skip', 'uuid', 'mdat']);

function result(container: Container, tracks: ProbedTrack[]): ProbeResult {
  return { container, tracks, codecs: [...new Set(tracks.map((t) => t.codec))] };
}

function isTs(b: Uint8Array): boolean {
  return b.length >= 188 && b[0] === 0x47 && (b.length < 376 || b[188] === 0x47);
}

/**
 * Identifies the container and codecs of `bytes` (a whole init or media segment).
 * @throws MediaError `MEDIA_UNSUPPORTED` (container: 'unknown') when nothing
 *   matches; `TRANSMUX_INVALID` / `SEGMENT_CORRUPT` when it matches but is broken.
 */
export function probeSegment(bytes: Uint8Array): ProbeResult {
  if (isTs(bytes)) {
    const r = createTsTransmuxer({ mode: 'split' }).push(bytes);
    const tracks = (r.init ?? []).flatMap((i) => i.tracks).map((t) => ({ trackId: t.id, type: t.type, codec: t.codecs, encrypted: false }));
    return result('mp2t', tracks);
  }
  if (bytes.length >= 8 && MP4_TOP_LEVEL.has(String.fromCharCode(bytes[4], bytes[5], bytes[6], bytes[7]))) {
    try {
      return result('fmp4', initSegmentCodecs(toDataView(bytes)));
    } catch (e) {
      if (e instanceof BoxFormatError || e instanceof RangeError) throw invalidMedia(`fMP4 init segment is malformed: ${e.message}`);
      throw e;
    }
  }
  if (bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return result('webm', []);
  const text = String.fromCharCode(...bytes.subarray(0, 9));
  if (/^(\uFEFF)?WEBVTT/.test(text) || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && text.slice(3, 9) === 'WEBVTT')) return result('webvtt', []);
  let at = 0;
  for (let tag = id3TagLength(bytes, at); tag > 0 && at < bytes.length; tag = id3TagLength(bytes, at)) at += tag;
  const format = detectPackedAudioFormat(bytes, at);
  if (format) {
    const frame = format.frame(bytes, at)!;
    const config = frame.config();
    const container: Container = format === AAC_FORMAT ? 'aac' : format === MPEG_AUDIO_FORMAT ? 'mp3' : 'ac3';
    return result(container, [{ trackId: 1, type: 'audio', codec: config.codec, encrypted: false }]);
  }
  throw unsupportedMedia('unknown container (not MPEG-TS, fMP4, WebM, WebVTT, ADTS, MPEG audio or AC-3)', {
    container: 'unknown',
    firstBytes: [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' '),
  });
}
