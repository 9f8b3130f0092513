/**
 * The two ways a transmux/probe step fails, as typed {@link MediaError}s:
 * `TRANSMUX_INVALID` for bytes that are malformed beyond recovery and
 * `MEDIA_UNSUPPORTED` for well-formed media we cannot package. `details`
 * always says what was looked at, so an app log names the PID / codec.
 */
import { MediaError } from '../errors/media-error.js';

/** Malformed input: `reason` is a human sentence, `details` the structured context. */
export function invalidMedia(reason: string, details: Record<string, unknown> = {}): MediaError {
  return new MediaError('TRANSMUX_INVALID', reason, { details });
}

/** Well-formed but unsupported: `what` names the codec / stream type / container. */
export function unsupportedMedia(what: string, details: Record<string, unknown> = {}): MediaError {
  return new MediaError('MEDIA_UNSUPPORTED', `unsupported media: ${what}`, { details: { what, ...details } });
}
