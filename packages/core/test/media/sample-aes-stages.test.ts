/**
 * Clear-key sample encryption through the real decrypt + transmux stages:
 *
 * - SAMPLE-AES MPEG-TS: ffmpeg's H.264 + AAC HLS segments, encrypted by our
 *   fixture encryptor (packages/server/src/fixtures/compat/sample-aes.ts, the
 *   one the `hls-sample-aes` compat case is made with), must come out of the
 *   stages as exactly the fMP4 the clear segments come out as (known answer:
 *   the clear stream). A wrong key must change the output (the key is really
 *   used); SAMPLE-AES streams without a cipher are refused with a typed error.
 * - SAMPLE-AES-CTR fMP4 (cenc, our fixture encryptor
 *   packages/server/src/fixtures/cenc.ts): the init comes out with clear sample
 *   entries and the segment with the clear samples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptDemuxedSamples } from '../../src/crypto/ts-sample-decryption.js';
import { createSampleCipher } from '../../src/crypto/sample-cipher.js';
import { isEdgeplayError } from '../../src/errors/edgeplay-error.js';
import type { SegmentKey, SegmentReference, Track } from '../../src/manifest/model.js';
import { iterateBoxes } from '../../src/mp4/box-reader.js';
import { parseFragmentSamples, parseInitTracks } from '../../src/mp4/fragment.js';
import { runSegmentStages, type SegmentPayload, type StageContext } from '../../src/media/segment-pipeline.js';
import { createDecryptStage } from '../../src/media/stages/decrypt-stage.js';
import { createTransmuxStage } from '../../src/media/stages/transmux-stage.js';
import { NodeCryptoPort } from '../../../sim/src/node-crypto-port.js';
import { TimelineMapper } from '../../src/timeline/timeline-mapper.js';
import * as transmux from '../../src/transmux/index.js';
import { sampleAesSegment } from '../../../server/src/fixtures/compat/sample-aes.js';
import { encryptInit, encryptSegment } from '../../../server/src/fixtures/cenc.js';
import { readInit } from '../../../server/src/fixtures/cmaf.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, workDir } from '../transmux/support/media-oracle.js';

const KEY = Uint8Array.from(Buffer.from('00112233445566778899aabbccddeeff', 'hex'));
const IV_HEX = '000102030405060708090a0b0c0d0e0f';
const KEY_URI = 'https://keys.example/k1.bin';
const port = new NodeCryptoPort();

const tsTrack = { id: 'v-ts', type: 'video', mimeType: 'video/mp2t', codecs: 'avc1.64000d,mp4a.40.2', bandwidth: 800_000, baseUrls: [], contentProtection: [] } as unknown as Track;
const sampleAesKey: SegmentKey = { method: 'SAMPLE-AES', uri: KEY_URI, iv: IV_HEX, keyFormat: 'identity' };

function context(fetchKey: StageContext['fetchKey'] = async () => KEY): StageContext {
  return { fetchKey, discontinuity: 0, signal: new AbortController().signal, timeline: new TimelineMapper(), format: 'hls' };
}

/** ffmpeg's HLS TS segments (H.264 with B-frames + AAC, 2 s each). */
function tsSegments(): Uint8Array[] {
  ffmpegWrite('saes.m3u8', [...lavfiInputs({ seconds: 4 }), '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_segment_filename', path.join(workDir(), 'saes-%d.ts')]);
  return readdirSync(workDir())
    .filter((f) => /^saes-\d+\.ts$/.test(f))
    .sort()
    .map((f) => new Uint8Array(readFileSync(path.join(workDir(), f))));
}

function ref(i: number, key?: SegmentKey): SegmentReference {
  return { start: i * 2, end: i * 2 + 2, uri: `seg-${i}.ts`, init: null, timestampOffset: 0, sequence: i, discontinuity: 0, ...(key ? { key } : {}) } as SegmentReference;
}

async function throughStages(segments: Uint8Array[], key: SegmentKey | undefined, ctx = context()): Promise<SegmentPayload[]> {
  const stages = [createDecryptStage({ cryptoPort: () => port }), createTransmuxStage({ load: () => transmux })];
  const out: SegmentPayload[] = [];
  for (const [i, data] of segments.entries()) out.push(await runSegmentStages(stages, { kind: 'media', data, track: tsTrack, ref: ref(i, key), mimeCodecs: 'video/mp2t' }, ctx));
  return out;
}

