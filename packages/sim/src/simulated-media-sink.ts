import { EventEmitter, MediaError, type BufferedRanges, type Clock, type MediaSink, type SinkBuffer, type SinkBufferType, type SinkEvent, type TimerHandle } from '@edgeplay/core';
import { decodeSyntheticPayload } from './synthetic-payload.js';

/** Options of {@link SimulatedMediaSink} (tick, frame rate, display size, buffer quota). */
export interface SimulatedMediaSinkOptions {
  clock: Clock;
  /** Playhead update (and `timeupdate`) period while playing, ms. */
  tickMs?: number;
  /** Frames per second of the simulated video, for decoded-frame counts. */
  frameRate?: number;
  /** Rendered size in device pixels (for ABR caps). */
  displaySize?: { width: number; height: number } | null;
  /** Per-buffer capacity in seconds of media; an append beyond it rejects with QUOTA_EXCEEDED. */
  quotaSeconds?: number;
  /** Ranges closer than this (s) merge, like MSE's coded-frame tolerance. */
  mergeToleranceS?: number;
}

type Range = { start: number; end: number };

/** Adds [start, end) to sorted disjoint ranges, merging neighbours within `tol`. */
export function addRange(ranges: readonly Range[], start: number, end: number, tol: number): Range[] {
  if (!(end > start)) return [...ranges];
  const out: Range[] = [];
  let s = start;
  let e = end;
  let placed = false;
  for (const r of ranges) {
    if (r.end < s - tol) out.push(r);
    else if (r.start > e + tol) {
      if (!placed) {
        out.push({ start: s, end: e });
        placed = true;
      }
      out.push(r);
    } else {
      s = Math.min(s, r.start);
      e = Math.max(e, r.end);
    }
  }
  if (!placed) out.push({ start: s, end: e });
  return out;
}

/** Removes [start, end) from sorted disjoint ranges. */
export function removeRange(ranges: readonly Range[], start: number, end: number): Range[] {
  const out: Range[] = [];
  for (const r of ranges) {
    if (r.end <= start || r.start >= end) out.push(r);
    else {
      if (r.start < start) out.push({ start: r.start, end: start });
      if (r.end > end) out.push({ start: end, end: r.end });
    }
  }
  return out;
}

class SimulatedSinkBuffer implements SinkBuffer {
  ranges: Range[] = [];
  appends = 0;
  constructor(
    readonly type: SinkBufferType,
    public mimeCodecs: string,
    private readonly sink: SimulatedMediaSink,
  ) {}

  append(data: ArrayBuffer | Uint8Array, options?: { timestampOffset?: number; appendWindowEnd?: number }): Promise<void> {
    const header = decodeSyntheticPayload(data);
    if (!header) {
      return Promise.reject(new MediaError('MEDIA_APPEND_FAILED', `simulated ${this.type} buffer: bytes are not a synthetic media payload (${data.byteLength} bytes)`));
    }
    if (header.init) return Promise.resolve();
    const offset = options?.timestampOffset ?? 0;
    let start = header.start + offset;
    let end = header.end + offset;
    if (options?.appendWindowEnd !== undefined) end = Math.min(end, options.appendWindowEnd);
    start = Math.max(0, start);
    const quota = this.sink.quotaSeconds;
    if (quota < Infinity) {
      const held = this.ranges.reduce((s, r) => s + (r.end - r.start), 0);
      if (held + (end - start) > quota + 1e-9) {
        return Promise.reject(new MediaError('QUOTA_EXCEEDED', `simulated ${this.type} buffer full (${held.toFixed(1)} s held, quota ${quota} s)`, { severity: 'recoverable' }));
      }
    }
    this.ranges = addRange(this.ranges, start, end, this.sink.mergeTolerance);
    this.appends++;
    this.sink.recordAppend(this.type, header.trackId, start, end);
    this.sink.onBufferChanged();
    return Promise.resolve();
  }

  remove(start: number, end: number): Promise<void> {
    this.ranges = removeRange(this.ranges, start, end);
    this.sink.onBufferChanged();
    return Promise.resolve();
  }

  abort(): Promise<void> {
    return Promise.resolve();
  }

  changeType(mimeCodecs: string): Promise<void> {
    this.mimeCodecs = mimeCodecs;
    return Promise.resolve();
  }

  buffered(): BufferedRanges {
    return this.ranges;
  }

  /** End of the range containing `t` (within tolerance), or null when `t` is unbuffered. */
  endAt(t: number, tol: number): number | null {
    for (const r of this.ranges) if (r.start <= t + tol && t < r.end - 1e-9) return r.end;
    return null;
  }
}

