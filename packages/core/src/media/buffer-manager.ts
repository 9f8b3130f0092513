import { EdgeplayError, isEdgeplayError } from '../errors/edgeplay-error.js';
import { MediaError } from '../errors/media-error.js';
import type { BufferedRanges, SinkBuffer } from '../platform/media-sink.js';
import { bufferedAhead } from './buffered-ranges.js';

/** Hooks of a {@link BufferManager}. */
export interface BufferManagerOptions {
  /** Playhead, seconds: quota recovery must not evict what is about to play. */
  playhead: () => number;
  /** Called when the sink ran out of space: the owner should lower its buffer goal. */
  onQuotaExceeded?: (bufferedAheadS: number) => void;
}

function isQuotaError(e: unknown): boolean {
  if (isEdgeplayError(e)) return e.code === 'QUOTA_EXCEEDED';
  return typeof e === 'object' && e !== null && (e as { name?: string }).name === 'QuotaExceededError';
}

/**
 * One sink buffer with its operations strictly serialised (MSE throws
 * `InvalidStateError` when an append overlaps a remove), its current init
 * segment and codec remembered so switches append a new init / call
 * `changeType` only when needed, and quota-exceeded recovery: evict the back
 * buffer, tell the owner to lower its goal, retry once.
 */
export class BufferManager {
  private queue: Promise<unknown> = Promise.resolve();
  private initKey: string | null = null;
  private mimeCodecs: string;
  private destroyed = false;

  constructor(
    readonly buffer: SinkBuffer,
    mimeCodecs: string,
    private readonly options: BufferManagerOptions,
  ) {
    this.mimeCodecs = mimeCodecs;
  }

  /** The init segment identity last appended (`trackId|uri|range`), or null. */
  get currentInit(): string | null {
    return this.initKey;
  }

  buffered(): BufferedRanges {
    return this.buffer.buffered();
  }

  /** Seconds buffered contiguously from `time`. */
  aheadOf(time: number): number {
    return bufferedAhead(this.buffer.buffered(), time);
  }

  /** Runs `op` after every previously queued operation. */
  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Switches codec (`changeType`) when `mimeCodecs` differs from the current one. */
  setType(mimeCodecs: string): Promise<void> {
    return this.enqueue(async () => {
      if (mimeCodecs === this.mimeCodecs) return;
      await this.buffer.changeType(mimeCodecs);
      this.mimeCodecs = mimeCodecs;
      this.initKey = null;
    });
  }

  /** Appends an init segment and remembers it as current. */
  appendInit(key: string, data: ArrayBuffer | Uint8Array): Promise<void> {
    return this.enqueue(async () => {
      await this.appendWithRecovery(data, {});
      this.initKey = key;
    });
  }

  /** Appends a media segment, with quota recovery. */
  appendSegment(data: ArrayBuffer | Uint8Array, options: { timestampOffset?: number; appendWindowEnd?: number }): Promise<void> {
    return this.enqueue(() => this.appendWithRecovery(data, options));
  }

  remove(start: number, end: number): Promise<void> {
    if (!(end > start)) return Promise.resolve();
    return this.enqueue(() => this.buffer.remove(start, end));
  }

  /** Removes everything and forgets the init (the next segment re-appends it). */
  flush(): Promise<void> {
    // No abort(): the queue never leaves an append half-done, and MSE abort()
    // throws once endOfStream() has been called (readyState 'ended'), whereas
    // remove() is allowed there and re-opens the MediaSource.
    return this.enqueue(async () => {
      const ranges = this.buffer.buffered();
      if (ranges.length) await this.buffer.remove(ranges[0]!.start, ranges[ranges.length - 1]!.end);
      this.initKey = null;
    });
  }

  /** Removes media more than `keepS` seconds behind the playhead. */
  evictBackBuffer(keepS: number): Promise<void> {
    const cut = this.options.playhead() - keepS;
    const ranges = this.buffer.buffered();
    if (!ranges.length || ranges[0]!.start >= cut) return Promise.resolve();
    return this.remove(ranges[0]!.start, cut);
  }

  destroy(): void {
    this.destroyed = true;
  }

  private async appendWithRecovery(data: ArrayBuffer | Uint8Array, options: { timestampOffset?: number; appendWindowEnd?: number }): Promise<void> {
    if (this.destroyed) return;
    try {
      await this.buffer.append(data, options);
    } catch (e) {
      if (!isQuotaError(e)) throw toAppendError(e, this.buffer.type);
      // Make room: drop everything more than 1 s behind the playhead, then retry once.
      const playhead = this.options.playhead();
      const ranges = this.buffer.buffered();
      if (ranges.length && ranges[0]!.start < playhead - 1) await this.buffer.remove(ranges[0]!.start, playhead - 1);
      this.options.onQuotaExceeded?.(this.aheadOf(playhead));
      try {
        await this.buffer.append(data, options);
      } catch (e2) {
        if (isQuotaError(e2)) {
          throw new MediaError('QUOTA_EXCEEDED', `${this.buffer.type} buffer full even after evicting the back buffer`, { severity: 'recoverable', cause: e2 });
        }
        throw toAppendError(e2, this.buffer.type);
      }
    }
  }
}

/** Classifies a sink append failure as a typed media error. */
function toAppendError(e: unknown, type: string): EdgeplayError {
  if (e instanceof MediaError) return e;
  if (isEdgeplayError(e) && e.category === 'media') {
    const code = e.code === 'MEDIA_DECODE_ERROR' || e.code === 'SEGMENT_CORRUPT' ? e.code : 'MEDIA_APPEND_FAILED';
    return new MediaError(code, e.message, { severity: e.severity, details: { ...e.details, type }, cause: e });
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new MediaError('MEDIA_APPEND_FAILED', `${type} append failed: ${msg}`, { severity: 'recoverable', details: { type }, cause: e });
}
