import { EdgeplayError, type EdgeplayErrorOptions } from './edgeplay-error.js';

/** What went wrong between downloaded bytes and the decoder. */
export type MediaErrorCode =
  | 'MEDIA_APPEND_FAILED'
  | 'MEDIA_DECODE_ERROR'
  | 'SEGMENT_CORRUPT'
  | 'QUOTA_EXCEEDED'
  | 'MEDIA_TYPE_UNSUPPORTED'
  /** A segment key (HLS EXT-X-KEY URI, DASH SEA key URL) could not be fetched or has the wrong length; `details.keyUri`. */
  | 'KEY_LOAD_FAILED'
  /** Ciphertext did not decrypt (bad PKCS#7 padding: wrong key or IV; truncated or misaligned data); `details.keyUri`. */
  | 'DECRYPT_FAILED'
  /** An encryption method or layout we recognise but cannot decrypt; `details.method`. */
  | 'ENCRYPTION_UNSUPPORTED';

/** A failure of the media pipeline (sink buffers, decoder). */
export class MediaError extends EdgeplayError {
  override readonly name = 'MediaError';
  declare readonly code: MediaErrorCode;
  constructor(code: MediaErrorCode, message: string, options: EdgeplayErrorOptions = {}) {
    super('media', code, message, options);
  }
}
