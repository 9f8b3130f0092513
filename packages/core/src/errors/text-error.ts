import type { ErrorCode } from './codes.js';
import { EdgeplayError, type EdgeplayErrorOptions } from './edgeplay-error.js';

/** Subtitle failures (see `ERROR_CODES.text`). */
export type TextErrorCode = ErrorCode<'text'>;

/** A subtitle failure. Recoverable by default: subtitles must never stop video. */
export class TextError extends EdgeplayError {
  override readonly name = 'TextError';
  declare readonly code: TextErrorCode;
  constructor(code: TextErrorCode, message: string, options: EdgeplayErrorOptions = {}) {
    super('text', code, message, { severity: 'recoverable', ...options });
  }
}
