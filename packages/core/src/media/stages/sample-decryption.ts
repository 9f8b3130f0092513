/**
 * The decrypt stage's handling of clear-key sample encryption (HLS
 * `METHOD=SAMPLE-AES` / `SAMPLE-AES-CTR`, `KEYFORMAT="identity"`):
 *
 * - MPEG-TS (`SAMPLE-AES`, Apple's "MPEG-2 Stream Encryption Format"): the
 *   container stays as it is; the media payload gets a {@link SampleCipher}
 *   with the segment's key and IV, which the transmux stage applies between
 *   demuxing and muxing (`crypto/ts-sample-decryption.ts`).
 * - fMP4 (`SAMPLE-AES` = `cbcs`, `SAMPLE-AES-CTR` = `cenc`, ISO/IEC 23001-7):
 *   decrypted here, in software, and the init's protected sample entries are
 *   turned back into clear ones (`clearInitSegment`).
 *
 * Why software and not EME ClearKey for fMP4: one code path on every
 * platform (ClearKey is missing or cenc-only on several TVs and in Safari),
 * the simulator and Node tests play the same bytes through `NodeCryptoPort`,
 * and TS needs the software path anyway. The cost is ~13–24 MB/s of port
 * calls (crypto/README.md), far above any segment bitrate.
 */
import type { CryptoPort } from '../../crypto/crypto-port.js';
import { clearInitSegment, readTrackProtection, type TrackProtection } from '../../crypto/cenc-protection.js';
import { decryptCencSegment } from '../../crypto/cenc-decryption.js';
import { decryptFailed } from '../../crypto/pkcs7.js';
import { createSampleCipher } from '../../crypto/sample-cipher.js';
import type { SegmentDecryptor } from '../../crypto/segment-decryptor.js';
import { MediaError } from '../../errors/media-error.js';
import type { SegmentKey } from '../../manifest/model.js';
import { BoxFormatError } from '../../mp4/box-reader.js';
import { parseInitTracks, type InitTrackInfo } from '../../mp4/fragment.js';
import type { SegmentPayload, StageContext } from '../segment-pipeline.js';
import { isClearSampleKey } from './decrypt-stage.js';


/** The module's exports the decrypt stage uses (loaded lazily by default: only SAMPLE-AES streams need it). */
export interface SampleDecryptionModule {
  SampleDecryption: typeof SampleDecryption;
}

/** Containers whose samples the transmuxer sees (MPEG-TS, packed audio); everything else is treated as fMP4. */
function isTransmuxed(mimeType: string): boolean {
  return /^(video\/mp2t|audio\/(aac|mpeg|ac3))$/i.test(mimeType);
}

/** What one init segment's protection looks like, parsed once per init buffer. */
interface InitProtection {
  tracks: InitTrackInfo[];
  protection: TrackProtection[];
}

/** Sample decryption for one decrypt stage (its caches live as long as the stage). */
export class SampleDecryption {
  private readonly inits = new WeakMap<Uint8Array, InitProtection>();

  /**
   * An init payload of an fMP4 track: protected sample entries → clear ones,
   * when `key` (the EXT-X-KEY before EXT-X-MAP) is a clear sample key, or
   * when an HLS track without DRM signalling has a protected init (EXT-X-MAP
   * written before EXT-X-KEY: only a clear key can be meant).
   */
  clearInit(payload: SegmentPayload, key: SegmentKey | undefined, context: StageContext): SegmentPayload {
    if (isTransmuxed(payload.track.mimeType)) return payload;
    const unkeyed = (key?.method ?? 'NONE') === 'NONE';
    const clearKeyMeant = isClearSampleKey(key) || (context.format === 'hls' && unkeyed && payload.track.contentProtection.length === 0);
    if (!clearKeyMeant) return payload;
    const keyUri = key?.uri ?? '';
    let protectedTracks: number;
    try {
      protectedTracks = readTrackProtection(payload.data).length;
    } catch (e) {
      // Only a declared clear key makes a malformed protection box this stage's error; otherwise the init is not ours to judge.
      if (!isClearSampleKey(key)) return payload;
      throw decryptFailed(`malformed protected init segment: ${e instanceof Error ? e.message : String(e)}`, keyUri, e);
    }
    if (!protectedTracks) return payload;
    return { ...payload, data: clearInitSegment(payload.data) };
  }

  /** A media payload under a clear sample key: fMP4 samples decrypted, or a TS payload given its {@link SampleCipher}. */
  async decryptMedia(payload: SegmentPayload, key: SegmentKey, port: CryptoPort, decryptor: SegmentDecryptor): Promise<SegmentPayload> {
    const sk = await decryptor.sampleKey(key, payload.ref?.sequence ?? 0);
    if (!sk) return payload;
    if (isTransmuxed(payload.track.mimeType)) {
      if (sk.method !== 'SAMPLE-AES' || payload.track.mimeType.toLowerCase() !== 'video/mp2t') {
        throw new MediaError('ENCRYPTION_UNSUPPORTED', `${sk.method} in ${payload.track.mimeType} (key ${sk.uri}): only SAMPLE-AES MPEG-TS and SAMPLE-AES / SAMPLE-AES-CTR fMP4 are decrypted`, {
          details: { method: sk.method, keyUri: sk.uri, mimeType: payload.track.mimeType },
        });
      }
      return { ...payload, sampleCipher: createSampleCipher(port, sk.key, sk.iv, sk.uri) };
    }
    if (!payload.initSegment) throw decryptFailed(`${sk.method} fMP4 segment without an init segment (EXT-X-MAP) to read its protection from`, sk.uri);
    const init = this.protectionOf(payload.initSegment, sk.uri);
    if (!init.protection.length) throw decryptFailed(`${sk.method} segment, but its init segment declares no protected track (no sinf/tenc)`, sk.uri);
    let data = payload.data;
    for (const protection of init.protection) {
      const track = init.tracks.find((t) => t.trackId === protection.trackId);
      if (!track) throw decryptFailed(`protected track ${protection.trackId} is not in the init segment's moov`, sk.uri);
      data = await decryptCencSegment(port, { segment: data, track, protection, key: sk.key, keyUri: sk.uri, fallbackIv: sk.iv });
    }
    return { ...payload, data };
  }

  private protectionOf(init: Uint8Array, keyUri: string): InitProtection {
    let p = this.inits.get(init);
    if (p) return p;
    try {
      p = { tracks: parseInitTracks(new DataView(init.buffer, init.byteOffset, init.byteLength)), protection: readTrackProtection(init) };
    } catch (e) {
      if (e instanceof BoxFormatError) throw decryptFailed(`malformed init segment: ${e.message}`, keyUri, e);
      throw e;
    }
    this.inits.set(init, p);
    return p;
  }
}
