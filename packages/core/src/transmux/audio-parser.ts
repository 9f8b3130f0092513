/**
 * Frame-based audio elementary streams (AAC-ADTS, MPEG audio, AC-3) → mp4
 * samples in a timescale of the sample rate. Frames may span PES packets (the
 * tail is kept for the next PES). Frame times come from the PES PTS, but a PES
 * time within half a frame of where the previous frame ended is snapped to it,
 * so the 90 kHz rounding of muxers does not leave sub-frame gaps or overlaps in
 * the SourceBuffer (the same rule hls.js applies).
 */
import type { AudioFrameFormat } from './audio-formats.js';
import type { EncodedSample, TrackConfig } from './types.js';

/** Bytes searched for a sync word before a PES is given up as garbage. 8 KiB > the largest AAC/AC-3 frame. */
const RESYNC_WINDOW = 8192;

export class AudioParser {
  private tail: Uint8Array | null = null;
  private nextDts: number | undefined;
  private samples: EncodedSample[] = [];
  private current: TrackConfig | null = null;
  private configKey = '';
  readonly warnings: string[] = [];

  constructor(readonly format: AudioFrameFormat) {}

  /** One PES payload (or packed-audio chunk) with its unwrapped 90 kHz PTS. */
  push(data: Uint8Array, pts90: number | undefined): void {
    let b = data;
    if (this.tail) {
      b = new Uint8Array(this.tail.length + data.length);
      b.set(this.tail);
      b.set(data, this.tail.length);
      this.tail = null;
    }
    let at = 0;
    let t: number | undefined;
    let skipped = 0;
    while (at < b.length) {
      const frame = this.format.isSync(b, at) ? this.format.frame(b, at) : null;
      if (!frame) {
        if (at + 8 > b.length && this.format.isSync(b, at)) break; // header itself cut off
        at++;
        if (++skipped > RESYNC_WINDOW) {
          this.warnings.push(`${this.format.name}: no frame sync in ${RESYNC_WINDOW} bytes, PES dropped`);
          return;
        }
        continue;
      }
      if (at + frame.length > b.length) break; // continues in the next PES
      if (frame.configKey !== this.configKey) {
        if (this.current && frame.sampleRate !== this.current.sampleRate) this.nextDts = undefined;
        this.configKey = frame.configKey;
        this.current = frame.config();
      }
      if (t === undefined) t = this.frameTime(pts90, frame.sampleRate, frame.samples);
      if (t === undefined) {
        at += frame.length; // no time known yet: cannot place the frame
        continue;
      }
      this.samples.push({ dts: t, cts: 0, duration: frame.samples, key: true, size: frame.length - frame.payloadOffset, data: b.subarray(at + frame.payloadOffset, at + frame.length) });
      t += frame.samples;
      this.nextDts = t;
      at += frame.length;
    }
    if (at < b.length) this.tail = b.slice(at);
  }

  private frameTime(pts90: number | undefined, rate: number, frameSamples: number): number | undefined {
    if (pts90 === undefined) return this.nextDts;
    const t = Math.round((pts90 * rate) / 90000);
    if (this.nextDts !== undefined && Math.abs(t - this.nextDts) <= frameSamples / 2) return this.nextDts;
    return t;
  }

  /** End of segment: the samples so far (a partial frame stays for the next segment). */
  flush(): EncodedSample[] {
    const out = this.samples;
    this.samples = [];
    return out;
  }

  config(): TrackConfig | null {
    return this.current;
  }

  /** Timestamps restart: forget the expected next time and any partial frame. */
  discontinuity(): void {
    this.nextDts = undefined;
    this.tail = null;
  }

  reset(): void {
    this.discontinuity();
    this.samples = [];
    this.current = null;
    this.configKey = '';
  }
}
