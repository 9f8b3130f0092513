/**
 * A SourceBuffer behind the engine's SinkBuffer contract: every operation is a
 * promise settled on `updateend`/`error`, operations are serialised (MSE
 * forbids overlapping ones), and QuotaExceededError becomes the typed
 * `QUOTA_EXCEEDED` media error the buffer manager recovers from.
 */
import { EdgeplayError, type BufferedRanges, type SinkBuffer, type SinkBufferType } from '@edgeplay/core';

export class MseSourceBuffer implements SinkBuffer {
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param readyState the parent MediaSource's readyState ('closed' after teardown). 'ended'
   *   still accepts appends and removes (MSE re-opens the source), but not abort().
   */
  constructor(
    readonly type: SinkBufferType,
    private readonly sb: SourceBuffer,
    private readonly readyState: () => 'open' | 'ended' | 'closed',
  ) {}

  private isOpen(): boolean {
    return this.readyState() !== 'closed';
  }

  append(data: ArrayBuffer | Uint8Array, options: { timestampOffset?: number; appendWindowEnd?: number } = {}): Promise<void> {
    return this.enqueue(() => {
      if (options.timestampOffset !== undefined && this.sb.timestampOffset !== options.timestampOffset) this.sb.timestampOffset = options.timestampOffset;
      if (options.appendWindowEnd !== undefined && this.sb.appendWindowEnd !== options.appendWindowEnd) this.sb.appendWindowEnd = options.appendWindowEnd;
      this.sb.appendBuffer((data instanceof Uint8Array ? data : new Uint8Array(data)) as BufferSource);
    }, true);
  }

  remove(start: number, end: number): Promise<void> {
    if (!(end > start)) return Promise.resolve();
    return this.enqueue(() => this.sb.remove(start, end), true);
  }

  abort(): Promise<void> {
    return this.enqueue(() => {
      if (this.readyState() === 'open') this.sb.abort();
    }, false);
  }

  changeType(mimeCodecs: string): Promise<void> {
    return this.enqueue(() => {
      const sb = this.sb as SourceBuffer & { changeType?: (t: string) => void };
      if (!sb.changeType) throw new EdgeplayError('media', 'MEDIA_TYPE_UNSUPPORTED', 'this browser cannot change SourceBuffer types');
      sb.changeType(mimeCodecs);
    }, false);
  }

  buffered(): BufferedRanges {
    const out: { start: number; end: number }[] = [];
    try {
      const b = this.sb.buffered;
      for (let i = 0; i < b.length; i++) out.push({ start: b.start(i), end: b.end(i) });
    } catch {
      // The SourceBuffer was removed from its MediaSource (teardown): nothing is buffered.
    }
    return out;
  }

  /** Runs `op` after the previous operations; when `waits`, settles on updateend/error. */
  private enqueue(op: () => void, waits: boolean): Promise<void> {
    const run = () =>
      new Promise<void>((resolve, reject) => {
        if (!this.isOpen()) {
          reject(new EdgeplayError('media', 'MEDIA_APPEND_FAILED', `${this.type} buffer: the MediaSource is not open`, { severity: 'recoverable' }));
          return;
        }
        const done = () => {
          this.sb.removeEventListener('updateend', done);
          this.sb.removeEventListener('error', fail);
          resolve();
        };
        const fail = () => {
          this.sb.removeEventListener('updateend', done);
          this.sb.removeEventListener('error', fail);
          reject(new EdgeplayError('media', 'MEDIA_APPEND_FAILED', `${this.type} buffer: the browser rejected the data (corrupt or unsupported media)`));
        };
        if (waits) {
          this.sb.addEventListener('updateend', done);
          this.sb.addEventListener('error', fail);
        }
        try {
          op();
        } catch (e) {
          this.sb.removeEventListener('updateend', done);
          this.sb.removeEventListener('error', fail);
          const name = (e as { name?: string })?.name;
          if (name === 'QuotaExceededError') reject(new EdgeplayError('media', 'QUOTA_EXCEEDED', `${this.type} buffer is full`, { severity: 'recoverable', cause: e }));
          else reject(e instanceof EdgeplayError ? e : new EdgeplayError('media', 'MEDIA_APPEND_FAILED', `${this.type} buffer: ${(e as Error)?.message ?? e}`, { cause: e }));
          return;
        }
        if (!waits) resolve();
      });
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
