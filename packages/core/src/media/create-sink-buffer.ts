import { isEdgeplayError } from '../errors/edgeplay-error.js';
import { MediaError } from '../errors/media-error.js';
import type { MediaSink, SinkBuffer, SinkBufferType } from '../platform/media-sink.js';

/**
 * `sink.addBuffer` with the platform's refusal as a specific media error
 * instead of whatever the exception maps to by name (MSE `addSourceBuffer`
 * throws NotSupportedError for a type it does not take, QuotaExceededError
 * when it will not create another buffer, InvalidStateError when the
 * MediaSource is not open — none of which is a player state or a full
 * buffer). `details` name the type asked for and the exception.
 */
export function createSinkBuffer(sink: MediaSink, type: SinkBufferType, mimeCodecs: string): SinkBuffer {
  try {
    return sink.addBuffer(type, mimeCodecs);
  } catch (e) {
    if (isEdgeplayError(e)) throw e;
    const name = typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : 'Error';
    const message = e instanceof Error ? e.message : String(e);
    const details = { type, mimeCodecs, exception: name };
    if (name === 'NotSupportedError') throw new MediaError('MEDIA_TYPE_UNSUPPORTED', `${type} buffer for ${mimeCodecs}: the platform does not support this type (${name}: ${message})`, { details, cause: e });
    throw new MediaError('SOURCE_BUFFER_FAILED', `${type} buffer for ${mimeCodecs} could not be created (${name}: ${message})`, { details, cause: e });
  }
}