/**
 * A {@link MediaSink} whose "decoder" consumes buffered media in virtual time.
 * The playhead advances at the playback rate while every audio/video buffer
 * has media at the playhead (text never blocks); when one runs dry it fires
 * `waiting` at the exact moment it drains, and `playing` as soon as an append
 * covers the playhead again. It ends (`ended`) at the end of the buffered
 * media after `endOfStream()`. Appends take synthetic payloads (see
 * `synthetic-payload.ts`), which say which media time they cover.
 *
 * Also keeps its own QoE ground truth (stalls, stall time, time played,
 * decoded frames) so simulations can check the player's stats.
 */
export class SimulatedMediaSink implements MediaSink {
  readonly quotaSeconds: number;
  readonly mergeTolerance: number;
  private readonly clock: Clock;
  private readonly events = new EventEmitter<Record<SinkEvent, void>>();
  private readonly buffers = new Map<SinkBufferType, SimulatedSinkBuffer>();
  private readonly tickMs: number;
  private readonly frameRate: number;
  private display: { width: number; height: number } | null;
  private time = 0;
  private isPaused = true;
  private rate = 1;
  private duration = NaN;
  private eos = false;
  private hasEnded = false;
  private stalled = true;
  private destroyed = false;
  private timer: TimerHandle | null = null;
  private lastTick = 0;
  private frames = 0;
  private stallStartedAt: number | null = null;
  /** Stalls after the first frame (startup wait is not a stall). */
  stallCount = 0;
  /** Total stalled ms after the first frame. */
  stallMs = 0;
  /** Seconds of media played. */
  playedS = 0;
  /** Clock.now of the first `playing`, or null. */
  firstPlayingAt: number | null = null;
  /** Every media append, in order: which track's media covers which time (later appends replace earlier ones). */
  readonly appendLog: { type: SinkBufferType; trackId: string; start: number; end: number }[] = [];

  constructor(options: SimulatedMediaSinkOptions) {
    this.clock = options.clock;
    this.tickMs = Math.max(1, options.tickMs ?? 250);
    this.frameRate = options.frameRate ?? 30;
    this.display = options.displaySize === undefined ? { width: 1920, height: 1080 } : options.displaySize;
    this.quotaSeconds = options.quotaSeconds ?? Infinity;
    this.mergeTolerance = options.mergeToleranceS ?? 0.05;
  }

  open(): Promise<void> {
    return Promise.resolve();
  }

  isTypeSupported(_mimeCodecs: string): boolean {
    return true;
  }

  addBuffer(type: SinkBufferType, mimeCodecs: string): SinkBuffer {
    const existing = this.buffers.get(type);
    if (existing) return existing;
    const buffer = new SimulatedSinkBuffer(type, mimeCodecs, this);
    this.buffers.set(type, buffer);
    return buffer;
  }

  setDuration(seconds: number): void {
    this.duration = seconds;
  }

  endOfStream(): void {
    this.eos = true;
    this.onBufferChanged();
  }

  currentTime(): number {
    this.catchUp();
    return this.time;
  }

  seek(time: number): void {
    this.catchUp();
    this.time = Math.max(0, time);
    this.hasEnded = false;
    this.emit('seeking');
    this.clock.setTimeout(() => {
      if (this.destroyed) return;
      this.emit('seeked');
      this.onBufferChanged();
    }, 0);
    this.onBufferChanged();
  }

  paused(): boolean {
    return this.isPaused;
  }

  play(): Promise<void> {
    if (this.isPaused) {
      this.isPaused = false;
      this.lastTick = this.clock.now();
      this.emit('play');
      this.stalled = true;
      this.onBufferChanged();
    }
    return Promise.resolve();
  }

  pause(): void {
    if (this.isPaused) return;
    this.catchUp();
    this.isPaused = true;
    this.stopTimer();
    this.emit('pause');
  }

  playbackRate(): number {
    return this.rate;
  }

  setPlaybackRate(rate: number): void {
    this.catchUp();
    this.rate = rate > 0 && Number.isFinite(rate) ? rate : 1;
    this.emit('ratechange');
    this.onBufferChanged();
  }

  readyState(): number {
    const ahead = this.bufferedAhead();
    if (ahead === null) return this.buffers.size ? 1 : 0;
    return ahead > 2 ? 4 : ahead > 0.1 ? 3 : 2;
  }

  displaySize(): { width: number; height: number } | null {
    return this.display;
  }

  /** Simulates resizing the element. */
  setDisplaySize(size: { width: number; height: number } | null): void {
    this.display = size;
    this.emit('resize');
  }

  playbackQuality(): { decodedFrames: number; droppedFrames: number } {
    return { decodedFrames: Math.floor(this.frames), droppedFrames: 0 };
  }

  on(event: SinkEvent, listener: () => void): () => void {
    return this.events.on(event, listener as (p: void) => void);
  }

