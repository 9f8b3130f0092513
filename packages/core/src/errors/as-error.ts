import { EdgeplayError, isEdgeplayError } from './edgeplay-error.js';
import { MediaError } from './media-error.js';
import { PlayerError } from './player-error.js';

/**
 * Browser DOMException names → the typed error that says what failed. These
 * are what media elements, MSE and EME reject with (HTMLMediaElement.play(),
 * SourceBuffer.appendBuffer(), MediaKeys…).
 */
const DOM_EXCEPTIONS: Readonly<Record<string, (message: string, cause: unknown) => EdgeplayError>> = {
  NotSupportedError: (m, cause) => new MediaError('MEDIA_TYPE_UNSUPPORTED', m, { cause }),
  QuotaExceededError: (m, cause) => new MediaError('QUOTA_EXCEEDED', m, { severity: 'recoverable', cause }),
  // play() refused without a user gesture: playback can go on once the user interacts.
  NotAllowedError: (m, cause) => new PlayerError('PLAYBACK_NOT_ALLOWED', m, { severity: 'recoverable', cause }),
  // play() interrupted by a pause() or a new load: nothing is broken.
  AbortError: (m, cause) => new PlayerError('LOAD_INTERRUPTED', m, { severity: 'recoverable', cause }),
  InvalidStateError: (m, cause) => new PlayerError('INVALID_STATE', m, { cause }),
};

/**
 * Any thrown value as an {@link EdgeplayError}: EdgeplayErrors as they are,
 * DOMExceptions by name (see {@link DOM_EXCEPTIONS}), anything else as an
 * `INTERNAL_ERROR` PlayerError that keeps the original as `cause` — an
 * unknown exception is a bug to report, not an invalid player state.
 */
export function asError(e: unknown): EdgeplayError {
  if (isEdgeplayError(e)) return e;
  const name = typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : '';
  const message = e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e) ? String((e as { message: unknown }).message) : String(e);
  const mapped = DOM_EXCEPTIONS[name];
  if (mapped) return mapped(`${name}: ${message}`, e);
  return new PlayerError('INTERNAL_ERROR', name && name !== 'Error' ? `${name}: ${message}` : message, { cause: e });
}
