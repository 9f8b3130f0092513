import { EdgeplayError, isEdgeplayError } from '../errors/edgeplay-error.js';
import type { Track } from '../manifest/model.js';
import type { SegmentIndex } from '../manifest/segment-index.js';
import type { Clock, TimerHandle } from '../platform/clock.js';
import type { TextRenderer } from '../platform/text-renderer.js';
import type { RequestEngine } from '../net/request-engine.js';
import { parseWebVtt } from './webvtt-parser.js';

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
}

const decoder = new TextDecoder();
const POLL_MS = 1000;

/**
 * Feeds one WebVTT text track to the renderer: a sidecar file is one
 * "segment" covering the whole presentation; segmented WebVTT (DASH/HLS) is
 * fetched segment by segment up to `lookaheadS` ahead of the playhead.
 * wvtt-in-fMP4 (ISO 14496-30) is not supported yet: such tracks report a
 * recoverable error and stay empty.
 */
export class TextStreamer {
  private running = false;
  private timer: TimerHandle | null = null;
  private readonly fetched = new Set<string>();
  private busy = false;

  constructor(private readonly o: TextStreamerOptions) {}

  start(): void {
    this.running = true;
    if (this.o.track.mimeType.includes('mp4')) {
      this.o.onError(new EdgeplayError('text', 'TEXT_UNSUPPORTED', `text track ${this.o.track.id}: WebVTT in fMP4 (wvtt) is not supported yet`, { severity: 'recoverable', details: { trackId: this.o.track.id } }));
      return;
    }
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
          const res = await this.o.engine.fetch({ uri: ref.uri, baseUrls: this.o.track.baseUrls, kind: 'segment', ...(ref.byteRange ? { byteRange: ref.byteRange } : {}) }).promise;
          if (!this.running) break;
          this.fetched.add(key);
          // Segmented VTT carries presentation times already; X-TIMESTAMP-MAP handles HLS.
          this.o.renderer.addCues(parseWebVtt(decoder.decode(res.data), { source: ref.uri }));
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
