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

/** Refusals of the stream itself — its codec, container or key method — not of one damaged segment. */
const STREAM_REFUSALS: ReadonlySet<string> = new Set<MediaErrorCode>(['MEDIA_UNSUPPORTED', 'MEDIA_TYPE_UNSUPPORTED', 'ENCRYPTION_UNSUPPORTED']);

/**
 * Whether `code` refuses the stream itself: every segment would fail alike,
 * so playback fails at the first one and keeps this code (it names what is
 * unsupported) instead of a generic `SEGMENT_CORRUPT`.
 */
export function isStreamRefusal(code: string): boolean {
  return STREAM_REFUSALS.has(code);
}
