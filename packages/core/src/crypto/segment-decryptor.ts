/**
 * The decrypt step of the segment pipeline, as one object the lead wraps as a
 * stage: model key ({@link SegmentKey}) + sequence number + bytes → clear
 * bytes, with keys from a {@link KeyCache}.
 */
import { MediaError } from '../errors/media-error.js';
import { isEdgeplayError } from '../errors/edgeplay-error.js';
import type { SegmentKey } from '../manifest/model.js';
import type { CryptoPort } from './crypto-port.js';
import type { KeyCache } from './key-cache.js';
import { callPort, decryptSegment, isWholeSegmentMethod, KEY_LENGTH } from './segment-decryption.js';
import { segmentIv } from './segment-iv.js';

/** Sample-level methods: the container is parsed in the clear and samples are decrypted by the demuxer/transmuxer. */
export type SampleMethod = 'SAMPLE-AES' | 'SAMPLE-AES-CTR';

/** Whole-segment decryption with key fetching and one key refresh on failure. */
export class SegmentDecryptor {
  constructor(
    private readonly port: CryptoPort,
    private readonly keys: KeyCache,
  ) {}

  /**
   * Clear bytes of a segment or init section. Returns `data` itself when
   * `key` is absent/`NONE` or a sample-level method (those bytes are
   * demuxed first; see {@link SegmentDecryptor.sampleKey}).
   *
   * @param sequence media sequence number (IV when the tag has none); `0` for init sections.
   * @throws MediaError KEY_LOAD_FAILED / DECRYPT_FAILED naming the key URI;
   *   ENCRYPTION_UNSUPPORTED for a non-identity KEYFORMAT (a DRM key, handled by EME).
   */
  async decrypt(key: SegmentKey | undefined, sequence: number, data: Uint8Array): Promise<Uint8Array> {
    if (!key || key.method === 'NONE' || !isWholeSegmentMethod(key.method)) return data;
    const uri = requireIdentityKey(key);
    const method = key.method;
    const keyBytes = await this.keys.get(uri, KEY_LENGTH[method]);
    const iv = await this.ivFor(key, sequence, keyBytes, uri);
    try {
      return await decryptSegment(this.port, { method, key: keyBytes, iv, data, keyUri: uri });
    } catch (e) {
      if (!(isEdgeplayError(e) && e.code === 'DECRYPT_FAILED' && e.details.failure === 'padding')) throw e;
      // A wrong key: a live origin may rotate the key behind an unchanged URI; try a fresh copy once.
      this.keys.invalidate(uri);
      const fresh = await this.keys.get(uri, KEY_LENGTH[method]);
      if (sameBytes(fresh, keyBytes)) throw e;
      return decryptSegment(this.port, { method, key: fresh, iv: await this.ivFor(key, sequence, fresh, uri), data, keyUri: uri });
    }
  }

  /** {@link segmentIv}, then for DASH SEA `ivEncryptionFlag` E_K(IV): one AES block, as CTR keystream of a zero block. */
  private async ivFor(key: SegmentKey, sequence: number, keyBytes: Uint8Array, uri: string): Promise<Uint8Array> {
    const iv = segmentIv(key, sequence);
    if (!key.ivEncrypted) return iv;
    return callPort(() => this.port.aesCtrDecrypt(keyBytes, iv, new Uint8Array(16)), uri);
  }

  /**
   * Key bytes and IV for a SAMPLE-AES / SAMPLE-AES-CTR segment, for the
   * transmuxer (`decryptSampleAesNalu`, `decryptSampleAesAdtsFrame`) or the
   * fMP4 sample decryptor. `null` when the segment is not sample-encrypted.
   */
  async sampleKey(key: SegmentKey | undefined, sequence: number): Promise<{ key: Uint8Array; iv: Uint8Array; uri: string; method: SampleMethod } | null> {
    if (!key || (key.method !== 'SAMPLE-AES' && key.method !== 'SAMPLE-AES-CTR')) return null;
    const uri = requireIdentityKey(key);
    const keyBytes = await this.keys.get(uri, KEY_LENGTH[key.method]);
    return { key: keyBytes, iv: segmentIv(key, sequence), uri, method: key.method };
  }
}

function requireIdentityKey(key: SegmentKey): string {
  if (key.keyFormat !== 'identity') {
    throw new MediaError('ENCRYPTION_UNSUPPORTED', `${key.method} with KEYFORMAT=${key.keyFormat} is a DRM key, not a clear key`, { details: { method: key.method, keyFormat: key.keyFormat, keyUri: key.uri } });
  }
  if (!key.uri) throw new MediaError('KEY_LOAD_FAILED', `${key.method} key has no URI`, { details: { method: key.method, keyUri: '' } });
  return key.uri;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
