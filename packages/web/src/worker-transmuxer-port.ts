/**
 * The transmux stage's {@link TransmuxerPort} on a Web Worker: each track's
 * transmuxer lives in the worker (`transmux-worker-entry.ts`, its own file in
 * dist), segment bytes are transferred to it and fMP4 bytes transferred back.
 *
 * Fallback: when the worker cannot be created, fails to load or crashes, the
 * port switches to the in-thread port for good and reports it once through
 * `onFallback` (a recoverable `TRANSMUX_WORKER_FAILED`), never silently.
 * Until the worker has answered once, a push sends a copy and keeps the
 * bytes, so the segment that meets a worker that never started is transmuxed
 * in-thread instead of lost; after that, bytes are transferred (no copy).
 * Errors the transmuxer itself raises in the worker (garbage TS) come back as
 * the same typed MediaError and are not a worker failure.
 *
 * A worker that is alive but does not answer a push within `timeoutMs` (hung
 * script, busy loop, lost message) counts as failed the same way: it is
 * terminated and the port falls back, so a push never waits forever.
 */
import { MediaError, type AsyncTransmuxer, type TransmuxerPort, type TransmuxerSpec } from '@edgeplay/core';
import { TransmuxWorkerClient, type MessagePortLike } from './transmux-worker.js';

/** What the port needs of a `Worker`. */
export interface WorkerLike extends MessagePortLike {
  addEventListener(type: 'message' | 'error', listener: (event: { data: unknown }) => void): void;
  terminate?(): void;
}

/** Options of {@link createWorkerTransmuxerPort}. */
export interface WorkerTransmuxerPortOptions {
  /** Starts the worker (called on the first TS / packed-audio track). Throwing means no worker. */
  createWorker: () => WorkerLike;
  /** Where transmuxers run when the worker cannot: the in-thread port. */
  fallback: TransmuxerPort;
  /** Told once, when the port falls back. */
  onFallback?: (error: MediaError) => void;
  /**
   * How long one push may wait for the worker's answer before the worker is
   * given up on (default 10 000 ms).
   */
  timeoutMs?: number;
}

/**
 * Default bound on one worker push. A 2.4 MB 720p TS segment transmuxes in
 * ~6 ms in Chromium (`npm run bench:transmux`) and the worker script loads
 * from the same origin as the page; 10 s is three orders of magnitude above
 * that, so only a worker that is truly stuck (or a device far too slow to play
 * the stream anyway) hits it, while a stall still ends well before the
 * player's buffer runs dry on a typical 30 s forward buffer.
 */
export const DEFAULT_WORKER_TIMEOUT_MS = 10_000;

/** A worker-backed port with figures for diagnostics and tests. */
export interface WorkerTransmuxerPort extends TransmuxerPort {
  /** Segments the worker transmuxed (answered, with output or a typed error). */
  readonly workerSegments: number;
  /** False once the port has fallen back to the main thread. */
  readonly usingWorker: boolean;
}

/** Rejection of requests the worker will never answer (it failed). */
class WorkerGone extends Error {}

export function createWorkerTransmuxerPort(options: WorkerTransmuxerPortOptions): WorkerTransmuxerPort {
  let worker: WorkerLike | null = null;
  let client: TransmuxWorkerClient | null = null;
  let failed = false;
  let proven = false;
  let workerSegments = 0;
  let nextStream = 1;
  const waiting = new Set<(e: unknown) => void>();
  const timeoutMs = options.timeoutMs ?? DEFAULT_WORKER_TIMEOUT_MS;

  const fail = (reason: string, cause?: unknown): void => {
    if (failed) return;
    failed = true;
    client?.dispose();
    worker?.terminate?.();
    for (const reject of waiting) reject(new WorkerGone(reason));
    waiting.clear();
    options.onFallback?.(new MediaError('TRANSMUX_WORKER_FAILED', `transmux worker unavailable (${reason}); transmuxing on the main thread`, { severity: 'recoverable', details: { reason }, ...(cause === undefined ? {} : { cause }) }));
  };

  const start = (): TransmuxWorkerClient | null => {
    if (failed) return null;
    if (client) return client;
    try {
      worker = options.createWorker();
    } catch (e) {
      fail(`could not be created: ${e instanceof Error ? e.message : String(e)}`, e);
      return null;
    }
    worker.addEventListener('error', (event) => fail(`error event${(event as { message?: string }).message ? `: ${(event as { message?: string }).message}` : ''}`));
    client = new TransmuxWorkerClient(worker);
    return client;
  };

  /** `p`, or a WorkerGone rejection as soon as the worker fails or `timeoutMs` passes without an answer (which fails the worker). */
  const untilFailure = <T>(p: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.add(reject);
      const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
      p.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        waiting.delete(reject);
      });
    });

  return {
    get workerSegments() {
      return workerSegments;
    },
    get usingWorker() {
      return !failed;
    },
    async create(spec: TransmuxerSpec): Promise<AsyncTransmuxer> {
      const stream = `t${nextStream++}`;
      let local: AsyncTransmuxer | null = null;
      const inThread = async (): Promise<AsyncTransmuxer> => (local ??= await options.fallback.create(spec));
      return {
        async push(segment, pushOptions) {
          const c = start();
          if (!c) return (await inThread()).push(segment, pushOptions);
          const keep = proven ? null : segment;
          try {
            const result = await untilFailure(c.push(stream, proven ? segment : segment.slice(), { kind: spec.container, mode: spec.mode, rawMpegAudio: spec.rawMpegAudio, discontinuity: pushOptions.discontinuity ?? false }));
            proven = true;
            workerSegments++;
            return result;
          } catch (e) {
            if (!(e instanceof WorkerGone)) {
              workerSegments++;
              throw e; // the transmuxer's own typed error, from the worker
            }
            if (keep) return (await inThread()).push(keep, pushOptions);
            throw new MediaError('TRANSMUX_WORKER_FAILED', `transmux worker failed during a segment (${e.message}); the segment is skipped, the next ones transmux on the main thread`, { severity: 'recoverable', details: { reason: e.message } });
          }
        },
        reset() {
          local?.reset();
          if (client && !failed) client.reset(stream).catch(() => undefined); // a failed worker has nothing to reset
        },
      };
    },
  };
}
