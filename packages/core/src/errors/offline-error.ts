import { EdgeplayError, type EdgeplayErrorOptions } from './edgeplay-error.js';

/** Offline download and playback failures. */
export type OfflineErrorCode =
  /** The download would not fit: estimated bytes + storage in use exceed 95 % of the quota. */
  | 'OFFLINE_QUOTA_EXCEEDED'
  /** No download with that id is stored. */
  | 'OFFLINE_NOT_FOUND'
  /** A stored resource is missing (the download is incomplete there). */
  | 'OFFLINE_RESOURCE_MISSING'
  /** A stored resource does not match its checksum (storage corruption). */
  | 'OFFLINE_RESOURCE_CORRUPT'
  /** The storage backend refused a read or write. */
  | 'OFFLINE_STORAGE_FAILED'
  /** The operation does not fit the download's state (e.g. resume of a removed download). */
  | 'OFFLINE_INVALID_STATE';

/** A failure of offline storage (downloads, stored playback). */
export class OfflineError extends EdgeplayError {
  override readonly name = 'OfflineError';
  declare readonly code: OfflineErrorCode;
  constructor(code: OfflineErrorCode, message: string, options: EdgeplayErrorOptions = {}) {
    super('offline', code, message, options);
  }
}
