/**
 * The decrypt stage of the segment pipeline: HLS `METHOD=AES-128`,
 * `AES-256`, `AES-256-CTR` and DASH SEA (`SegmentReference.key`, and the
 * init section's `InitSegmentReference.key`) → clear bytes, before any
 * probing, transmuxing or appending.
 *
 * Cheap enough to register always: a payload without a key passes through
 * untouched, and the platform's AES ({@link CryptoPort}) is created only
 * when the first keyed segment arrives. (The decryptor itself is imported
 * statically, ~4 KB of source minified to ~1.5 KB: a dynamic import would
 * resolve on the real event loop, outside the simulator's virtual clock,
 * and make simulated playback of encrypted streams nondeterministic.) Keys come through
 * `StageContext.fetchKey` (the request engine, kind `key`: filters,
 * retries, failover) and are cached per URI by a {@link KeyCache} that lives
 * as long as the stage (one per Player: see `defaultPlayerComponents`).
 *
 * SAMPLE-AES / SAMPLE-AES-CTR with `KEYFORMAT="identity"` go to
 * {@link SampleDecryption} (fMP4 samples decrypted here, TS samples in the
 * transmux stage through the payload's `sampleCipher`); with a DRM
 * `KEYFORMAT` they pass through to EME.
 * Errors (`MediaError`, `details.keyUri` names the key): `KEY_LOAD_FAILED`,
 * `DECRYPT_FAILED`, `ENCRYPTION_UNSUPPORTED` — the pipeline wraps them as
 * `SEGMENT_STAGE_FAILED` with the original as `cause`.
 */
import type { CryptoPort } from '../../crypto/crypto-port.js';
import { KeyCache } from '../../crypto/key-cache.js';
import { SegmentDecryptor } from '../../crypto/segment-decryptor.js';
import type { SampleDecryption, SampleDecryptionModule } from './sample-decryption.js';
import { MediaError } from '../../errors/media-error.js';
import type { SegmentKey } from '../../manifest/model.js';
import type { SegmentPayload, SegmentStage, StageContext } from '../segment-pipeline.js';

/** Options of {@link createDecryptStage}. */
export interface DecryptStageOptions {
  /**
   * The platform's AES: `WebCryptoPort` in browsers (what `@edgeplay/web`'s
   * `createPlayer` passes), `NodeCryptoPort` in Node/the simulator. Called
   * once, on the first keyed segment. Absent (core's default composition,
   * which has no platform): keyed segments are refused with
   * `ENCRYPTION_UNSUPPORTED` naming the key, instead of appending ciphertext.
   */
  cryptoPort?: () => CryptoPort | Promise<CryptoPort>;
  /**
   * The clear-key sample decryption module (SAMPLE-AES / SAMPLE-AES-CTR with
   * `KEYFORMAT="identity"`). Default {@link loadSampleDecryption}, a dynamic
   * import (its own chunk, with the cenc/cbcs decryptor: pages that never
   * meet SAMPLE-AES do not carry it); the simulator passes the module itself.
   */
  sampleDecryption?: () => SampleDecryptionModule | Promise<SampleDecryptionModule>;
}

/** Loads `sample-decryption.ts` as a separate chunk. */
export function loadSampleDecryption(): Promise<SampleDecryptionModule> {
  return import('./sample-decryption.js');
}

/** Whether `key` is clear-key sample encryption (handled by `sample-decryption.ts`). */
export function isClearSampleKey(key: SegmentKey | undefined): key is SegmentKey {
  return !!key && (key.method === 'SAMPLE-AES' || key.method === 'SAMPLE-AES-CTR') && key.keyFormat === 'identity';
}

/** HLS init sections that may carry a protected sample entry meant for a clear key (see `SampleDecryption.clearInit`). */
function mayNeedInitClearing(payload: SegmentPayload, key: SegmentKey | undefined, format: StageContext['format']): boolean {
  if (payload.kind !== 'init' || /^(video\/mp2t|audio\/(aac|mpeg|ac3))$/i.test(payload.track.mimeType)) return false;
  const method = key?.method ?? 'NONE';
  if (isClearSampleKey(key)) return true;
  return format === 'hls' && method === 'NONE' && payload.track.contentProtection.length === 0 && hasProtectedEntry(payload.data);
}

/** Cheap pre-check: the bytes `encv` / `enca` (a protected sample entry) occur in the init. */
function hasProtectedEntry(init: Uint8Array): boolean {
  for (let i = 0; i + 4 <= init.length; i++) {
    if (init[i] === 0x65 && init[i + 1] === 0x6e && init[i + 2] === 0x63 && (init[i + 3] === 0x76 || init[i + 3] === 0x61)) return true;
  }
  return false;
}

