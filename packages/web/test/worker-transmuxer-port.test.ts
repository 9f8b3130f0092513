/**
 * The worker transmuxer port over a real MessageChannel (the worker side is
 * `installTransmuxWorker`, as in the worker script): segments go through the
 * "worker" and are counted; a worker that cannot be created or fires `error`
 * makes the port fall back to the in-thread port, once, reported as a
 * recoverable TRANSMUX_WORKER_FAILED — and the segment in flight before the
 * worker ever answered is transmuxed in-thread, not lost; typed transmux
 * errors from the worker are passed on and are not a failure of the worker.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { inThreadTransmuxerPort, MediaError } from '@edgeplay/core';
import * as transmux from '@edgeplay/core/transmux/index.js';
import { installTransmuxWorker } from '../src/transmux-worker.js';
import { createWorkerTransmuxerPort, type WorkerLike } from '../src/worker-transmuxer-port.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, readBytes } from '../../core/test/transmux/support/media-oracle.js';

type Listener = (e: { data: unknown }) => void;

/**
 * A fake Worker: the page side of a MessageChannel whose other side runs `installTransmuxWorker` (unless `dead`);
 * `fire('error')` as a Worker would. `hangAfter`: the worker side takes that many messages, then hears nothing
 * more (alive, never answering: no error event either).
 */
function fakeWorker(dead = false, hangAfter = Infinity): WorkerLike & { fireError(): void; terminated: boolean } {
  const ch = new MessageChannel();
  channels.push(ch);
  const side = (port: MessagePort, limit = Infinity) => {
    let heard = 0;
    return {
      postMessage: (m: unknown, t: Transferable[]) => port.postMessage(m, t as never),
      addEventListener: (_t: string, l: Listener) => void port.on('message', (data) => heard++ < limit && l({ data })),
    };
  };
  if (!dead) installTransmuxWorker(side(ch.port1, hangAfter));
  const errorListeners: Listener[] = [];
  const page = side(ch.port2);
  return {
    terminated: false,
    postMessage: page.postMessage,
    addEventListener(type, l) {
      if (type === 'error') errorListeners.push(l);
      else page.addEventListener(type, l);
    },
    fireError() {
      for (const l of errorListeners) l({ data: undefined });
    },
    terminate() {
      this.terminated = true;
    },
  };
}

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const ch of channels.splice(0)) {
    ch.port1.close();
    ch.port2.close();
  }
});

