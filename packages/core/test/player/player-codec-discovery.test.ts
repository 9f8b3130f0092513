/**
 * HLS without CODECS through the real Player on the virtual clock: a bare
 * media playlist of ffmpeg-written MPEG-TS, on a sink that — like browsers —
 * refuses a bare container type. The buffer must be created with the
 * discovered fMP4 type; undiscoverable or unplayable media must fail the load
 * with MEDIA_TYPE_UNSUPPORTED naming the track, never INVALID_STATE.
 */
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import type { SinkBuffer, SinkBufferType } from '../../src/platform/media-sink.js';
import { Player } from '../../src/player/player.js';
import { simulationSegmentStages } from '../../../sim/src/player-simulation.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, readBytes, workDir } from '../transmux/support/media-oracle.js';
import { FakeBuffer, FakeNetwork, FakeSink } from './fakes.js';

/** A buffer that takes real bytes (the fakes' buffers parse JSON) and records what it got. */
class BytesBuffer extends FakeBuffer {
  readonly chunks: Uint8Array[] = [];
  override async append(data: ArrayBuffer | Uint8Array): Promise<void> {
    await Promise.resolve();
    this.chunks.push(new Uint8Array(data instanceof Uint8Array ? data : new Uint8Array(data)));
  }
}

/** Refuses types without codecs (as Chromium's addSourceBuffer does) and those `refuse` matches. */
class StrictSink extends FakeSink {
  constructor(
    clock: VirtualClock,
    private readonly refuse: RegExp | null = null,
  ) {
    super(clock);
  }
  override isTypeSupported(type?: string): boolean {
    return !!type && /codecs=/.test(type) && !(this.refuse?.test(type) ?? false);
  }
  override addBuffer(type: SinkBufferType, mime: string): SinkBuffer {
    if (!this.isTypeSupported(mime)) throw new Error(`addSourceBuffer(${mime}) refused`);
    const b = new BytesBuffer(type, mime);
    this.buffers.set(type, b);
    return b;
  }
}

function tsSegments(): Uint8Array[] {
  ffmpegWrite('disc.m3u8', [...lavfiInputs({ seconds: 4 }), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_segment_filename', path.join(workDir(), 'disc-%d.ts')]);
  return readdirSync(workDir())
    .filter((f) => /^disc-\d+\.ts$/.test(f))
    .sort()
    .map((f) => readBytes(path.join(workDir(), f)));
}

async function load(segments: Uint8Array[], sink: FakeSink, clock: VirtualClock) {
  const net = new FakeNetwork(clock);
  net.text('bare.m3u8', ['#EXTM3U', '#EXT-X-TARGETDURATION:2', ...segments.flatMap((_, i) => ['#EXTINF:2.0,', `s${i}.ts`]), '#EXT-X-ENDLIST'].join('\n'));
  segments.forEach((body, i) => net.routes.push({ match: (u) => u.endsWith(`/s${i}.ts`), respond: () => ({ body }) }));
  const player = new Player({ clock, network: net, sink }, {}, { segmentStages: simulationSegmentStages() });
  const errors: EdgeplayError[] = [];
  player.on('error', (e) => errors.push(e));
  const loading = player.load('https://hls.example/bare.m3u8');
  let failure: EdgeplayError | null = null;
  loading.catch((e: unknown) => (failure = e as EdgeplayError));
  await clock.advanceAsync(100);
  await loading.catch(() => undefined);
  await clock.advanceAsync(3000);
  return { errors, failure: failure as EdgeplayError | null };
}

describe.skipIf(FFMPEG_MISSING)('Player: HLS without CODECS (codec discovery)', () => {
  it('creates the buffer with the fMP4 type discovered from the first TS segment and appends transmuxed media', async () => {
    const clock = new VirtualClock();
    const sink = new StrictSink(clock);
    const { errors, failure } = await load(tsSegments(), sink, clock);
    expect(failure).toBeNull();
    expect(errors).toEqual([]);
    const buffer = sink.buffers.get('video') as BytesBuffer;
    expect(buffer.types[0]).toMatch(/^video\/mp4; codecs="avc1\.[0-9a-f]{6},mp4a\.40\.2"$/);
    expect(buffer.chunks.length).toBeGreaterThan(0);
    expect(String.fromCharCode(...buffer.chunks[0]!.subarray(4, 8))).toBe('ftyp');
  });

  it('segments that are not media, on a platform without bare containers: MEDIA_TYPE_UNSUPPORTED naming the track', async () => {
    const clock = new VirtualClock();
    const { failure } = await load([new Uint8Array(188 * 3).fill(0x47)], new StrictSink(clock), clock);
    expect(failure?.code).toBe('MEDIA_TYPE_UNSUPPORTED');
    expect(failure?.message).toMatch(/track .*video\/mp2t/);
    expect(failure?.details.trackId).toBeDefined();
  });

  it('codecs discovered but not playable here: MEDIA_TYPE_UNSUPPORTED with the discovered type', async () => {
    const clock = new VirtualClock();
    const { failure } = await load(tsSegments(), new StrictSink(clock, /avc1/), clock);
    expect(failure?.code).toBe('MEDIA_TYPE_UNSUPPORTED');
    expect(String(failure?.details.contentType)).toMatch(/^video\/mp4; codecs="avc1/);
  });
});
