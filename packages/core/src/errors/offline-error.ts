import type { ErrorCode } from './codes.js';
import { EdgeplayError, type EdgeplayErrorOptions } from './edgeplay-error.js';

/** Offline download and playback failures (see `ERROR_CODES.offline`). */
export type OfflineErrorCode = ErrorCode<'offline'>;

/** A failure of offline storage (downloads, stored playback). */
export class OfflineError extends EdgeplayError {
  override readonly name = 'OfflineError';
  declare readonly code: OfflineErrorCode;
  constructor(code: OfflineErrorCode, message: string, options: EdgeplayErrorOptions = {}) {
    super('offline', code, message, options);
  }
}
