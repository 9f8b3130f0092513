/** How the request engine reads the outcome of one attempt: the pathway failure reason, the throughput sample, Retry-After. */
import type { NetworkError } from '../errors/network-error.js';
import type { NetworkResponse } from '../platform/network-client.js';
import type { PathwayFailureReason } from './pathway-selector.js';
import type { TransferSample } from './throughput-estimator.js';

/** Maps an attempt's error to the reason reported to the pathway selector. */
export function pathwayReasonOf(error: NetworkError): PathwayFailureReason {
  switch (error.code) {
    case 'HTTP_ERROR':
      return 'http-error';
    case 'TIMEOUT':
      return error.details.timeoutPhase === 'ttfb' ? 'slow-ttfb' : 'timeout';
    case 'BAD_RESPONSE':
      return 'bad-body';
    default:
      return 'connection';
  }
}

/**
 * The throughput sample of a completed response. Duration is first byte →
 * end so latency does not read as low bandwidth; a transfer faster than
 * `cacheDetectionMs` end to end is flagged `fromCache`.
 */
export function sampleOf(response: NetworkResponse, concurrency: number, cacheDetectionMs: number): TransferSample {
  const { requestStart, firstByte, end } = response.timing;
  const total = end - requestStart;
  const fromCache = response.fromCache === true || (response.bytes > 0 && total < cacheDetectionMs);
  return {
    bytes: response.bytes,
    durationMs: Math.max(0, end - firstByte),
    ttfbMs: Math.max(0, firstByte - requestStart),
    endTime: end,
    concurrency,
    ...(fromCache ? { fromCache: true } : {}),
  };
}

/** `Retry-After` in seconds when it is a delay in seconds (the HTTP-date form is not worth a clock dependency). */
export function retryAfterOf(headers: Record<string, string> | undefined): number | undefined {
  const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
}

/** An HTTP error body is quoted in the error up to this many bytes (what the server said, bounded for huge error pages). */
const MAX_BODY_EXCERPT_BYTES = 300;

/** The first bytes of an error answer as text. */
export function bodyExcerpt(data: ArrayBuffer | undefined): string {
  if (!data || data.byteLength === 0) return '';
  return new TextDecoder('utf-8').decode(new Uint8Array(data, 0, Math.min(data.byteLength, MAX_BODY_EXCERPT_BYTES)));
}