/** Methods that encrypt the whole segment (what this stage undoes). */
const WHOLE_SEGMENT = new Set<SegmentKey['method']>(['AES-128', 'AES-256', 'AES-256-CTR']);

/** Whether `key` encrypts the whole segment with a clear key (this stage's job). */
export function isWholeSegmentKey(key: SegmentKey | undefined): key is SegmentKey {
  return !!key && WHOLE_SEGMENT.has(key.method);
}

/** The key that applies to `payload`: the segment's, or for an init section its EXT-X-MAP's. */
function keyOf(payload: SegmentPayload): SegmentKey | undefined {
  return payload.kind === 'init' ? payload.initRef?.key : payload.ref?.key;
}

/** A decrypt stage with its own key cache. */
export function createDecryptStage(options: DecryptStageOptions = {}): SegmentStage {
  let decryptor: Promise<{ port: CryptoPort; decryptor: SegmentDecryptor }> | null = null;
  // The latest context's fetchKey: keys are fetched through the request engine of the segment that needs them.
  let fetchKey: StageContext['fetchKey'] = () => Promise.reject(new Error('no segment context'));
  let samples: Promise<SampleDecryption> | null = null;
  const sampleDecryption = async (): Promise<SampleDecryption> => {
    samples ??= Promise.resolve((options.sampleDecryption ?? loadSampleDecryption)()).then((m) => new m.SampleDecryption());
    return samples.catch((e: unknown) => {
      samples = null;
      throw e;
    });
  };
  const load = async (portFactory: () => CryptoPort | Promise<CryptoPort>) => {
    const port = await portFactory();
    return { port, decryptor: new SegmentDecryptor(port, new KeyCache({ fetchKey: (uri) => fetchKey(uri) })) };
  };
  const ready = async (key: SegmentKey, context: StageContext) => {
    if (!options.cryptoPort) {
      throw new MediaError('ENCRYPTION_UNSUPPORTED', `${key.method} segment (key ${key.uri ?? '(none)'}): this player has no CryptoPort; compose it with createDecryptStage({ cryptoPort })`, {
        details: { method: key.method, keyUri: key.uri ?? '' },
      });
    }
    fetchKey = context.fetchKey;
    decryptor ??= load(options.cryptoPort);
    // A failed load (no port on this platform) is retried on the next segment rather than cached.
    return decryptor.catch((e: unknown) => {
      decryptor = null;
      throw e;
    });
  };
  return {
    name: 'decrypt',
    appliesTo: () => true,
    async process(payload, context) {
      const key = keyOf(payload);
      if (mayNeedInitClearing(payload, key, context.format)) payload = (await sampleDecryption()).clearInit(payload, key, context);
      if (isClearSampleKey(key)) {
        if (payload.kind === 'init') return payload; // sample encryption leaves init sections clear (bar the sinf, undone above)
        const { port, decryptor: d } = await ready(key, context);
        return (await sampleDecryption()).decryptMedia(payload, key, port, d);
      }
      if (!isWholeSegmentKey(key)) return payload;
      // A clear ISO-BMFF init section under a key (DASH SEA packagers differ on whether the init segment is
      // encrypted): pass it through (see looksLikeClearInit).
      if (payload.kind === 'init' && looksLikeClearInit(payload.data)) return payload;
      const { decryptor: d } = await ready(key, context);
      // IV: RFC 8216 §5.2 — the media sequence number when the tag has no IV; 0 for init sections.
      const data = await d.decrypt(key, payload.kind === 'init' ? 0 : (payload.ref?.sequence ?? 0), payload.data);
      return { ...payload, data };
    },
  };
}

/**
 * A clear init section: not a whole number of AES blocks (CBC with PKCS#7 padding always is), or an
 * ISO-BMFF first box (ftyp/moov/free/skip) whose size fits the data — odds of ~2^-40 for ciphertext.
 */
function looksLikeClearInit(data: Uint8Array): boolean {
  if (data.length % 16 !== 0) return true;
  if (data.length < 8) return false;
  const size = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  const type = String.fromCharCode(data[4]!, data[5]!, data[6]!, data[7]!);
  return CLEAR_INIT_BOXES.has(type) && size >= 8 && size <= data.length;
}

const CLEAR_INIT_BOXES = new Set(['ftyp', 'moov', 'free', 'skip']);