const TS_SPEC = { container: 'ts', mode: 'muxed', rawMpegAudio: false } as const;
const segment = (): Uint8Array => readBytes(ffmpegWrite('port.ts', [...lavfiInputs({ seconds: 1, size: '160x120' }), '-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'aac', '-f', 'mpegts']));

describe.skipIf(FFMPEG_MISSING)('worker transmuxer port', () => {
  it('transmuxes in the worker, counts the segments, transfers after the first answer', async () => {
    const fallbacks: MediaError[] = [];
    const port = createWorkerTransmuxerPort({ createWorker: () => fakeWorker(), fallback: inThreadTransmuxerPort(() => transmux), onFallback: (e) => fallbacks.push(e) });
    const t = await port.create(TS_SPEC);
    const first = segment();
    const r1 = await t.push(first, {});
    expect(first.byteLength).toBeGreaterThan(0); // the first push sent a copy: the bytes are still ours
    const second = segment();
    const r2 = await t.push(second, {});
    expect(second.byteLength).toBe(0); // transferred (detached)
    for (const r of [r1, r2]) expect(String.fromCharCode(...r.media[0]!.data.subarray(4, 8))).toBe('moof');
    expect(port.workerSegments).toBe(2);
    expect(port.usingWorker).toBe(true);
    expect(fallbacks).toEqual([]);
  });

  it('garbage TS: the typed error from the worker, no fallback', async () => {
    const fallbacks: MediaError[] = [];
    const port = createWorkerTransmuxerPort({ createWorker: () => fakeWorker(), fallback: inThreadTransmuxerPort(() => transmux), onFallback: (e) => fallbacks.push(e) });
    const t = await port.create(TS_SPEC);
    const garbage = new Uint8Array(188 * 8).fill(0x47);
    await expect(t.push(garbage, {})).rejects.toSatisfy((e: unknown) => e instanceof MediaError && ['TRANSMUX_INVALID', 'MEDIA_UNSUPPORTED'].includes(e.code));
    expect(port.usingWorker).toBe(true);
    expect(fallbacks).toEqual([]);
  });

  it('no Worker: in-thread, reported once as recoverable TRANSMUX_WORKER_FAILED', async () => {
    const fallbacks: MediaError[] = [];
    const port = createWorkerTransmuxerPort({
      createWorker: () => {
        throw new Error('Worker is not available');
      },
      fallback: inThreadTransmuxerPort(() => transmux),
      onFallback: (e) => fallbacks.push(e),
    });
    const t = await port.create(TS_SPEC);
    for (let i = 0; i < 2; i++) expect((await t.push(segment(), {})).media).toHaveLength(1);
    expect(port.usingWorker).toBe(false);
    expect(port.workerSegments).toBe(0);
    expect(fallbacks.map((e) => [e.code, e.severity])).toEqual([['TRANSMUX_WORKER_FAILED', 'recoverable']]);
  });

  it('a worker that fails to load (error event, never answers): the pending first segment is transmuxed in-thread', async () => {
    const fallbacks: MediaError[] = [];
    const worker = fakeWorker(true);
    const port = createWorkerTransmuxerPort({ createWorker: () => worker, fallback: inThreadTransmuxerPort(() => transmux), onFallback: (e) => fallbacks.push(e) });
    const t = await port.create(TS_SPEC);
    const pending = t.push(segment(), {});
    setTimeout(() => worker.fireError(), 20);
    expect((await pending).media).toHaveLength(1);
    expect(worker.terminated).toBe(true);
    expect(port.usingWorker).toBe(false);
    expect(fallbacks).toHaveLength(1);
    expect((await t.push(segment(), {})).media).toHaveLength(1);
  });

  it('a worker that is alive but never answers: the push times out, the segment is transmuxed in-thread, reported once', async () => {
    const fallbacks: MediaError[] = [];
    const worker = fakeWorker(true); // no worker side, and no error event ever
    const port = createWorkerTransmuxerPort({ createWorker: () => worker, fallback: inThreadTransmuxerPort(() => transmux), onFallback: (e) => fallbacks.push(e), timeoutMs: 50 });
    const t = await port.create(TS_SPEC);
    const started = Date.now();
    expect((await t.push(segment(), {})).media).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(worker.terminated).toBe(true);
    expect(port.usingWorker).toBe(false);
    expect(fallbacks.map((e) => [e.code, e.severity, (e.details as { reason: string }).reason])).toEqual([['TRANSMUX_WORKER_FAILED', 'recoverable', 'no answer within 50 ms']]);
    expect((await t.push(segment(), {})).media).toHaveLength(1);
    expect(fallbacks).toHaveLength(1);
  });

  it('a worker that hangs after answering (segment transferred): recoverable TRANSMUX_WORKER_FAILED, then in-thread', async () => {
    const fallbacks: MediaError[] = [];
    const worker = fakeWorker(false, 1); // answers the first push, then goes silent
    const port = createWorkerTransmuxerPort({ createWorker: () => worker, fallback: inThreadTransmuxerPort(() => transmux), onFallback: (e) => fallbacks.push(e), timeoutMs: 200 });
    const t = await port.create(TS_SPEC);
    expect((await t.push(segment(), {})).media).toHaveLength(1);
    expect(port.workerSegments).toBe(1);
    await expect(t.push(segment(), {})).rejects.toSatisfy((e: unknown) => e instanceof MediaError && e.code === 'TRANSMUX_WORKER_FAILED' && e.severity === 'recoverable');
    expect(worker.terminated).toBe(true);
    expect(fallbacks).toHaveLength(1);
    expect((await t.push(segment(), {})).media).toHaveLength(1);
    expect(port.workerSegments).toBe(1);
  });
});
