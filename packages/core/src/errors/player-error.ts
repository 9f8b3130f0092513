import type { ErrorCode } from './codes.js';
import { EdgeplayError, type EdgeplayErrorOptions } from './edgeplay-error.js';

/** Player-level failures (see `ERROR_CODES.player`). */
export type PlayerErrorCode = ErrorCode<'player'>;

/** A failure the player itself detects. */
export class PlayerError extends EdgeplayError {
  override readonly name = 'PlayerError';
  declare readonly code: PlayerErrorCode;
  constructor(code: PlayerErrorCode, message: string, options: EdgeplayErrorOptions = {}) {
    super('player', code, message, options);
  }
}
