import { EdgeplayError, type EdgeplayErrorOptions } from './edgeplay-error.js';

/**
 * Codes a manifest parser may raise. Kept as a closed union so apps and tests
 * can switch on them exhaustively.
 */
export type ManifestErrorCode =
  /** Input is empty or not text of the expected format at all. */
  | 'MANIFEST_EMPTY'
  | 'MANIFEST_TOO_LARGE'
  /** XML is not well-formed (unclosed tag, bad entity, garbage). */
  | 'MANIFEST_XML_MALFORMED'
  /** Root element is not <MPD>, or the playlist lacks #EXTM3U. */
  | 'MANIFEST_WRONG_FORMAT'
  /** A required attribute/tag is missing. */
  | 'MANIFEST_MISSING_ATTRIBUTE'
  /** An attribute has a value of the wrong type or outside the sane range. */
  | 'MANIFEST_INVALID_VALUE'
  /** Numbers that would make us loop forever or allocate without bound. */
  | 'MANIFEST_LIMIT_EXCEEDED'
  /** Structure that cannot be played (no periods, no tracks, no segments). */
  | 'MANIFEST_NO_PLAYABLE_CONTENT'
  /** HLS #EXT-X-DEFINE reference to an undefined variable. */
  | 'MANIFEST_UNDEFINED_VARIABLE'
  /** Unsupported feature we recognise but cannot model. */
  | 'MANIFEST_UNSUPPORTED'
  /** Segment index (sidx) in media could not be parsed. */
  | 'MANIFEST_SIDX_INVALID'
  /** A URI with a scheme outside the allow-list (javascript:, file:, data:…) or scheme-relative. */
  | 'MANIFEST_URI_REFUSED';

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
