/**
 * MPEG-2 TS → fragmented MP4 (CMAF) transmuxer: the public entry point that
 * wires the TS layer ({@link TsDemuxer}), the elementary-stream parsers and
 * the fMP4 writers. Pure: bytes in, bytes out, no DOM, no Node APIs.
 *
 * State kept across pushes (one transmuxer per rendition/SourceBuffer): the
 * PMT and continuity counters, codec parameter sets (a new init is emitted when
 * they change), the timestamp reference for 33-bit unwrapping, the last video
 * frame duration and the next expected audio time.
 */
import { AAC_FORMAT, AC3_FORMAT, MPEG_AUDIO_FORMAT, OPUS_FORMAT, type AudioFrameFormat } from './audio-formats.js';
import { AudioParser } from './audio-parser.js';
import { CmafOutput, type OutputTrack } from './cmaf-output.js';
import { invalidMedia, unsupportedMedia } from './errors.js';
import { H264Parser } from './h264-parser.js';
import { H265Parser } from './h265-parser.js';
import { returnScratch, takeScratch } from './scratch-arena.js';

/**
 * The arena each demuxed segment's samples still point into, given back by
 * `mux()` of that very segment. A segment that is never muxed (an error, or a
 * decryption that returns a new segment object) keeps its arena, which is then
 * garbage: the next push allocates a fresh one, never reuses a referenced one.
 */
const heldScratch = new WeakMap<DemuxedSegment, Uint8Array>();
import { MPEG_CLOCK_HZ, unwrapTimestamp } from './timestamp.js';
import { assignDurations } from './track-timing.js';
import { TsDemuxer } from './ts-demuxer.js';
import type { ElementaryStream, StreamKind } from './ts-stream-types.js';
import type { Id3Frame, PushOptions, TransmuxMode, TransmuxResult, TransmuxTiming } from './types.js';
import type { VideoParser } from './video-parser.js';

/**
 * Most samples one push may produce. A 10 s segment at 60 fps with 48 kHz AAC
 * has ~1100; 100 000 allows minutes-long segments while bounding the sample
 * objects a hostile input can make us allocate.
 */
export const MAX_SAMPLES_PER_PUSH = 100_000;
/** 30 fps at 90 kHz: the duration of a lone first frame before any DTS delta is known. */
const DEFAULT_FRAME_TICKS = 3000;

const AUDIO_FORMATS: Partial<Record<StreamKind, AudioFrameFormat>> = { aac: AAC_FORMAT, mp3: MPEG_AUDIO_FORMAT, ac3: AC3_FORMAT, eac3: AC3_FORMAT, opus: OPUS_FORMAT };
const VIDEO_KINDS: ReadonlySet<StreamKind> = new Set(['h264', 'hevc']);
const AUDIO_KINDS: ReadonlySet<StreamKind> = new Set(['aac', 'mp3', 'ac3', 'eac3', 'opus']);

export interface TsTransmuxerOptions {
  /** `muxed` (default): one init/fragment with all tracks; `split`: one per track type. */
  mode?: TransmuxMode;
  /** `split` mode only: MP3/MP2 as raw frames for an `audio/mpeg` SourceBuffer (see `CmafOutputOptions.rawMpegAudio`). */
  rawMpegAudio?: boolean;
}

/**
 * One segment demuxed into samples but not yet written as fMP4: what
 * {@link TsTransmuxer.demux} returns and {@link TsTransmuxer.mux} takes. The
 * gap between the two is the hook for work on samples that may be async —
 * HLS SAMPLE-AES decryption (`crypto/ts-sample-decryption.ts`) replaces
 * sample data in `tracks` here.
 */
export interface DemuxedSegment {
  /** Tracks with their samples (durations filled in), video first. */
  tracks: OutputTrack[];
  /** Which tracks came from SAMPLE-AES stream types (0xdb/0xcf/0xc1): their samples are still encrypted. */
  sampleAes: { video: boolean; audio: boolean };
  timing: TransmuxTiming | null;
  metadata: Id3Frame[];
  warnings: string[];
}

