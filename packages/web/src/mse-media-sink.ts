/**
 * MediaSink over an HTMLVideoElement and MediaSource — or ManagedMediaSource
 * where the platform has it (iOS/iPadOS 17+, which requires
 * `disableRemotePlayback`). Element events are forwarded to the engine;
 * duration and end-of-stream wait until no SourceBuffer is updating, as MSE requires.
 */
import type { MediaSink, SinkBuffer, SinkBufferType, SinkEvent } from '@edgeplay/core';
import { MseSourceBuffer } from './mse-source-buffer.js';

type MediaSourceCtor = typeof MediaSource;

function mediaSourceClass(): MediaSourceCtor {
  const g = globalThis as unknown as { ManagedMediaSource?: MediaSourceCtor; MediaSource?: MediaSourceCtor };
  const ctor = g.ManagedMediaSource ?? g.MediaSource;
  if (!ctor) throw new Error('this browser has no MediaSource');
  return ctor;
}

/**
 * Platform behaviour of an {@link MseMediaSink} that differs from a desktop
 * browser, injected by a platform layer (`@edgeplay/tv` builds it from its
 * profiles); every field is optional and defaults to the plain MSE behaviour.
 */
export interface MseSinkQuirks {
  /**
   * Answers `isTypeSupported` instead of the platform, given the platform's
   * own answer — for runtimes known to answer wrongly (claims a codec it
   * cannot decode, or denies one it plays).
   */
  isTypeSupported?: (mimeCodecs: string, platformAnswer: boolean) => boolean;
  /**
   * Called once on the `seeked` after each seek the player asked for, with
   * the requested target and where the element landed; a number is a second
   * seek to that time (hardware pipelines that snap to an earlier keyframe
   * land seconds early), null keeps the landing.
   */
  correctSeekLanding?: (requested: number, landed: number) => number | null;
}

/** The core's MediaSink over MediaSource (or ManagedMediaSource) attached to a video element. */
export class MseMediaSink implements MediaSink {
  private ms: MediaSource | null = null;
  private objectUrl: string | null = null;
  private readonly buffers: SourceBuffer[] = [];
  private offSeekCorrection: (() => void) | null = null;

  constructor(
    readonly video: HTMLVideoElement,
    private readonly quirks: MseSinkQuirks = {},
  ) {}

  async open(): Promise<void> {
    await this.destroy();
    const Ctor = mediaSourceClass();
    const ms = new Ctor();
    this.ms = ms;
    if ((globalThis as { ManagedMediaSource?: unknown }).ManagedMediaSource === Ctor) this.video.disableRemotePlayback = true;
    await new Promise<void>((resolve) => {
      ms.addEventListener('sourceopen', () => resolve(), { once: true });
      this.objectUrl = URL.createObjectURL(ms);
      this.video.src = this.objectUrl;
    });
  }

  isTypeSupported(mimeCodecs: string): boolean {
    let platform: boolean;
    try {
      platform = mediaSourceClass().isTypeSupported(mimeCodecs);
    } catch {
      platform = false;
    }
    return this.quirks.isTypeSupported ? this.quirks.isTypeSupported(mimeCodecs, platform) : platform;
  }

  addBuffer(type: SinkBufferType, mimeCodecs: string): SinkBuffer {
    if (!this.ms || this.ms.readyState !== 'open') throw new Error('MediaSource is not open');
    const sb = this.ms.addSourceBuffer(mimeCodecs);
    this.buffers.push(sb);
    // 'ended' counts as usable: MSE re-opens an ended MediaSource on appendBuffer/remove (seek after end-of-stream).
    return new MseSourceBuffer(type, sb, () => this.ms?.readyState ?? 'closed');
  }

  setDuration(seconds: number): void {
    this.whenIdle(() => {
      if (this.ms && this.ms.readyState === 'open' && Number.isFinite(seconds) && seconds > 0) this.ms.duration = seconds;
    });
  }

  setSeekableRange(start: number, end: number): void {
    const ms = this.ms as (MediaSource & { setLiveSeekableRange?: (s: number, e: number) => void }) | null;
    if (ms?.readyState === 'open' && ms.setLiveSeekableRange && end > start) ms.setLiveSeekableRange(start, end);
  }

  endOfStream(): void {
    this.whenIdle(() => {
      if (this.ms?.readyState === 'open') this.ms.endOfStream();
    });
  }

  currentTime(): number {
    return this.video.currentTime;
  }

  seek(time: number): void {
    this.offSeekCorrection?.();
    this.offSeekCorrection = null;
    const correct = this.quirks.correctSeekLanding;
    if (correct) {
      const onSeeked = (): void => {
        this.offSeekCorrection = null;
        const to = correct(time, this.video.currentTime);
        if (to !== null) this.video.currentTime = to;
      };
      this.video.addEventListener('seeked', onSeeked, { once: true });
      this.offSeekCorrection = () => this.video.removeEventListener('seeked', onSeeked);
    }
    this.video.currentTime = time;
  }

  paused(): boolean {
    return this.video.paused;
  }

  async play(): Promise<void> {
    try {
      await this.video.play();
    } catch (e) {
      // Autoplay policies: keep the element paused; the app shows a play button.
      if ((e as { name?: string })?.name !== 'NotAllowedError' && (e as { name?: string })?.name !== 'AbortError') throw e;
    }
  }

  pause(): void {
    this.video.pause();
  }

  playbackRate(): number {
    return this.video.playbackRate;
  }

  setPlaybackRate(rate: number): void {
    this.video.playbackRate = rate;
  }

  readyState(): number {
    return this.video.readyState;
  }

  displaySize(): { width: number; height: number } | null {
    const dpr = (globalThis as { devicePixelRatio?: number }).devicePixelRatio ?? 1;
    const w = this.video.clientWidth;
    const h = this.video.clientHeight;
    return w > 0 && h > 0 ? { width: Math.round(w * dpr), height: Math.round(h * dpr) } : null;
  }

  playbackQuality(): { decodedFrames: number; droppedFrames: number } | null {
    const q = this.video.getVideoPlaybackQuality?.();
    return q ? { decodedFrames: q.totalVideoFrames, droppedFrames: q.droppedVideoFrames } : null;
  }

  onNextFrame(listener: () => void): () => void {
    const video = this.video as HTMLVideoElement & { requestVideoFrameCallback?: (cb: () => void) => number; cancelVideoFrameCallback?: (id: number) => void };
    if (typeof video.requestVideoFrameCallback !== 'function') return () => undefined;
    const id = video.requestVideoFrameCallback(() => listener());
    return () => video.cancelVideoFrameCallback?.(id);
  }

  on(event: SinkEvent, listener: () => void): () => void {
    this.video.addEventListener(event, listener);
    return () => this.video.removeEventListener(event, listener);
  }

  async destroy(): Promise<void> {
    this.offSeekCorrection?.();
    this.offSeekCorrection = null;
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
    this.buffers.length = 0;
    this.ms = null;
    if (this.video.getAttribute('src')) {
      this.video.removeAttribute('src');
      this.video.load();
    }
  }

  /** Runs `fn` once no SourceBuffer is updating (MSE throws otherwise). */
  private whenIdle(fn: () => void): void {
    const busy = this.buffers.find((b) => {
      try {
        return b.updating;
      } catch {
        return false;
      }
    });
    if (!busy) {
      try {
        fn();
      } catch {
        // The MediaSource closed meanwhile (teardown): nothing to do.
      }
      return;
    }
    busy.addEventListener('updateend', () => this.whenIdle(fn), { once: true });
  }
}
