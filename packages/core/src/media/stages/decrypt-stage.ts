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
 * SAMPLE-AES / SAMPLE-AES-CTR with `KEYFORMAT="identity"` are refused with
 * `ENCRYPTION_UNSUPPORTED` for now (their samples must be decrypted inside
 * the transmuxer / fMP4 parser, which is not wired); with a DRM `KEYFORMAT`
 * they pass through to EME.
 * Errors (`MediaError`, `details.keyUri` names the key): `KEY_LOAD_FAILED`,
 * `DECRYPT_FAILED`, `ENCRYPTION_UNSUPPORTED` — the pipeline wraps them as
 * `SEGMENT_STAGE_FAILED` with the original as `cause`.
 */
import type { CryptoPort } from '../../crypto/crypto-port.js';
import { KeyCache } from '../../crypto/key-cache.js';
import { SegmentDecryptor } from '../../crypto/segment-decryptor.js';
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
  let decryptor: Promise<SegmentDecryptor> | null = null;
  // The latest context's fetchKey: keys are fetched through the request engine of the segment that needs them.
  let fetchKey: StageContext['fetchKey'] = () => Promise.reject(new Error('no segment context'));
  const load = async (portFactory: () => CryptoPort | Promise<CryptoPort>): Promise<SegmentDecryptor> => {
    const port = await portFactory();
    return new SegmentDecryptor(port, new KeyCache({ fetchKey: (uri) => fetchKey(uri) }));
  };
  return {
    name: 'decrypt',
    appliesTo: () => true,
    async process(payload, context) {
      const key = keyOf(payload);
      if (key && (key.method === 'SAMPLE-AES' || key.method === 'SAMPLE-AES-CTR') && key.keyFormat === 'identity') {
        // Clear-key sample encryption needs sample-level decryption inside the transmuxer / fMP4 parser, which the pipeline
        // does not wire yet: refuse up front rather than hand encrypted samples to the decoder. (DRM KEYFORMATs go to EME.)
        throw new MediaError('ENCRYPTION_UNSUPPORTED', `${key.method} with KEYFORMAT=identity (key ${key.uri ?? '(none)'}) is not decrypted by this player yet`, {
          details: { method: key.method, keyFormat: key.keyFormat, keyUri: key.uri ?? '' },
        });
      }
      if (!isWholeSegmentKey(key)) return payload;
      // A clear ISO-BMFF init section under a key (DASH SEA packagers differ on whether the init segment is
      // encrypted): pass it through (see looksLikeClearInit).
      if (payload.kind === 'init' && looksLikeClearInit(payload.data)) return payload;
      if (!options.cryptoPort) {
        throw new MediaError('ENCRYPTION_UNSUPPORTED', `${key.method} segment (key ${key.uri ?? '(none)'}): this player has no CryptoPort; compose it with createDecryptStage({ cryptoPort })`, {
          details: { method: key.method, keyUri: key.uri ?? '' },
        });
      }
      const portFactory = options.cryptoPort;
      fetchKey = context.fetchKey;
      decryptor ??= load(portFactory);
      // A failed load (no port on this platform) is retried on the next segment rather than cached.
      const d = await decryptor.catch((e: unknown) => {
        decryptor = null;
        throw e;
      });
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
