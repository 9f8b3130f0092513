import type { ErrorCode } from './codes.js';
import { EdgeplayError, type EdgeplayErrorOptions } from './edgeplay-error.js';

/** Codes a manifest parser may raise (see `ERROR_CODES.manifest`): a closed union apps can switch on exhaustively. */
export type ManifestErrorCode = ErrorCode<'manifest'>;

/**
 * Raised by the DASH and HLS parsers. `details.where` names the location
 * (element path such as `MPD/Period[1]/AdaptationSet[0]` or `line 17`).
 */
export class ManifestError extends EdgeplayError {
  override readonly name = 'ManifestError';
  declare readonly code: ManifestErrorCode;

  constructor(code: ManifestErrorCode, message: string, where?: string, options: EdgeplayErrorOptions = {}) {
    super('manifest', code, where ? `${message} (at ${where})` : message, {
      ...options,
      details: { ...(options.details ?? {}), ...(where ? { where } : {}) },
    });
  }
}
