import { EdgeplayError, type EdgeplayErrorOptions } from './edgeplay-error.js';

/** What went wrong between downloaded bytes and the decoder. */
export type MediaErrorCode =
  | 'MEDIA_APPEND_FAILED'
  | 'MEDIA_DECODE_ERROR'
  | 'SEGMENT_CORRUPT'
  | 'QUOTA_EXCEEDED'
  | 'MEDIA_TYPE_UNSUPPORTED'
  /** A transport stream / elementary stream / packed-audio segment is malformed beyond recovery (details name the PID, stream and reason). */
  | 'TRANSMUX_INVALID'
  /** The media is well-formed but uses a container, codec or stream type the engine cannot package (details name it). */
  | 'MEDIA_UNSUPPORTED';

/** A failure of the media pipeline (sink buffers, decoder). */
export class MediaError extends EdgeplayError {
  override readonly name = 'MediaError';
  declare readonly code: MediaErrorCode;
  constructor(code: MediaErrorCode, message: string, options: EdgeplayErrorOptions = {}) {
    super('media', code, message, options);
  }
}