/** A TS → fMP4 transmuxer; see {@link createTsTransmuxer}. */
export interface TsTransmuxer {
  /**
   * Transmuxes one whole segment: `mux(demux(segment))`, refusing SAMPLE-AES
   * streams (their samples need decrypting between the two).
   * @throws MediaError `TRANSMUX_INVALID` (no sync, no PAT/PMT, malformed parameter sets) or
   *   `MEDIA_UNSUPPORTED` (a selected stream's codec, named in the message; SAMPLE-AES stream types).
   */
  push(segment: Uint8Array, options?: PushOptions): TransmuxResult;
  /** The demux half of {@link TsTransmuxer.push}: samples per track, nothing written yet. Same errors, except that SAMPLE-AES streams are accepted. */
  demux(segment: Uint8Array, options?: PushOptions): DemuxedSegment;
  /** The mux half of {@link TsTransmuxer.push}: init (when the configuration changed) and fragment for a {@link DemuxedSegment} of this transmuxer. */
  mux(segment: DemuxedSegment): TransmuxResult;
  /** Forgets all state (after a seek to another rendition, or an error). */
  reset(): void;
}

/** Creates a transmuxer. One per rendition; feed segments in order. */
export function createTsTransmuxer(options: TsTransmuxerOptions = {}): TsTransmuxer {
  return new TsTransmuxerImpl(options.mode ?? 'muxed', options.rawMpegAudio ?? false);
}

class TsTransmuxerImpl implements TsTransmuxer {
  private readonly demuxer = new TsDemuxer();
  private readonly output: CmafOutput;
  private video: { pid: number; parser: VideoParser; sampleAes: boolean } | null = null;
  private audio: { pid: number; parser: AudioParser; sampleAes: boolean } | null = null;
  private id3Pids = new Set<number>();
  private reference: number | undefined;
  private videoFrameTicks = DEFAULT_FRAME_TICKS;

  constructor(mode: TransmuxMode, rawMpegAudio: boolean) {
    this.output = new CmafOutput(mode, { rawMpegAudio });
  }

  reset(): void {
    this.demuxer.reset();
    this.output.reset();
    this.video = null;
    this.audio = null;
    this.id3Pids.clear();
    this.reference = undefined;
    this.videoFrameTicks = DEFAULT_FRAME_TICKS;
  }

  push(segment: Uint8Array, options: PushOptions = {}): TransmuxResult {
    const demuxed = this.demux(segment, options);
    if (demuxed.sampleAes.video || demuxed.sampleAes.audio) {
      const which = demuxed.sampleAes.video ? 'H.264 (stream type 0xdb)' : 'audio (stream type 0xcf/0xc1)';
      throw unsupportedMedia(`SAMPLE-AES ${which} must be decrypted between demux() and mux()`, { sampleAes: demuxed.sampleAes });
    }
    return this.mux(demuxed);
  }

  mux(segment: DemuxedSegment): TransmuxResult {
    const { init, media } = this.output.build(segment.tracks);
    // The writers copied every sample into the fragment: nothing refers to the demux's arena any more.
    const arena = heldScratch.get(segment);
    if (arena) {
      heldScratch.delete(segment);
      returnScratch(arena);
    }
    const result: TransmuxResult = { media, timing: segment.timing, metadata: segment.metadata, warnings: segment.warnings };
    if (init) result.init = init;
    return result;
  }

  demux(segment: Uint8Array, options: PushOptions = {}): DemuxedSegment {
    const warnings: string[] = [];
    if (options.discontinuity) {
      this.demuxer.discontinuity();
      this.audio?.parser.discontinuity();
      this.reference = undefined;
    }
    this.demuxer.warnings.length = 0;
    const arena = takeScratch(segment.length);
    const packets = this.demuxer.push(segment, arena);
    warnings.push(...this.demuxer.warnings);
    if (!this.demuxer.streams) throw invalidMedia('MPEG-TS segment has no PAT/PMT', { length: segment.length });
    if (this.demuxer.pmtChanged) this.selectStreams(this.demuxer.streams);
    this.demuxer.pmtChanged = false;
    const metadata: Id3Frame[] = [];
    let count = 0;
    for (const pes of packets) {
      if (++count > MAX_SAMPLES_PER_PUSH) throw invalidMedia(`more than ${MAX_SAMPLES_PER_PUSH} PES packets in one segment`);
      if (pes.damaged) warnings.push(`PES on PID ${pes.pid} lost packets (continuity error)`);
      let pts: number | undefined;
      let dts: number | undefined;
      if (pes.pts !== undefined) {
        pts = unwrapTimestamp(pes.pts, this.reference);
        dts = unwrapTimestamp(pes.dts ?? pes.pts, pts);
        this.reference = dts;
      }
      if (this.video?.pid === pes.pid) this.video.parser.push(pes.data, pts, dts);
      else if (this.audio?.pid === pes.pid) this.audio.parser.push(pes.data, pts);
      else if (this.id3Pids.has(pes.pid) && pts !== undefined) metadata.push({ pts: pts / MPEG_CLOCK_HZ, data: pes.data.slice() });
    }
    const result = this.finish(metadata, warnings);
    // The samples are still views into the arena until mux() has written them; a SAMPLE-AES demux awaits its
    // decryption in between, and another push must not take the arena meanwhile. mux() gives it back.
    heldScratch.set(result, arena);
    return result;
  }