  destroy(): Promise<void> {
    this.destroyed = true;
    this.stopTimer();
    this.events.removeAllListeners();
    this.buffers.clear();
    return Promise.resolve();
  }

  /** Whether playback is currently stalled (playing intent, no data). */
  get isStalled(): boolean {
    return !this.isPaused && this.stalled && !this.hasEnded;
  }

  get ended(): boolean {
    return this.hasEnded;
  }

  /** Seconds playable from the playhead before some A/V buffer runs dry (null: no data at the playhead). */
  bufferedAhead(): number | null {
    let min = Infinity;
    let any = false;
    for (const b of this.buffers.values()) {
      if (b.type === 'text') continue;
      any = true;
      const end = b.endAt(this.time, this.mergeTolerance);
      if (end === null) return null;
      min = Math.min(min, end - this.time);
    }
    return any ? min : null;
  }

  /** Called by buffers for every media append. */
  recordAppend(type: SinkBufferType, trackId: string, start: number, end: number): void {
    this.appendLog.push({ type, trackId, start, end });
  }

  /**
   * What was played of `type` up to `until` seconds: time-weighted bitrate
   * (via `bandwidthOf`) and quality switches between consecutive segments.
   * Later appends of the same time replace earlier ones, as in MSE.
   */
  playedQuality(type: SinkBufferType, until: number, bandwidthOf: (trackId: string) => number): { meanBitrate: number; switches: number } {
    const byStart = new Map<number, { trackId: string; start: number; end: number }>();
    for (const a of this.appendLog) if (a.type === type && a.start < until) byStart.set(Math.round(a.start * 1000), a);
    const segments = [...byStart.values()].sort((a, b) => a.start - b.start);
    let weighted = 0;
    let covered = 0;
    let switches = 0;
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i]!;
      const span = Math.max(0, Math.min(s.end, until) - s.start);
      weighted += span * bandwidthOf(s.trackId);
      covered += span;
      if (i > 0 && segments[i - 1]!.trackId !== s.trackId) switches++;
    }
    return { meanBitrate: covered > 0 ? weighted / covered : 0, switches };
  }

  /** Called by buffers after an append/remove, and on state changes. */
  onBufferChanged(): void {
    if (this.destroyed) return;
    this.catchUp();
    this.evaluate();
  }

  private emit(event: SinkEvent): void {
    this.events.emit(event, undefined);
  }

  /** Advances the playhead to the clock's now. */
  private catchUp(): void {
    const now = this.clock.now();
    if (this.isPaused || this.stalled || this.hasEnded) {
      this.lastTick = now;
      return;
    }
    const dt = ((now - this.lastTick) / 1000) * this.rate;
    this.lastTick = now;
    if (dt <= 0) return;
    const ahead = this.bufferedAhead() ?? 0;
    const step = Math.min(dt, ahead);
    this.time += step;
    this.playedS += step;
    this.frames += step * this.frameRate;
  }

  /** Decides playing/waiting/ended at the current playhead and schedules the next wake-up. */
  private evaluate(): void {
    this.stopTimer();
    if (this.isPaused || this.hasEnded) return;
    const now = this.clock.now();
    const ahead = this.bufferedAhead();
    const atEnd = this.eos && (ahead === null || ahead <= 1e-6) && (this.allBuffersEndNear(this.time) || (Number.isFinite(this.duration) && this.time >= this.duration - 0.05));
    if (atEnd) {
      if (this.stallStartedAt !== null) this.endStall(now);
      this.hasEnded = true;
      this.stalled = false;
      this.emit('ended');
      return;
    }
    if (ahead === null || ahead <= 1e-6) {
      if (!this.stalled) {
        this.stalled = true;
        this.stallStartedAt = now;
        if (this.firstPlayingAt !== null) this.stallCount++;
        this.emit('waiting');
      } else if (this.stallStartedAt === null) {
        this.stallStartedAt = now;
        this.emit('waiting');
      }
      return;
    }
    if (this.stalled) {
      this.stalled = false;
      if (this.stallStartedAt !== null) this.endStall(now);
      if (this.firstPlayingAt === null) this.firstPlayingAt = now;
      this.lastTick = now;
      this.emit('playing');
    }
    const drainMs = (ahead / this.rate) * 1000;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.catchUp();
      this.emit('timeupdate');
      this.evaluate();
    }, Math.min(this.tickMs, drainMs));
  }

  private endStall(now: number): void {
    if (this.firstPlayingAt !== null && this.stallStartedAt !== null) this.stallMs += now - this.stallStartedAt;
    this.stallStartedAt = null;
  }

  private allBuffersEndNear(t: number): boolean {
    for (const b of this.buffers.values()) {
      if (b.type === 'text') continue;
      const last = b.ranges[b.ranges.length - 1];
      if (last && last.end > t + 0.1) return false;
    }
    return true;
  }

  private stopTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
