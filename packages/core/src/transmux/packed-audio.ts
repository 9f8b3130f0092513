/**
 * Packed audio (RFC 8216 §3.4): raw AAC-ADTS, MP3 or AC-3 frames, each segment
 * starting with an ID3 tag whose `PRIV com.apple.streaming.transportStreamTimestamp`
 * gives the MPEG-2 time of the first frame. Packaged into fMP4 through the
 * same audio path as TS audio, so the player has one code path.
 */
import { AAC_FORMAT, AC3_FORMAT, MPEG_AUDIO_FORMAT, type AudioFrameFormat } from './audio-formats.js';
import { AudioParser } from './audio-parser.js';
import { CmafOutput, type CmafOutputOptions } from './cmaf-output.js';
import { invalidMedia } from './errors.js';
import { id3TagLength, transportStreamTimestamp } from './id3.js';
import { MPEG_CLOCK_HZ, unwrapTimestamp } from './timestamp.js';
import type { Id3Frame, PushOptions, TransmuxResult } from './types.js';

/** Picks the frame format from the first audio bytes (two consecutive frames when the segment has them). */
export function detectPackedAudioFormat(b: Uint8Array, at: number): AudioFrameFormat | null {
  for (const f of [AAC_FORMAT, AC3_FORMAT, MPEG_AUDIO_FORMAT]) {
    const frame = f.frame(b, at);
    if (!frame) continue;
    const next = at + frame.length;
    if (next >= b.length || f.frame(b, next) || id3TagLength(b, next) > 0) return f;
  }
  return null;
}

/** A packed-audio → fMP4 transmuxer; same result shape as the TS transmuxer (audio only). */
export interface PackedAudioTransmuxer {
  /** @throws MediaError `TRANSMUX_INVALID` when no audio frame is found. */
  push(segment: Uint8Array, options?: PushOptions): TransmuxResult;
  reset(): void;
}

/** `rawMpegAudio`: MP3/MP2 as raw frames for an `audio/mpeg` SourceBuffer (see {@link CmafOutputOptions.rawMpegAudio}). */
export function createPackedAudioTransmuxer(options: CmafOutputOptions = {}): PackedAudioTransmuxer {
  let parser: AudioParser | null = null;
  let output = new CmafOutput('split', options);
  let reference: number | undefined;
  return {
    reset() {
      parser = null;
      output = new CmafOutput('split', options);
      reference = undefined;
    },
    push(segment, options = {}) {
      const warnings: string[] = [];
      const metadata: Id3Frame[] = [];
      if (options.discontinuity) {
        parser?.discontinuity();
        reference = undefined;
      }
      let at = 0;
      let pts: number | undefined;
      const ranges: Array<[number, number]> = [];
      let rangeStart = -1;
      while (at < segment.length) {
        const tag = id3TagLength(segment, at);
        if (tag > 0) {
          if (rangeStart >= 0) ranges.push([rangeStart, at]);
          rangeStart = -1;
          const bytes = segment.subarray(at, Math.min(segment.length, at + tag));
          const raw = transportStreamTimestamp(bytes);
          if (raw !== undefined && pts === undefined && ranges.length === 0) {
            pts = unwrapTimestamp(raw, reference);
            reference = pts;
          }
          metadata.push({ pts: Number.NaN, data: bytes.slice() });
          at += tag;
          continue;
        }
        if (!parser) {
          const format = detectPackedAudioFormat(segment, at);
          if (!format) throw invalidMedia('packed audio segment: no ADTS, MPEG audio or AC-3 frame after the ID3 tag', { offset: at });
          parser = new AudioParser(format);
        }
        if (rangeStart < 0) rangeStart = at;
        const frame = parser.format.frame(segment, at);
        at += frame ? frame.length : 1;
      }
      if (rangeStart >= 0) ranges.push([rangeStart, segment.length]);
      if (!parser) throw invalidMedia('packed audio segment holds no audio frames', { length: segment.length });
      if (pts === undefined) warnings.push('packed audio segment without a transportStreamTimestamp ID3 PRIV: continuing from the previous segment');
      ranges.forEach(([s, e], i) => parser!.push(segment.subarray(s, e), i === 0 ? pts : undefined));
      warnings.push(...parser.warnings.splice(0));
      const samples = parser.flush();
      const config = parser.config();
      const base = pts ?? (samples[0] ? (samples[0].dts * MPEG_CLOCK_HZ) / (config?.timescale ?? 1) : 0);
      for (const m of metadata) m.pts = base / MPEG_CLOCK_HZ;
      if (!config) return { media: [], timing: null, metadata, warnings };
      const { init, media } = output.build([{ config, samples }]);
      const rate = config.timescale;
      const last = samples[samples.length - 1];
      const timing = samples.length > 0 ? { firstPts: samples[0].dts / rate, firstDts: samples[0].dts / rate, lastEnd: (last.dts + last.duration) / rate } : null;
      const result: TransmuxResult = { media, timing, metadata, warnings };
      if (init) result.init = init;
      return result;
    },
  };
}
