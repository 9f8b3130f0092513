/**
 * License exchange over the engine's NetworkClient: request/response filters
 * (auth tokens, body wrapping), bounded retries with back-off on transient
 * failures, a timeout, and errors that say what the server answered.
 */
import type { Clock } from '../platform/clock.js';
import type { NetworkClient, NetworkResponse } from '../platform/network-client.js';
import { toUint8, utf8Decode } from './bytes.js';
import { DrmError } from './drm-error.js';
import { unwrapLicenseResponse, wrapLicenseRequest } from './license-formats.js';

/** A license request as filters see it; filters may change any field. */
export interface LicenseRequest {
  keySystem: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
  messageType: 'license-request' | 'license-renewal' | 'license-release' | 'individualization-request';
  sessionId: string;
}

/** The server's answer as filters see it (before per-key-system unwrapping). */
export interface LicenseResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  data: Uint8Array;
}

export type LicenseRequestFilter = (request: LicenseRequest) => void | Promise<void>;
export type LicenseResponseFilter = (response: LicenseResponse, request: LicenseRequest) => void | Promise<void>;

/** Retry and timeout policy of license requests. */
export interface LicenseRetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_LICENSE_RETRY: LicenseRetryPolicy = { maxAttempts: 3, baseDelayMs: 500, timeoutMs: 15_000 };

const CONCURRENCY_HINT = /concurren|too many (streams|devices)|stream limit/i;

/** Performs license exchanges (see file comment). */
export class LicenseClient {
  readonly requestFilters: LicenseRequestFilter[] = [];
  readonly responseFilters: LicenseResponseFilter[] = [];

  constructor(
    private readonly network: NetworkClient,
    private readonly clock: Clock,
    private readonly retry: LicenseRetryPolicy = DEFAULT_LICENSE_RETRY,
  ) {}

  /**
   * Sends the CDM `message` to `url` and returns what the CDM should be updated with.
   * @throws DrmError DRM_LICENSE_REJECTED (401/403), DRM_CONCURRENCY_LIMIT (429 or a
   * concurrency refusal), DRM_LICENSE_REQUEST_FAILED (other HTTP errors, network, timeout).
   */
  async acquire(keySystem: string, url: string, message: ArrayBuffer | Uint8Array, meta: Pick<LicenseRequest, 'messageType' | 'sessionId'>, extraHeaders: Record<string, string> = {}): Promise<Uint8Array> {
    const wrapped = wrapLicenseRequest(keySystem, message);
    let lastError: DrmError | null = null;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      const request: LicenseRequest = { keySystem, url, headers: { ...wrapped.headers, ...extraHeaders }, body: wrapped.body, ...meta };
      for (const f of this.requestFilters) await f(request);
      let response: NetworkResponse;
      try {
        response = await this.send(request);
      } catch (e) {
        lastError = e instanceof DrmError ? e : new DrmError('DRM_LICENSE_REQUEST_FAILED', `license request to ${url} failed: ${(e as Error)?.message ?? e}`, { cause: e, severity: 'recoverable', details: { url, attempt } });
        if (attempt < this.retry.maxAttempts) await this.sleep(this.retry.baseDelayMs * 2 ** (attempt - 1));
        continue;
      }
      const res: LicenseResponse = { url: response.url, status: response.status, headers: response.headers, data: toUint8(response.data) };
      if (res.status >= 400) {
        const excerpt = utf8Decode(res.data.subarray(0, 300));
        const details = { url, status: res.status, body: excerpt, attempt };
        if (res.status === 429 || CONCURRENCY_HINT.test(excerpt)) {
          throw new DrmError('DRM_CONCURRENCY_LIMIT', `license refused: concurrent stream limit reached (HTTP ${res.status}: ${excerpt.slice(0, 120)})`, { details });
        }
        if (res.status === 401 || res.status === 403) {
          throw new DrmError('DRM_LICENSE_REJECTED', `license refused (HTTP ${res.status}): ${excerpt.slice(0, 120)}`, { details });
        }
        lastError = new DrmError('DRM_LICENSE_REQUEST_FAILED', `license server answered HTTP ${res.status}: ${excerpt.slice(0, 120)}`, { details, severity: 'recoverable' });
        if (res.status < 500 && res.status !== 408) break; // other 4xx: retrying will not help
        if (attempt < this.retry.maxAttempts) await this.sleep(this.retry.baseDelayMs * 2 ** (attempt - 1));
        continue;
      }
      for (const f of this.responseFilters) await f(res, request);
      return unwrapLicenseResponse(keySystem, res.data);
    }
    // Retries exhausted: the same failure, now fatal.
    const last = lastError ?? new DrmError('DRM_LICENSE_REQUEST_FAILED', `license request to ${url} failed`);
    throw new DrmError(last.code, last.message, { details: last.details, cause: last.cause, severity: 'fatal' });
  }

  private send(request: LicenseRequest): Promise<NetworkResponse> {
    const pending = this.network.request({ url: request.url, method: 'POST', headers: request.headers, body: request.body, kind: 'license', timeoutMs: this.retry.timeoutMs });
    return new Promise<NetworkResponse>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        pending.abort();
        reject(new DrmError('DRM_LICENSE_REQUEST_FAILED', `license request to ${request.url} timed out after ${this.retry.timeoutMs} ms`, { severity: 'recoverable', details: { url: request.url } }));
      }, this.retry.timeoutMs);
      pending.promise.then(
        (r) => {
          this.clock.clearTimeout(timer);
          resolve(r);
        },
        (e) => {
          this.clock.clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }
}
