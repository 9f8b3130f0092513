/**
 * Typed DRM failures: the code says which step failed, so apps and telemetry
 * can tell "no key system" from "license server said no" from "too many streams".
 */
import { EdgeplayError, type EdgeplayErrorOptions } from '../errors/edgeplay-error.js';

/** Codes of {@link DrmError}: which DRM step failed. */
export type DrmErrorCode =
  /** No configured/signalled key system is supported by the platform (details.attempts says why each failed). */
  | 'DRM_NO_KEY_SYSTEM'
  /** Protected content but no license server configured or signalled for the chosen key system. */
  | 'DRM_NO_LICENSE_SERVER'
  /** Init data (PSSH, PlayReady object, skd:) could not be parsed. */
  | 'DRM_INIT_DATA_INVALID'
  /** The license request failed at the HTTP level (details.status, details.body excerpt) or timed out. */
  | 'DRM_LICENSE_REQUEST_FAILED'
  /** The server refused the license (401/403): bad or expired token, no entitlement. */
  | 'DRM_LICENSE_REJECTED'
  /** The server refused because the account has too many concurrent streams. */
  | 'DRM_CONCURRENCY_LIMIT'
  /** The CDM rejected the license response (wrong key, malformed license). */
  | 'DRM_LICENSE_UPDATE_FAILED'
  /** Setting the server certificate failed (FairPlay, Widevine privacy mode). */
  | 'DRM_SERVER_CERTIFICATE_FAILED'
  /** Creating or generating a session failed. */
  | 'DRM_SESSION_FAILED'
  /** A key expired and no renewal arrived. */
  | 'DRM_KEY_EXPIRED'
  /** The CDM reported internal-error for a key. */
  | 'DRM_KEY_INTERNAL_ERROR'
  /** Every playable track is restricted by key status (output-restricted / HDCP). */
  | 'DRM_ALL_TRACKS_RESTRICTED'
  /** A stream-session heartbeat failed or was refused (the lease may lapse). */
  | 'DRM_HEARTBEAT_FAILED'
  /** Protected content on a player composed without a DRM module (`components.drm`), e.g. the no-drm bundle entry. */
  | 'DRM_NOT_REGISTERED';

/** A DRM failure. */
export class DrmError extends EdgeplayError {
  override readonly name = 'DrmError';
  declare readonly code: DrmErrorCode;

  constructor(code: DrmErrorCode, message: string, options: EdgeplayErrorOptions = {}) {
    super('drm', code, message, options);
  }
}
