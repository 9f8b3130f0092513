/**
 * The transmux worker protocol over a real MessageChannel (structured clone
 * and transfer as between a page and a Worker): results arrive with their
 * buffers transferred, the caller's segment buffer is transferred (detached),
 * state is kept per stream, errors arrive as typed MediaErrors.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaError } from '@edgeplay/core';
import { installTransmuxWorker, TransmuxWorkerClient, type MessagePortLike } from '../src/transmux-worker.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, readBytes } from '../../core/test/transmux/support/media-oracle.js';

/** Adapts a node:worker_threads MessagePort (which delivers the payload itself) to the DOM-style listener shape. */
function domPort(port: import('node:worker_threads').MessagePort): MessagePortLike {
  const wrapped = new Map<(e: { data: unknown }) => void, (data: unknown) => void>();
  return {
    postMessage: (m, transfer) => port.postMessage(m, transfer as never),
    addEventListener: (_t, l) => {
      const w = (data: unknown) => l({ data });
      wrapped.set(l, w);
      port.on('message', w);
    },
    removeEventListener: (_t, l) => {
      const w = wrapped.get(l);
      if (w) port.off('message', w);
    },
  };
}

const channels: MessageChannel[] = [];
function connect(): TransmuxWorkerClient {
  const ch = new MessageChannel();
  channels.push(ch);
  installTransmuxWorker(domPort(ch.port1));
  return new TransmuxWorkerClient(domPort(ch.port2));
}
afterEach(() => {
  for (const ch of channels.splice(0)) {
    ch.port1.close();
    ch.port2.close();
  }
});

describe.skipIf(FFMPEG_MISSING)('transmux worker binding', () => {
  it('pushes segments, transfers buffers both ways, keeps per-stream state', async () => {
    const ts = readBytes(ffmpegWrite('worker.ts', [...lavfiInputs({ seconds: 1 }), '-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'aac', '-f', 'mpegts']));
    const client = connect();
    const first = ts.slice();
    const r1 = await client.push('main', first, { mode: 'split' });
    expect(first.byteLength).toBe(0); // transferred to the worker
    expect(r1.init!.map((i) => i.type)).toEqual(['video', 'audio']);
    expect(r1.init![0].data).toBeInstanceOf(Uint8Array);
    expect(r1.media.map((m) => m.type)).toEqual(['video', 'audio']);
    expect(r1.timing!.firstPts).toBeGreaterThan(1.3);
    // Same stream again: the transmuxer's state was kept, so no new init segments.
    const r2 = await client.push('main', ts.slice(), { mode: 'split', discontinuity: true });
    expect(r2.init).toBeUndefined();
    // Another stream key gets its own transmuxer (and so its own init).
    const r3 = await client.push('other', ts.slice(), { mode: 'muxed' });
    expect(r3.init!.map((i) => i.type)).toEqual(['muxed']);
    await client.reset('main');
    expect((await client.push('main', ts.slice(), { mode: 'split' })).init).toHaveLength(2);
    const probe = await client.probe(ts);
    expect(probe.container).toBe('mp2t');
    expect(ts.byteLength).toBeGreaterThan(0); // probe copies
  });

  it('a malformed segment rejects with a typed MediaError, and the worker keeps serving', async () => {
    const client = connect();
    const error = await client.push('x', Uint8Array.from([1, 2, 3])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe('TRANSMUX_INVALID');
    const probeError = await client.probe(Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9])).catch((e: unknown) => e);
    expect((probeError as MediaError).code).toBe('MEDIA_UNSUPPORTED');
    expect((probeError as MediaError).details.container).toBe('unknown');
  });
});
