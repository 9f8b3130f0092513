import { ERROR_CODES, type ErrorCode } from './codes.js';
import { EdgeplayError, isEdgeplayError, type EdgeplayErrorOptions } from './edgeplay-error.js';

/** Codes of a {@link NetworkError} (see `ERROR_CODES.network`). */
export type NetworkErrorCode = ErrorCode<'network'>;

/** Structured context of a {@link NetworkError}. */
export interface NetworkErrorDetails {
  /** The URL of the (last) attempt that failed. */
  url: string;
  /** HTTP status when the server answered (`HTTP_ERROR`). */
  status?: number;
  /** 1-based attempt (retry round) in which the failure happened. */
  attempt: number;
  /** Pathway (CDN) the failed attempt went to; `undefined` for a plain URL. */
  pathwayId?: string;
  /** What the request was for (`segment`, `manifest`...). */
  kind?: string;
  /** `ttfb` when a time-to-first-byte timeout fired, `total` for the whole-request timeout. */
  timeoutPhase?: 'ttfb' | 'total';
  /** For `HTTP_ERROR` answered by the engine: the start of the response body as text (the server's reason). */
  body?: string;
  /** `Retry-After` of an HTTP error answer, seconds (delay form only). */
  retryAfterS?: number;
  /** For `ALL_PATHWAYS_FAILED`: one line per failed pathway attempt. */
  failures?: readonly string[];
  [key: string]: unknown;
}

/**
 * A failed network exchange, after the request engine's retries and pathway
 * failover (or an abort). `code` is one of {@link NetworkErrorCode}.
 */
export class NetworkError extends EdgeplayError {
  override readonly name = 'NetworkError';
  declare readonly code: NetworkErrorCode;
  declare readonly details: NetworkErrorDetails;

  constructor(code: NetworkErrorCode, message: string, details: NetworkErrorDetails, options: Omit<EdgeplayErrorOptions, 'details'> = {}) {
    super('network', code, message, { ...options, details });
  }

  /** HTTP status, when the failure was an HTTP error response. */
  get status(): number | undefined {
    return this.details.status;
  }
}

const NETWORK_CODES: ReadonlySet<string> = new Set(Object.keys(ERROR_CODES.network));

/**
 * Normalises whatever a {@link NetworkClient} rejected with into a
 * {@link NetworkError}: clients are supposed to reject with network
 * EdgeplayErrors, but a buggy or third-party client may throw a TypeError; that
 * must still surface as a typed, classified error rather than leak.
 */
export function toNetworkError(error: unknown, context: NetworkErrorDetails): NetworkError {
  if (error instanceof NetworkError) return error;
  if (isEdgeplayError(error) && NETWORK_CODES.has(error.code)) {
    const status = typeof error.details.status === 'number' ? error.details.status : context.status;
    return new NetworkError(error.code as NetworkErrorCode, error.message, { ...error.details, ...context, ...(status === undefined ? {} : { status }) }, {
      severity: error.severity,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NetworkError('CONNECTION_FAILED', `request to ${context.url} failed: ${message}`, context, { cause: error });
}