describe.skipIf(FFMPEG_MISSING)('SAMPLE-AES MPEG-TS through the decrypt and transmux stages', () => {
  const clear = tsSegments();
  const encrypted = clear.map((s) => sampleAesSegment(s, KEY, Buffer.from(IV_HEX, 'hex')));

  it('decrypts to exactly the fMP4 of the clear stream (known answer), and the encryption was real', async () => {
    expect(clear.length).toBeGreaterThanOrEqual(2);
    const plain = await throughStages(clear, undefined);
    const decrypted = await throughStages(encrypted, sampleAesKey);
    for (const [i, p] of plain.entries()) {
      // The encryptor changed the bytes (else the test would prove nothing)...
      expect(Buffer.from(encrypted[i]!).equals(Buffer.from(clear[i]!))).toBe(false);
      // ...and the stages undo it exactly.
      expect(Buffer.from(decrypted[i]!.data).equals(Buffer.from(p.data))).toBe(true);
      expect(decrypted[i]!.mimeCodecs).toBe(p.mimeCodecs);
      expect(decrypted[i]!.timestampOffset).toBe(p.timestampOffset);
      expect(decrypted[i]!.sampleCipher).toBeUndefined();
    }
  });

  it('a wrong key yields different samples (the key is used); CBC without padding cannot detect it', async () => {
    const wrong = Uint8Array.from(KEY).reverse();
    const plain = await throughStages(clear.slice(0, 1), undefined);
    const out = await throughStages(encrypted.slice(0, 1), sampleAesKey, context(async () => wrong));
    expect(out[0]!.data.length).toBe(plain[0]!.data.length);
    expect(Buffer.from(out[0]!.data).equals(Buffer.from(plain[0]!.data))).toBe(false);
  });

  it('a key that cannot be fetched is KEY_LOAD_FAILED naming the key URI (wrapped by the pipeline)', async () => {
    const err = await throughStages(encrypted.slice(0, 1), sampleAesKey, context(() => Promise.reject(new Error('HTTP 403')))).catch((e: unknown) => e);
    expect(isEdgeplayError(err) && err.code).toBe('SEGMENT_STAGE_FAILED');
    const cause = (err as { cause?: unknown }).cause;
    expect(isEdgeplayError(cause) && cause.code).toBe('KEY_LOAD_FAILED');
    expect(isEdgeplayError(cause) && cause.details.keyUri).toBe(KEY_URI);
  });

  it('SAMPLE-AES stream types without a cipher are MEDIA_UNSUPPORTED, not encrypted samples in an fMP4', () => {
    const t = transmux.createTsTransmuxer();
    let err: unknown;
    try {
      t.push(encrypted[0]!);
    } catch (e) {
      err = e;
    }
    expect(isEdgeplayError(err) && err.code).toBe('MEDIA_UNSUPPORTED');
    expect(String((err as Error).message)).toMatch(/SAMPLE-AES/);
  });

  it('fuzz: mutated SAMPLE-AES segments → fMP4 or a typed error, never a plain exception', async () => {
    const cipher = createSampleCipher(port, KEY, Buffer.from(IV_HEX, 'hex'), KEY_URI);
    const base = encrypted[0]!;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), fc.nat(base.length), async (flips, cut) => {
        const bytes = base.slice(0, Math.max(188, cut));
        for (const [at, v] of flips) if (at < bytes.length) bytes[at] = v;
        const t = transmux.createTsTransmuxer();
        try {
          t.mux(await decryptDemuxedSamples(cipher, t.demux(bytes)));
        } catch (e) {
          if (!isEdgeplayError(e)) throw e;
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe.skipIf(FFMPEG_MISSING)('SAMPLE-AES-CTR fMP4 (cenc, KEYFORMAT identity) through the decrypt stage', () => {
  it('clears the init and decrypts the samples to the clear ones', async () => {
    const file = ffmpegWrite('saes-ctr.mp4', [...lavfiInputs({ seconds: 2, audio: false }), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4']);
    const bytes = new Uint8Array(readFileSync(file));
    const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
    const firstMoof = [...iterateBoxes(view(bytes))].find((b) => b.type === 'moof')!;
    const init = bytes.slice(0, firstMoof.start);
    const segment = bytes.slice(firstMoof.start);
    const kid = '0123456789abcdef0123456789abcdef';
    const encInit = encryptInit(init, kid, [kid]);
    const encSegment = encryptSegment(segment, readInit(init), { kid, key: Buffer.from(KEY).toString('hex') });
    const key: SegmentKey = { method: 'SAMPLE-AES-CTR', uri: KEY_URI, keyFormat: 'identity' };
    const track = { id: 'v-mp4', type: 'video', mimeType: 'video/mp4', codecs: 'avc1.64000d', bandwidth: 1, baseUrls: [], contentProtection: [] } as unknown as Track;
    const stage = createDecryptStage({ cryptoPort: () => port });
    const ctx = context();
    const initOut = await stage.process({ kind: 'init', data: encInit, track, initRef: { uri: 'init.mp4', key } }, ctx);
    expect(Buffer.from(initOut.data).includes(Buffer.from('encv'))).toBe(false);
    expect(Buffer.from(initOut.data).includes(Buffer.from('avc1'))).toBe(true);
    const mediaOut = await stage.process({ kind: 'media', data: encSegment, track, ref: { ...ref(0, key), uri: 'seg.m4s' }, initSegment: encInit }, ctx);
    const tracks = parseInitTracks(view(init));
    const want = parseFragmentSamples(view(segment), tracks[0]!).map((s) => Buffer.from(s.data));
    const got = parseFragmentSamples(view(mediaOut.data), tracks[0]!).map((s) => Buffer.from(s.data));
    const before = parseFragmentSamples(view(encSegment), tracks[0]!).map((s) => Buffer.from(s.data));
    expect(got.length).toBe(want.length);
    expect(before.some((s, i) => !s.equals(want[i]!))).toBe(true);
    got.forEach((s, i) => expect(s.equals(want[i]!)).toBe(true));
  });
});
