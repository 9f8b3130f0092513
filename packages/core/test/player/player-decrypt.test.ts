/**
 * HLS segment encryption through the real Player on the virtual clock: the
 * decrypt stage (`media/stages/decrypt-stage.ts`) turns AES-128 ciphertext
 * (made here with node:crypto) back into the fake media the FakeSink parses —
 * ciphertext reaching the sink would fail its JSON parse — with keys fetched
 * through the request engine (kind `key`) once per URI.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { createDecryptStage } from '../../src/media/stages/decrypt-stage.js';
import { Player } from '../../src/player/player.js';
import { NodeCryptoPort } from '../../../sim/src/node-crypto-port.js';
import { simulationSegmentStages } from '../../../sim/src/player-simulation.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, type FakeMedia } from './fakes.js';

const enc = new TextEncoder();

/** Codes along an error's cause chain (SEGMENT_CORRUPT → SEGMENT_STAGE_FAILED → the decryptor's error). */
function causeCodes(e: EdgeplayError): string[] {
  const codes: string[] = [];
  for (let c: unknown = e; c && typeof c === 'object' && 'code' in c; c = (c as { cause?: unknown }).cause) codes.push(String((c as EdgeplayError).code));
  return codes;
}
const KEY = Uint8Array.from({ length: 16 }, (_, i) => i * 7 + 3);
const OTHER_KEY = Uint8Array.from({ length: 16 }, (_, i) => 255 - i);
const EXPLICIT_IV = '000102030405060708090a0b0c0d0e0f';

/** RFC 8216 §5.2: without IV=, the IV is the media sequence number as a 128-bit big-endian integer. */
function sequenceIv(n: number): Uint8Array {
  const iv = new Uint8Array(16);
  new DataView(iv.buffer).setUint32(12, n);
  return iv;
}

function aes128(key: Uint8Array, iv: Uint8Array, clear: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-128-cbc', key, iv); // PKCS#7 padding, as ffmpeg's hls muxer writes it
  return new Uint8Array(Buffer.concat([c.update(clear), c.final()]));
}

const SEG_S = 2;
const SEGMENTS = 5;

/** An encrypted VOD media playlist: the init under one key (explicit IV), segments 1–2 under key A (sequence IV), 3–5 under key B (explicit IV: rotation). */
function encryptedPlaylist(): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${SEG_S}`, '#EXT-X-MEDIA-SEQUENCE:1', '#EXT-X-PLAYLIST-TYPE:VOD'];
  lines.push(`#EXT-X-KEY:METHOD=AES-128,URI="keys/a.key",IV=0x${EXPLICIT_IV}`, '#EXT-X-MAP:URI="enc/init-e1.mp4"');
  lines.push('#EXT-X-KEY:METHOD=AES-128,URI="keys/a.key"');
  for (let n = 1; n <= SEGMENTS; n++) {
    if (n === 3) lines.push(`#EXT-X-KEY:METHOD=AES-128,URI="keys/b.key",IV=0x${EXPLICIT_IV}`);
    lines.push(`#EXTINF:${SEG_S.toFixed(3)},`, `enc/seg-e1-${n}.m4s`);
  }
  lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

/** Serves the playlist, the two keys and the encrypted init / segments. `keyB` is what the server answers for b.key. */
function encryptedNetwork(clock: VirtualClock, keyB = OTHER_KEY): FakeNetwork {
  const net = new FakeNetwork(clock, SEG_S);
  net.text('enc.m3u8', encryptedPlaylist());
  net.routes.push({ match: (u) => u.endsWith('keys/a.key'), respond: () => ({ body: KEY }) });
  net.routes.push({ match: (u) => u.endsWith('keys/b.key'), respond: () => ({ body: keyB }) });
  net.routes.push({
    match: (u) => u.includes('/enc/init-e1.mp4'),
    respond: () => ({ body: aes128(KEY, hexBytes(EXPLICIT_IV), enc.encode(JSON.stringify({ kind: 'init', rep: 'e1' } satisfies FakeMedia))) }),
  });
  net.routes.push({
    match: (u) => /\/enc\/seg-e1-\d+\.m4s$/.test(u),
    respond: (u) => {
      const n = Number(/seg-e1-(\d+)\.m4s$/.exec(u)![1]);
      const clear = enc.encode(JSON.stringify({ kind: 'segment', rep: 'e1', n, start: (n - 1) * SEG_S, end: n * SEG_S } satisfies FakeMedia));
      return { body: n < 3 ? aes128(KEY, sequenceIv(n), clear) : aes128(OTHER_KEY, hexBytes(EXPLICIT_IV), clear) };
    },
  });
  return net;
}

async function play(net: FakeNetwork, clock: VirtualClock, stages = simulationSegmentStages()) {
  const sink = new FakeSink(clock);
  const player = new Player({ clock, network: net, sink }, { net: { retry: { fuzz: 0 } } }, { segmentStages: stages });
  const errors: EdgeplayError[] = [];
  player.on('error', (e) => errors.push(e));
  const loading = player.load('https://hls.example/enc.m3u8');
  await clock.advanceAsync(100);
  await loading.catch((e: unknown) => errors.push(e as EdgeplayError));
  await clock.advanceAsync(30_000);
  return { player, sink, errors };
}

