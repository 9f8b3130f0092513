/**
 * Where media goes: the web adapter wraps a MediaSource + HTMLVideoElement; the
 * simulator models a decoder consuming buffered media in virtual time; tests
 * use an in-memory sink.
 *
 * All methods that touch a SourceBuffer are asynchronous and the sink
 * serialises them per buffer (an append never overlaps a remove on the same
 * buffer).
 */
export type SinkBufferType = 'video' | 'audio' | 'text';

/** Time ranges, seconds, sorted and non-overlapping. */
export type BufferedRanges = ReadonlyArray<{ start: number; end: number }>;

/** One append queue of a {@link MediaSink} (a SourceBuffer on the web). */
export interface SinkBuffer {
  /** Which media this buffer takes. */
  readonly type: SinkBufferType;
  /** Appends media bytes. Rejects with a `media` EdgeplayError; code `QUOTA_EXCEEDED` when full. */
  append(data: ArrayBuffer | Uint8Array, options?: { timestampOffset?: number; appendWindowEnd?: number }): Promise<void>;
  /** Removes media in [start, end) seconds. */
  remove(start: number, end: number): Promise<void>;
  /** Aborts a pending append parse (MSE `abort()`), e.g. before a seek. */
  abort(): Promise<void>;
  /** Switches codec/container (MSE `changeType`). */
  changeType(mimeCodecs: string): Promise<void>;
  /** What is buffered now, seconds. */
  buffered(): BufferedRanges;
}

/** Media element events the Player listens to through {@link MediaSink.on}. */
export type SinkEvent =
  | 'timeupdate'
  | 'waiting'
  | 'playing'
  | 'seeking'
  | 'seeked'
  | 'ended'
  | 'ratechange'
  | 'pause'
  | 'play'
  | 'error'
  | 'resize';

/** Where media goes and where playback state comes from (MediaSource + video element on the web). */
export interface MediaSink {
  /** Opens the sink (MediaSource `sourceopen`). */
  open(): Promise<void>;
  /** Whether this sink can play the `mime; codecs=...` string. */
  isTypeSupported(mimeCodecs: string): boolean;
  /** Creates the append queue for one media type (MSE `addSourceBuffer`). */
  addBuffer(type: SinkBufferType, mimeCodecs: string): SinkBuffer;
  /** Presentation duration, seconds (`MediaSource.duration`). */
  setDuration(seconds: number): void;
  /** Live: seekable window (MediaSource.setLiveSeekableRange). */
  setSeekableRange?(start: number, end: number): void;
  /** No more media will be appended (`MediaSource.endOfStream`). */
  endOfStream(): void;
  /** Playhead, seconds. */
  currentTime(): number;
  /** Moves the playhead to `time` seconds. */
  seek(time: number): void;
  /** Whether playback is paused. */
  paused(): boolean;
  /** Starts or resumes playback; rejects when the platform refuses (autoplay policy). */
  play(): Promise<void>;
  /** Pauses playback. */
  pause(): void;
  /** Current playback rate (1 = normal). */
  playbackRate(): number;
  /** Sets the playback rate (the Player uses it for live catch-up). */
  setPlaybackRate(rate: number): void;
  /** HTMLMediaElement.readyState (0..4). */
  readyState(): number;
  /** Rendered size in device pixels, for ABR resolution capping. */
  displaySize(): { width: number; height: number } | null;
  /** Decoded/dropped frame counts (getVideoPlaybackQuality). */
  playbackQuality(): { decodedFrames: number; droppedFrames: number } | null;
  /** Subscribes to a media element event. Returns an unsubscriber. */
  on(event: SinkEvent, listener: () => void): () => void;
  /**
   * Calls `listener` once, when the next video frame is presented
   * (`requestVideoFrameCallback` where the platform has it). Optional: without
   * it, first-frame time is not reported.
   */
  onNextFrame?(listener: () => void): () => void;
  /** Detaches and releases everything (MediaSource, object URL, listeners). */
  destroy(): Promise<void>;
}
