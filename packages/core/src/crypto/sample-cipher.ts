/**
 * The sample-level half of HLS `METHOD=SAMPLE-AES` in MPEG-TS, as handed from
 * the decrypt stage (which owns keys and the platform's AES) to the transmux
 * stage (which owns the samples): one object per segment, holding that
 * segment's key and IV.
 */
import type { CryptoPort } from './crypto-port.js';
import { audioEncryptedRanges, decryptSampleAesNalu, transformRanges } from './sample-aes.js';
import { callPort } from './segment-decryption.js';

/** Decrypts one segment's SAMPLE-AES units; every call restarts CBC at the segment's IV, as the format requires. */
export interface SampleCipher {
  /** The key's URI, for error messages. */
  readonly keyUri: string;
  /** One H.264 NAL unit as carried (escaped, no start code) → the clear NAL unit; non-slice units come back as they are. */
  decryptNalu(nalu: Uint8Array): Promise<Uint8Array>;
  /**
   * One audio frame *without* its ADTS header (an fMP4 AAC sample; a whole
   * AC-3 frame) → clear bytes: 16 bytes clear, then whole blocks encrypted.
   */
  decryptAudioPayload(payload: Uint8Array): Promise<Uint8Array>;
}

/** A {@link SampleCipher} for one segment's key bytes and IV (from `SegmentDecryptor.sampleKey`). */
export function createSampleCipher(port: CryptoPort, key: Uint8Array, iv: Uint8Array, keyUri: string): SampleCipher {
  return {
    keyUri,
    decryptNalu: (nalu) => decryptSampleAesNalu(port, key, iv, nalu, keyUri),
    async decryptAudioPayload(payload) {
      const out = payload.slice();
      await transformRanges(out, audioEncryptedRanges(out.length, 0), (d) => callPort(() => port.aesCbcDecrypt(key, iv, d), keyUri));
      return out;
    },
  };
}
