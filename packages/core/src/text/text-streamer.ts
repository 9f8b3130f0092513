import { isEdgeplayError, type EdgeplayError } from '../errors/edgeplay-error.js';
import { TextError } from '../errors/text-error.js';
import type { Track } from '../manifest/model.js';
import type { SegmentIndex } from '../manifest/segment-index.js';
import type { Clock, TimerHandle } from '../platform/clock.js';
import type { TextRenderer } from '../platform/text-renderer.js';
import type { RequestEngine } from '../net/request-engine.js';
import type { ByteRange, SegmentReference } from '../manifest/model.js';
import type { TextCue } from '../platform/text-renderer.js';
import { parseMp4TextInit, type Mp4TextTrack } from './mp4-text-init.js';
import { parseTextDocument } from './text-document.js';
import { parseStppSegment } from './ttml/stpp-parser.js';
import { parseWvttSegment } from './wvtt-parser.js';

/** What a {@link TextStreamer} needs. */
export interface TextStreamerOptions {
  track: Track;
  engine: RequestEngine;
  clock: Clock;
  renderer: TextRenderer;
  ensureIndex: (track: Track) => Promise<SegmentIndex>;
  playhead: () => number;
  lookaheadS: () => number;
  onError: (e: EdgeplayError) => void;
  /**
   * HLS: seconds the load's timeline mapping adds to MPEG-2 media time in
   * `ref`'s discontinuity sequence (TS from 1.4 s → −1.4), so WebVTT cues,
   * which `X-TIMESTAMP-MAP` puts on the media clock, land where the media
   * does. `undefined` while no audio/video segment of the sequence is mapped.
   */
  mediaOffset?: (ref: SegmentReference) => number | undefined;
}

const decoder = new TextDecoder();
const POLL_MS = 1000;
/**
 * Longest wait for a discontinuity's media mapping before WebVTT is parsed
 * without it. Not measured: chosen as several times the one-segment startup
 * fetch, so only media that never maps (no readable timestamps) hits it.
 */
const MAPPING_WAIT_MS = 5000;

/**
 * Feeds one text track to the renderer: a sidecar file (WebVTT, TTML/DFXP)
 * is one "segment" covering the whole presentation; segmented WebVTT
 * (DASH/HLS) and text in fragmented MP4 (mime type `application/mp4`: `wvtt`
 * WebVTT or `stpp` TTML/IMSC, ISO/IEC 14496-30) are fetched segment by
 * segment up to `lookaheadS` ahead of the playhead. A segment that does not parse is reported once (a
 * recoverable `TEXT_INVALID`) and skipped: subtitles must never stop video.
 */
export class TextStreamer {
  private running = false;
  private timer: TimerHandle | null = null;
  private readonly fetched = new Set<string>();
  private busy = false;
  /** Virtual time the streamer started waiting for a media mapping (see awaitingMapping). */
  private waitingSince: number | null = null;
  /** Parsed init segments of an MP4 text track (wvtt or stpp), by URI + range. */
  private readonly inits = new Map<string, Mp4TextTrack | null>();

  constructor(private readonly o: TextStreamerOptions) {}

  start(): void {
    this.running = true;
    void this.pump();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** After a seek, fetch around the new position at once. */
  seek(_time: number): void {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    void this.pump();
  }

  /** The cues of one segment, or null when it did not parse (reported, then skipped). Network errors propagate. */
  private async cuesOf(ref: SegmentReference): Promise<TextCue[] | null> {
    const mp4 = this.o.track.mimeType.includes('mp4');
    const init = mp4 ? await this.initOf(ref) : null;
    const data = await this.download(ref.uri, ref.byteRange);
    try {
      // Segmented VTT carries presentation times already (X-TIMESTAMP-MAP handles HLS); MP4 text and TTML carry media times.
      if (!mp4) {
        const cues = parseTextDocument(decoder.decode(data), ref.timestampOffset, ref.uri);
        // HLS: X-TIMESTAMP-MAP put the cues on the media clock; the media itself was moved by the timeline mapping.
        const shift = this.o.mediaOffset?.(ref) ?? 0;
        return shift ? cues.map((c) => ({ ...c, start: c.start + shift, end: c.end + shift })) : cues;
      }
      if (!init) return null;
      if (init.codec === 'stpp') return parseStppSegment(data, init.info, ref.timestampOffset, ref.uri);
      return parseWvttSegment(data, init.info, ref.timestampOffset, ref.uri);
    } catch (e) {
      if (!isEdgeplayError(e)) throw e;
      this.o.onError(e);
      return null;
    }
  }

  private async initOf(ref: SegmentReference): Promise<Mp4TextTrack | null> {
    if (!ref.init) {
      this.o.onError(new TextError('TEXT_INVALID', `text track ${this.o.track.id}: MP4 text segment ${ref.uri} has no init segment`, { details: { trackId: this.o.track.id } }));
      return null;
    }
    const key = `${ref.init.uri}|${ref.init.byteRange?.start ?? ''}`;
    if (this.inits.has(key)) return this.inits.get(key)!;
    const data = await this.download(ref.init.uri, ref.init.byteRange);
    let info: Mp4TextTrack | null = null;
    try {
      info = parseMp4TextInit(data, ref.init.uri);
    } catch (e) {
      if (!isEdgeplayError(e)) throw e;
      this.o.onError(e); // once: the failed parse is remembered, its segments are skipped
    }
    this.inits.set(key, info);
    return info;
  }

  private async download(uri: string, byteRange: ByteRange | undefined): Promise<Uint8Array> {
    const res = await this.o.engine.fetch({ uri, baseUrls: this.o.track.baseUrls, kind: 'segment', ...(byteRange ? { byteRange } : {}) }).promise;
    return res.data instanceof Uint8Array ? res.data : new Uint8Array(res.data);
  }

  /**
   * Whether `ref`'s cues should wait for the media of its discontinuity to be
   * mapped (HLS WebVTT: parsed earlier, every cue would be off by the media's
   * start, e.g. 1.4 s). Waits at most {@link MAPPING_WAIT_MS}, then goes on
   * without: media that never maps (no timestamps) must not hide subtitles.
   */
  private awaitingMapping(ref: SegmentReference): boolean {
    if (!this.o.mediaOffset || this.o.track.mimeType.includes('mp4') || this.o.mediaOffset(ref) !== undefined) return false;
    const now = this.o.clock.now();
    this.waitingSince ??= now;
    return now - this.waitingSince < MAPPING_WAIT_MS;
  }

  private async pump(): Promise<void> {
    if (!this.running || this.busy) return;
    this.busy = true;
    try {
      const index = await this.o.ensureIndex(this.o.track);
      const t = this.o.playhead();
      let pos = index.find(t);
      const until = t + this.o.lookaheadS();
      while (this.running && pos >= 0 && pos < index.length) {
        const ref = index.get(pos);
        if (!ref || ref.start > until) break;
        const key = `${ref.uri}|${ref.byteRange?.start ?? ''}`;
        if (!this.fetched.has(key)) {
          if (this.awaitingMapping(ref)) break; // retried on the next poll
          const cues = await this.cuesOf(ref);
          if (!this.running) break;
          this.fetched.add(key);
          if (cues) this.o.renderer.addCues(cues);
        }
        pos++;
      }
    } catch (e) {
      if (isEdgeplayError(e)) this.o.onError(e);
    } finally {
      this.busy = false;
      if (this.running) this.timer = this.o.clock.setTimeout(() => void this.pump(), POLL_MS);
    }
  }
}
