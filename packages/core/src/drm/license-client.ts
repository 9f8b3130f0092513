/**
 * License exchange through the player's request engine (kind `license`): the
 * same retries with jittered back-off, timeouts and app request/response
 * filters as segments, plus licence-specific parts: per-key-system body
 * wrapping, licence filters that see the key system and CDM message type, and
 * errors that say what the server answered (rejected / too many streams / failed).
 */
import type { NetworkError } from '../errors/network-error.js';
import type { EnginePendingRequest, ResourceRequest } from '../net/request-engine.js';
import { toUint8 } from './bytes.js';
import { DrmError } from './drm-error.js';
import { unwrapLicenseResponse, wrapLicenseRequest } from './license-formats.js';

/** A license request as filters see it; filters may change any field. */
export interface LicenseRequest {
  /** Key system the request is for. */
  keySystem: string;
  /** Licence server URL. */
  url: string;
  /** Request headers (the key system's own, e.g. PlayReady SOAPAction, plus `drm.advanced[ks].headers`). */
  headers: Record<string, string>;
  /** Request body: the CDM message, unwrapped per key system. */
  body: Uint8Array;
  /** What the CDM asked for. */
  messageType: 'license-request' | 'license-renewal' | 'license-release' | 'individualization-request';
  /** CDM session the message came from. */
  sessionId: string;
}

/** The server's answer as filters see it (before per-key-system unwrapping). */
export interface LicenseResponse {
  /** Final URL after redirects. */
  url: string;
  /** HTTP status (2xx: filters run only on success). */
  status: number;
  /** Response headers. */
  headers: Record<string, string>;
  /** Response body; filters may replace it. */
  data: Uint8Array;
}

/** Changes a licence request in place before it is sent (auth token, body wrapping); may be async. */
export type LicenseRequestFilter = (request: LicenseRequest) => void | Promise<void>;
/** Changes a successful licence answer in place before the CDM sees it (unwrap a JSON envelope); may be async. */
export type LicenseResponseFilter = (response: LicenseResponse, request: LicenseRequest) => void | Promise<void>;

/** Retry and timeout policy of license requests. */
export interface LicenseRetryPolicy {
  /** Attempts in total, including the first (1 = no retry). */
  maxAttempts: number;
  /** Delay before the second attempt, ms (doubles per attempt, jittered by the request engine). */
  baseDelayMs: number;
  /** Per-attempt timeout, ms. */
  timeoutMs: number;
}

/**
 * Defaults: 3 attempts 500 ms apart (doubling, ±50 % jitter from the engine),
 * 15 s per attempt. A licence blocks the first frame, so a dead server should
 * fail within ~46 s rather than the segment budget's minute of outage riding.
 */
export const DEFAULT_LICENSE_RETRY: LicenseRetryPolicy = { maxAttempts: 3, baseDelayMs: 500, timeoutMs: 15_000 };

/** What DRM needs of the request engine: one fetch (the RequestEngine satisfies it). */
export interface DrmRequestTransport {
  fetch(request: ResourceRequest): Pick<EnginePendingRequest, 'promise' | 'abort'>;
}

const CONCURRENCY_HINT = /concurren|too many (streams|devices)|stream limit/i;

/**
 * A licence or certificate server answer worth another attempt: no answer at all
 * (connection, timeout), 5xx or 408. 429 means "too many streams" to a licence
 * service and other 4xx will not change, so those fail at once.
 */
export function isRetryableDrmFailure(error: NetworkError): boolean {
  if (error.code === 'ABORTED') return false;
  const status = error.details.status;
  return status === undefined || status >= 500 || status === 408;
}

/** Performs license exchanges (see file comment). */
export class LicenseClient {
  /** Run once per exchange, in order, before the engine's own request filters. */
  readonly requestFilters: LicenseRequestFilter[] = [];
  /** Run once on the successful answer, in order, before per-key-system unwrapping. */
  readonly responseFilters: LicenseResponseFilter[] = [];