  private selectStreams(streams: Map<number, ElementaryStream>): void {
    const list = [...streams.values()];
    const video = list.find((s) => VIDEO_KINDS.has(s.kind));
    const audio = list.find((s) => AUDIO_KINDS.has(s.kind));
    const unsupported = list.find((s) => s.kind === 'unsupported');
    if (unsupported && (!video || !audio)) throw unsupportedMedia(unsupported.description ?? `stream type 0x${unsupported.streamType.toString(16)}`, { pid: unsupported.pid, streamType: unsupported.streamType });
    if (!video && !audio) throw unsupportedMedia('MPEG-TS program without audio or video streams', { streamTypes: list.map((s) => s.streamType) });
    if (video && this.video?.pid !== video.pid) this.video = { pid: video.pid, parser: video.kind === 'hevc' ? new H265Parser() : new H264Parser(), sampleAes: !!video.sampleAes };
    if (!video) this.video = null;
    if (audio && this.audio?.pid !== audio.pid) this.audio = { pid: audio.pid, parser: new AudioParser(AUDIO_FORMATS[audio.kind] as AudioFrameFormat), sampleAes: !!audio.sampleAes };
    if (!audio) this.audio = null;
    this.id3Pids = new Set(list.filter((s) => s.kind === 'id3').map((s) => s.pid));
  }

  private finish(metadata: Id3Frame[], warnings: string[]): DemuxedSegment {
    const tracks: OutputTrack[] = [];
    let timing: TransmuxTiming | null = null;
    const extend = (firstPts: number, firstDts: number, end: number) => {
      timing = timing
        ? { firstPts: Math.min(timing.firstPts, firstPts), firstDts: Math.min(timing.firstDts, firstDts), lastEnd: Math.max(timing.lastEnd, end) }
        : { firstPts, firstDts, lastEnd: end };
    };
    if (this.video) {
      const samples = this.video.parser.flush();
      const config = this.video.parser.config();
      if (samples.length > MAX_SAMPLES_PER_PUSH) throw invalidMedia(`more than ${MAX_SAMPLES_PER_PUSH} video samples in one segment`);
      if (samples.length > 0 && !config) warnings.push(`${samples.length} video samples before the first SPS/PPS dropped`);
      if (config && samples.length > 0) {
        this.videoFrameTicks = assignDurations(samples, this.videoFrameTicks);
        let minPts = Infinity;
        for (const s of samples) minPts = Math.min(minPts, s.dts + s.cts);
        const last = samples[samples.length - 1];
        extend(minPts / MPEG_CLOCK_HZ, samples[0].dts / MPEG_CLOCK_HZ, (last.dts + last.duration) / MPEG_CLOCK_HZ);
      }
      if (config) tracks.push({ config, samples });
    }
    if (this.audio) {
      const samples = this.audio.parser.flush();
      warnings.push(...this.audio.parser.warnings.splice(0));
      const config = this.audio.parser.config();
      if (samples.length > MAX_SAMPLES_PER_PUSH) throw invalidMedia(`more than ${MAX_SAMPLES_PER_PUSH} audio samples in one segment`);
      if (config && samples.length > 0) {
        const rate = config.timescale;
        const last = samples[samples.length - 1];
        extend(samples[0].dts / rate, samples[0].dts / rate, (last.dts + last.duration) / rate);
      }
      if (config) tracks.push({ config, samples });
    }
    return { tracks, sampleAes: { video: !!this.video?.sampleAes, audio: !!this.audio?.sampleAes }, timing, metadata, warnings };
  }
}
