import type { ErrorCode } from './codes.js';
import { EdgeplayError, type EdgeplayErrorOptions } from './edgeplay-error.js';

/** What went wrong between downloaded bytes and the decoder (see `ERROR_CODES.media`). */
export type MediaErrorCode = ErrorCode<'media'>;

/** A failure of the media pipeline (sink buffers, decoder). */
export class MediaError extends EdgeplayError {
  override readonly name = 'MediaError';
  declare readonly code: MediaErrorCode;
  constructor(code: MediaErrorCode, message: string, options: EdgeplayErrorOptions = {}) {
    super('media', code, message, options);
  }
}
