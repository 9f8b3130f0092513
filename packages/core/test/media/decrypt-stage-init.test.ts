/**
 * The decrypt stage on init sections under a DASH SEA key (issue 13.8): an
 * AES-128-CBC encrypted init segment is decrypted (what the compat fixture and
 * shaka-player do), and a clear one is passed through unchanged (packagers
 * that encrypt media segments only).
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDecryptStage } from '../../src/media/stages/decrypt-stage.js';
import { NodeCryptoPort } from '../../../sim/src/node-crypto-port.js';
import { TimelineMapper } from '../../src/timeline/timeline-mapper.js';
import type { SegmentPayload, StageContext } from '../../src/media/segment-pipeline.js';
import type { SegmentKey, Track } from '../../src/manifest/model.js';

const KEY = new Uint8Array(16).map((_v, i) => i + 1);
const IV = '000102030405060708090a0b0c0d0e0f';
const key: SegmentKey = { method: 'AES-128', uri: 'https://cdn.example/key.bin', keyFormat: 'identity', iv: IV };
const context: StageContext = { fetchKey: () => Promise.resolve(KEY), discontinuity: 0, signal: new AbortController().signal, timeline: new TimelineMapper(), format: 'dash' };

/** A minimal ftyp + moov init section. */
function initSection(): Uint8Array {
  const box = (type: string, body: Uint8Array) => {
    const out = new Uint8Array(8 + body.length);
    new DataView(out.buffer).setUint32(0, out.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(body, 8);
    return out;
  };
  const ftyp = box('ftyp', new TextEncoder().encode('isom\0\0\0\0isomiso6'));
  const moov = box('moov', new Uint8Array(40).fill(7));
  return new Uint8Array([...ftyp, ...moov]);
}

const payload = (data: Uint8Array): SegmentPayload => ({ kind: 'init', data, track: { id: 'v' } as Track, initRef: { uri: 'init.mp4', key }, mimeCodecs: 'video/mp4' });

describe('decrypt stage: SEA init sections', () => {
  const stage = createDecryptStage({ cryptoPort: () => new NodeCryptoPort() });

  it('decrypts an encrypted init section with the key and IV', async () => {
    const clear = initSection();
    const c = createCipheriv('aes-128-cbc', KEY, Buffer.from(IV, 'hex'));
    const encrypted = new Uint8Array(Buffer.concat([c.update(clear), c.final()]));
    const out = await stage.process(payload(encrypted), context);
    expect(Array.from(out.data)).toEqual(Array.from(clear));
  });

  it('passes a clear init section through unchanged', async () => {
    const clear = initSection();
    const out = await stage.process(payload(clear), context);
    expect(out.data).toBe(clear);
  });
});