  constructor(
    private readonly transport: DrmRequestTransport,
    private readonly retry: LicenseRetryPolicy = DEFAULT_LICENSE_RETRY,
  ) {}

  /**
   * Sends the CDM `message` to `url` and returns what the CDM should be updated with.
   * @throws DrmError DRM_LICENSE_REJECTED (401/403), DRM_CONCURRENCY_LIMIT (429 or a
   * concurrency refusal), DRM_LICENSE_REQUEST_FAILED (other HTTP errors, network, timeout
   * once retries are spent; always fatal).
   */
  async acquire(keySystem: string, url: string, message: ArrayBuffer | Uint8Array, meta: Pick<LicenseRequest, 'messageType' | 'sessionId'>, extraHeaders: Record<string, string> = {}): Promise<Uint8Array> {
    const wrapped = wrapLicenseRequest(keySystem, message);
    const request: LicenseRequest = { keySystem, url, headers: { ...wrapped.headers, ...extraHeaders }, body: wrapped.body, ...meta };
    for (const f of this.requestFilters) await f(request);
    const res = await this.fetch('license', request.url, { method: 'POST', headers: request.headers, body: request.body });
    for (const f of this.responseFilters) await f(res, request);
    return unwrapLicenseResponse(keySystem, res.data);
  }

  /**
   * Fetches a server certificate (FairPlay, Widevine privacy mode) with the
   * licence retry and timeout budget, so a hung certificate server fails load
   * instead of stalling it.
   * @throws DrmError DRM_SERVER_CERTIFICATE_FAILED (fatal) once the budget is spent.
   */
  async fetchCertificate(url: string): Promise<Uint8Array> {
    try {
      return (await this.fetch('certificate', url, {})).data;
    } catch (e) {
      const cause = (e as DrmError).cause ?? e;
      throw new DrmError('DRM_SERVER_CERTIFICATE_FAILED', `server certificate ${url}: ${(cause as Error)?.message ?? cause}`, { cause, details: { ...((e as DrmError).details ?? {}), url } });
    }
  }

  private async fetch(kind: 'license' | 'certificate', url: string, init: Pick<ResourceRequest, 'method' | 'headers' | 'body'>): Promise<LicenseResponse> {
    const { maxAttempts, baseDelayMs, timeoutMs } = this.retry;
    try {
      const response = await this.transport.fetch({ url, kind, ...init, timeoutMs, maxAttempts, retryDelay: { baseDelayMs }, shouldRetry: isRetryableDrmFailure }).promise;
      return { url: response.url, status: response.status, headers: response.headers, data: toUint8(response.data) };
    } catch (e) {
      throw licenceFailure(e, url);
    }
  }
}

/** Maps the engine's final NetworkError to the DRM error that says what the server answered. */
function licenceFailure(e: unknown, url: string): DrmError {
  if (e instanceof DrmError) return e;
  const error = e as NetworkError;
  const status = error.details?.status;
  const body = typeof error.details?.body === 'string' ? error.details.body : '';
  const details = { url, attempt: error.details?.attempt, ...(status === undefined ? {} : { status, body }) };
  if (status === 429 || (status !== undefined && status >= 400 && CONCURRENCY_HINT.test(body))) {
    return new DrmError('DRM_CONCURRENCY_LIMIT', `license refused: concurrent stream limit reached (HTTP ${status}: ${body.slice(0, 120)})`, { details, cause: e });
  }
  if (status === 401 || status === 403) {
    return new DrmError('DRM_LICENSE_REJECTED', `license refused (HTTP ${status}): ${body.slice(0, 120)}`, { details, cause: e });
  }
  const what = status === undefined ? (error.message ?? String(e)) : `server answered HTTP ${status}: ${body.slice(0, 120)}`;
  return new DrmError('DRM_LICENSE_REQUEST_FAILED', `license request to ${url} failed: ${what}`, { details, cause: e, severity: 'fatal' });
}