describe('Player: HLS AES-128 segment encryption (decrypt stage)', () => {
  it('plays an AES-128 stream with an encrypted init, sequence-number and explicit IVs and a key rotation; each key fetched once', async () => {
    const clock = new VirtualClock();
    const net = encryptedNetwork(clock);
    const { player, sink, errors } = await play(net, clock);
    expect(errors).toEqual([]);
    const appended = sink.buffers.get('video')!.appended;
    expect(appended[0]).toEqual({ kind: 'init', rep: 'e1' });
    expect(appended.filter((m) => m.kind === 'segment').map((m) => m.n)).toEqual([1, 2, 3, 4, 5]);
    expect(player.state).toBe('ended');
    expect(sink.currentTime()).toBeCloseTo(SEGMENTS * SEG_S, 3);
    const keyRequests = net.requests.filter((r) => r.url.includes('/keys/'));
    expect(keyRequests.map((r) => [r.url.split('/').pop(), r.kind])).toEqual([
      ['a.key', 'key'],
      ['b.key', 'key'],
    ]);
  });

  it('a wrong key: typed DECRYPT_FAILED naming the key URI (after one refetch), no ciphertext appended', async () => {
    const clock = new VirtualClock();
    const net = encryptedNetwork(clock, KEY); // b.key answers the wrong key
    const { sink, errors } = await play(net, clock);
    const appended = sink.buffers.get('video')!.appended.filter((m) => m.kind === 'segment').map((m) => m.n);
    expect(appended).toEqual([1, 2]);
    const stageErrors = errors.filter((e) => e.code === 'SEGMENT_CORRUPT');
    expect(stageErrors.length).toBeGreaterThan(0);
    const root = stageErrors[0]!.cause as EdgeplayError;
    expect(root.code).toBe('SEGMENT_STAGE_FAILED');
    const decrypt = root.cause as EdgeplayError;
    expect(decrypt.code).toBe('DECRYPT_FAILED');
    expect(decrypt.details.keyUri).toBe('https://hls.example/keys/b.key');
    // The padding failure dropped the cached key and fetched it once more before giving up.
    expect(net.requests.filter((r) => r.url.endsWith('b.key')).length).toBeGreaterThanOrEqual(2);
  });

  it('a key that cannot be fetched: KEY_LOAD_FAILED naming the key URI', async () => {
    const clock = new VirtualClock();
    const net = encryptedNetwork(clock);
    net.failing.add('b.key');
    const { errors } = await play(net, clock);
    const causes = errors.map((e) => (e.cause as EdgeplayError | undefined)?.cause as EdgeplayError | undefined).filter((c) => c?.code === 'KEY_LOAD_FAILED');
    expect(causes.length).toBeGreaterThan(0);
    expect(causes[0]!.details.keyUri).toBe('https://hls.example/keys/b.key');
  });

  it('core’s default composition (no CryptoPort) refuses keyed segments with ENCRYPTION_UNSUPPORTED instead of appending ciphertext', async () => {
    const clock = new VirtualClock();
    const net = encryptedNetwork(clock);
    const { sink, errors } = await play(net, clock, [createDecryptStage()]);
    expect(sink.buffers.get('video')?.appended ?? []).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
    // The init section is keyed: every attempt is refused, and names the key.
    for (const e of errors) expect(causeCodes(e)).toEqual(['SEGMENT_STAGE_FAILED', 'ENCRYPTION_UNSUPPORTED']);
    expect(((errors[0]!.cause as EdgeplayError).details.keyUri)).toBe('https://hls.example/keys/a.key');
  });

  it('SAMPLE-AES (KEYFORMAT=identity) fMP4 whose init declares no protection: DECRYPT_FAILED naming the key, nothing appended', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock, SEG_S);
    net.text('enc.m3u8', ['#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-MAP:URI="init-c1.mp4"', '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="keys/s.key"', '#EXTINF:2,', 'seg-c1-1.m4s', '#EXT-X-ENDLIST'].join('\n'));
    net.routes.push({ match: (u) => u.endsWith('keys/s.key'), respond: () => ({ body: KEY }) });
    const { sink, errors } = await play(net, clock);
    expect(sink.buffers.get('video')?.appended.filter((m) => m.kind === 'segment') ?? []).toEqual([]);
    const refusal = errors.find((e) => causeCodes(e).includes('DECRYPT_FAILED'));
    expect(refusal).toBeDefined();
    let cause: unknown = refusal;
    while (cause && (cause as EdgeplayError).code !== 'DECRYPT_FAILED') cause = (cause as { cause?: unknown }).cause;
    expect((cause as EdgeplayError).details.keyUri).toBe('https://hls.example/keys/s.key');
  });

  it('the same stage with an explicit port and no key in the playlist passes media through untouched', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock, SEG_S);
    net.text('enc.m3u8', ['#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-MAP:URI="init-c1.mp4"', '#EXTINF:2,', 'seg-c1-1.m4s', '#EXTINF:2,', 'seg-c1-2.m4s', '#EXT-X-ENDLIST'].join('\n'));
    const { sink, errors } = await play(net, clock, [createDecryptStage({ cryptoPort: () => new NodeCryptoPort() })]);
    expect(errors).toEqual([]);
    expect(sink.buffers.get('video')!.appended.map((m) => m.n ?? m.kind)).toEqual(['init', 1, 2]);
  });
});
