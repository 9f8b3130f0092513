import { EdgeplayError, type EdgeplayErrorOptions } from './edgeplay-error.js';

/** Player-level failures (state, track availability, live window). */
export type PlayerErrorCode =
  | 'NO_PLAYABLE_TRACKS'
  | 'BEHIND_LIVE_WINDOW'
  | 'INVALID_CONFIG'
  | 'INVALID_STATE'
  | 'UNKNOWN_TRACK'
  | 'LOAD_INTERRUPTED'
  /** The platform refused to start playback (autoplay policy: play() without a user gesture). */
  | 'PLAYBACK_NOT_ALLOWED'
  /** An unexpected exception inside the engine (a bug); `cause` holds the original. */
  | 'INTERNAL_ERROR'
  /** A pluggable ABR strategy threw or rejected; the controller kept its last choice. */
  | 'ABR_STRATEGY_FAILED';

/** A failure the player itself detects. */
export class PlayerError extends EdgeplayError {
  override readonly name = 'PlayerError';
  declare readonly code: PlayerErrorCode;
  constructor(code: PlayerErrorCode, message: string, options: EdgeplayErrorOptions = {}) {
    super('player', code, message, options);
  }
}
