import type { BaseUrl } from '../manifest/model.js';
import { resolveUri } from '../manifest/resolve.js';
import type { Clock, TimerHandle } from '../platform/clock.js';
import type { NetworkClient, NetworkRequest, NetworkResponse, PendingRequest, RequestKind, TransferObserver } from '../platform/network-client.js';
import type { PathwayFailureReason, PathwaySelector } from './pathway-selector.js';
import { NetworkError, toNetworkError, type NetworkErrorDetails } from '../errors/network-error.js';
import { isRetryable, resolveRetryPolicy, retryDelay, type RetryPolicy } from './retry-policy.js';
import type { TransferSample } from './throughput-estimator.js';
import { bodyExcerpt, pathwayReasonOf, retryAfterOf, sampleOf } from './transfer-outcome.js';

export { pathwayReasonOf, sampleOf } from './transfer-outcome.js';

/**
 * What callers ask the engine for: either a concrete `url`, or a `uri` plus
 * the track's ranked `baseUrls`, in which case the engine resolves the URI
 * against each pathway in the order the {@link PathwaySelector} gives and fails
 * over between them.
 */
export type ResourceRequest = Omit<NetworkRequest, 'url'> &
  ({ url: string } | { uri: string; baseUrls: readonly BaseUrl[] }) & {
    /** Abort an attempt whose first byte has not arrived after this many ms (0 = none). */
    ttfbTimeoutMs?: number;
    /** Retry rounds for this request, overriding the policy's `maxAttempts` (1 = no retry). */
    maxAttempts?: number;
    /** Back-off of this request, overriding the engine policy's delays (e.g. `drm.retry.baseDelayMs` for licences). */
    retryDelay?: Partial<Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'backoffFactor' | 'fuzz'>>;
    /**
     * Upper bound (ms) on the back-off before the next round, asked when each
     * back-off starts (e.g. `lowBufferRetryCapMs` of the buffer left: a player
     * about to stall probes the network sooner). Default: the policy's delay.
     */
    retryDelayCapMs?: () => number;
    /**
     * Whether a failed attempt of this request is worth another round, replacing
     * {@link isRetryable} (a licence server's 429 means "too many streams", not "busy").
     */
    shouldRetry?: (error: NetworkError) => boolean;
  };

/** A successful response, plus which pathway served it. */
export interface EngineResponse extends NetworkResponse {
  /** Pathway id of the base URL that served the response (absent for plain URLs). */
  pathwayId?: string;
  /** The base URL (pathway) that served the response (absent for plain URLs). */
  pathway?: BaseUrl;
  /** Attempts spent: 1 when the first try on the first pathway worked. */
  attempts: number;
  /** Why the engine left the previous pathway within this request (the serving one was not the first tried). */
  failedOverReason?: PathwayFailureReason;
}

/** A request in flight through the engine. */
export interface EnginePendingRequest extends PendingRequest {
  readonly promise: Promise<EngineResponse>;
  /**
   * Gives up on the attempt in flight (e.g. the transfer is too slow to finish
   * before the buffer runs out), reports `reason` against its pathway and
   * moves straight on to the next pathway. Returns false when nothing was in
   * flight (between attempts, or already settled).
   */
  failover(reason?: PathwayFailureReason): boolean;
  /**
   * Aborts the request (like `abort()`) because its location failed while
   * the caller moves to another track: `reason` is reported against the
   * pathway of the attempt in flight, so the next request goes elsewhere.
   */
  abandon(reason: PathwayFailureReason): void;
  /**
   * The caller keeps the attempt in flight through what it judged an outage
   * of the client's own network (every pathway silent alike): the
   * whole-attempt timeout, meant for a hung cache, then stretches to the
   * retry policy's `outageToleranceMs` from the attempt's start, so a
   * mostly delivered transfer is not cut moments before the link returns.
   * Applies to the attempt in flight only.
   */
  rideOut(): void;
}

/** A {@link TransferObserver} that also hears when each attempt (pathway, retry round) starts. */
export interface EngineTransferObserver extends TransferObserver {
  /** A new attempt is about to go on the wire; progress figures restart from zero. */
  onAttemptStart?(attempt: { url: string; pathway?: BaseUrl; attempt: number; now: number }): void;
}

/** Context delivered with every transfer sample. */
export interface TransferInfo {
  kind: RequestKind;
  url: string;
  pathwayId?: string;
  /** False for an attempt that was cut short (abort, timeout, failover) after receiving some bytes. */
  complete: boolean;
  /** For a cut-short attempt abandoned because of its pathway (failover, timeout): why. */
  failureReason?: PathwayFailureReason;
}

/** Rewrites a request before it goes on the wire (may be async). */
export type RequestFilter = (request: NetworkRequest) => NetworkRequest | Promise<NetworkRequest>;
/** Rewrites or rejects (by throwing) a successful response (may be async). */
export type ResponseFilter = (response: NetworkResponse, request: NetworkRequest) => NetworkResponse | Promise<NetworkResponse>;
export type TransferListener = (sample: TransferSample, info: TransferInfo) => void;

/** Engine-wide defaults a request may override. */
export interface RequestTimeouts {
  /** Whole-attempt timeout when the request sets none, ms (0 = none). */
  totalMs: number;
  /** Time-to-first-byte timeout when the request sets none, ms (0 = none). */
  ttfbMs: number;
  /**
   * A transfer completing (request start → end) faster than this is treated as
   * served from a local cache: no network can deliver it, and counting it would
   * inflate the bandwidth estimate.
   */
  cacheDetectionMs: number;
}

export interface RequestEngineOptions {
  client: NetworkClient;
  clock: Clock;
  pathways?: PathwaySelector;
  retry?: Partial<RetryPolicy>;
  /** Jitter source, [0, 1); injectable for deterministic tests. */
  random?: () => number;
  timeouts?: Partial<RequestTimeouts>;
}

const DEFAULT_TIMEOUTS: RequestTimeouts = { totalMs: 30_000, ttfbMs: 10_000, cacheDetectionMs: 2 };

interface Candidate {
  url: string;
  base: BaseUrl | null;
}

/** Mutable per-fetch control shared between the handle and the attempt loop. */
interface FetchControl {
  aborted: boolean;
  /** Set by `abandon(reason)`: report the attempt's pathway as failed when the abort lands. */
  abandonReason?: PathwayFailureReason;
  /** Cancels the attempt in flight with the given error. */
  cancelAttempt: ((error: NetworkError, pathwayReason?: PathwayFailureReason) => void) | null;
  /** Wakes the back-off sleep early (abort). */
  wake: (() => void) | null;
  /** Set by `rideOut()` for the attempt in flight; cleared when the next attempt starts. */
  ridingOut: boolean;
}

const ABSOLUTE_URI = /^[a-z][a-z0-9+.-]*:/i;
/** ALL_PATHWAYS_FAILED lists at most this many failures (the latest), so a long outage does not build a huge message. */
const MAX_LISTED_FAILURES = 16;
/** An HTTP error's `details.body` keeps at most this much of the answer (enough for a JSON error object). */

/**
 * The request pipeline between the player and a {@link NetworkClient}:
 * request filters → pathway choice → HTTP exchange with total and TTFB
 * timeouts → response filters, with retries (exponential back-off + jitter)
 * and immediate failover across the ranked pathways. Every transfer yields a
 * {@link TransferSample} for the throughput estimator.
 *
 * Filters run in registration order; each receives the previous one's
 * output, so e.g. a URL-signing filter registered after the CMCD filter signs
 * the URL including the CMCD query.
 */
export class RequestEngine {
  private readonly client: NetworkClient;
  private readonly clock: Clock;
  private readonly pathways: PathwaySelector | undefined;
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly timeouts: RequestTimeouts;
  private readonly requestFilters: RequestFilter[] = [];
  private readonly responseFilters: ResponseFilter[] = [];
  private readonly transferListeners = new Set<TransferListener>();
  private inFlightCount = 0;

  constructor(options: RequestEngineOptions) {
    this.client = options.client;
    this.clock = options.clock;
    this.pathways = options.pathways;
    this.policy = resolveRetryPolicy(options.retry);
    this.random = options.random ?? Math.random;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...(options.timeouts ?? {}) };
  }

  /** The effective retry policy. */
  get retryPolicy(): Readonly<RetryPolicy> {
    return this.policy;
  }

  /** Transfers currently on the wire. */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Adds a filter applied to every attempt's request (auth headers, CMCD, URL signing). Returns a remover. */
  addRequestFilter(filter: RequestFilter): () => void {
    this.requestFilters.push(filter);
    return () => removeFrom(this.requestFilters, filter);
  }

  /** Adds a filter applied to every successful response before it is returned. Returns a remover. */
  addResponseFilter(filter: ResponseFilter): () => void {
    this.responseFilters.push(filter);
    return () => removeFrom(this.responseFilters, filter);
  }

  /** Subscribes to transfer samples (feed them to a ThroughputEstimator). Returns an unsubscriber. */
  onTransfer(listener: TransferListener): () => void {
    this.transferListeners.add(listener);
    return () => this.transferListeners.delete(listener);
  }

  /**
   * Starts a request. The returned promise resolves with the first successful
   * response, or rejects with a {@link NetworkError}: the last attempt's error
   * when there was one pathway, `ALL_PATHWAYS_FAILED` when several were tried,
   * `ABORTED` after {@link EnginePendingRequest.abort}.
   */
  fetch(request: ResourceRequest, observer?: EngineTransferObserver): EnginePendingRequest {
    const control: FetchControl = { aborted: false, cancelAttempt: null, wake: null, ridingOut: false };
    const promise = this.run(request, observer, control);
    // Callers that abort and drop the promise should not see an unhandled rejection.
    promise.catch(() => undefined);
    const handle: EnginePendingRequest = {
      promise,
      abort: () => {
        if (control.aborted) return;
        control.aborted = true;
        control.cancelAttempt?.(abortError(request));
        control.wake?.();
      },
      abandon: (reason: PathwayFailureReason) => {
        if (control.aborted) return;
        control.abandonReason = reason;
        handle.abort();
      },
      rideOut: () => {
        if (control.cancelAttempt) control.ridingOut = true;
      },
      failover: (reason: PathwayFailureReason = 'too-slow') => {
        if (!control.cancelAttempt || control.aborted) return false;
        control.cancelAttempt(
          new NetworkError('TIMEOUT', `abandoned ${describe(request)}: ${reason}`, { url: describe(request), attempt: 0, kind: request.kind }, { severity: 'recoverable' }),
          reason,
        );
        return true;
      },
    };
    return handle;
  }

  private candidates(request: ResourceRequest): Candidate[] {
    if ('url' in request) return [{ url: request.url, base: null }];
    if (ABSOLUTE_URI.test(request.uri) || request.baseUrls.length === 0) return [{ url: request.uri, base: null }];
    const ordered = this.pathways ? this.pathways.order(request.baseUrls) : [...request.baseUrls];
    // A selector that returns nothing (every pathway boxed) must not make the request vanish: fall back to manifest order.
    const bases = ordered.length > 0 ? ordered : [...request.baseUrls];
    return bases.map((base) => ({ url: resolveUri(request.uri, base.url), base }));
  }

  private async run(request: ResourceRequest, observer: EngineTransferObserver | undefined, control: FetchControl): Promise<EngineResponse> {
    const failures: string[] = [];
    let lastError: NetworkError | null = null;
    const triedPathways = new Set<string>();
    const maxAttempts = Math.max(1, Math.floor(request.maxAttempts ?? this.policy.maxAttempts));
    const policy = request.retryDelay ? resolveRetryPolicy({ ...this.policy, ...request.retryDelay }) : this.policy;
    const shouldRetry = request.shouldRetry ?? isRetryable;
    // A caller that sets its own attempt budget (e.g. the steering client), or a policy without retries, gets exactly that.
    const outageTolerance = request.maxAttempts === undefined && maxAttempts > 1 ? this.policy.outageToleranceMs : 0;
    let outageSince: number | null = null;
    let counted = 0;
    /** Why the last pathway tried was left (carried on the response: the cdnchanged reason). */
    let leftReason: PathwayFailureReason | undefined;
    for (let attempt = 1; ; attempt++) {
      let retryable = false;
      let answered = false;
      const roundStart = this.clock.now();
      for (const candidate of this.candidates(request)) {
        if (control.aborted) throw abortError(request);
        triedPathways.add(candidate.url);
        try {
          const response = await this.attempt(request, candidate, attempt, observer, control);
          return leftReason ? { ...response, failedOverReason: leftReason } : response;
        } catch (e) {
          const { error, pathwayReason } = e as AttemptFailure;
          if (control.aborted || error.code === 'ABORTED') {
            if (control.abandonReason && candidate.base && this.pathways) this.pathways.reportFailure(candidate.base, control.abandonReason);
            throw error.code === 'ABORTED' ? error : abortError(request);
          }
          const reason = pathwayReason ?? pathwayReasonOf(error);
          if (candidate.base && this.pathways) this.pathways.reportFailure(candidate.base, reason);
          if (candidate.base) leftReason = reason;
          if (failures.length >= MAX_LISTED_FAILURES) failures.splice(0, 2, '…');
          failures.push(`${candidate.base?.pathwayId ?? candidate.url} (attempt ${attempt}): ${error.code}${error.details.status ? ` ${error.details.status}` : ''}`);
          lastError = error;
          if (error.details.status !== undefined || error.code === 'BAD_RESPONSE') answered = true;
          // An explicit failover (too slow) says nothing about whether the resource exists, so it stays retryable.
          if (pathwayReason || shouldRetry(error)) retryable = true;
        }
      }
      if (answered) outageSince = null;
      else outageSince ??= roundStart;
      const ridingOutage = outageSince !== null && this.clock.now() - outageSince < outageTolerance;
      if (!ridingOutage) counted++;
      if (!retryable || counted >= maxAttempts) break;
      await this.sleep(Math.min(retryDelay(policy, attempt, this.random), request.retryDelayCapMs?.() ?? Infinity), control);
    }
    if (control.aborted) throw abortError(request);
    const error = lastError ?? new NetworkError('CONNECTION_FAILED', `no candidate URL for ${describe(request)}`, { url: describe(request), attempt: 0, kind: request.kind });
    if (triedPathways.size > 1) {
      const { url, status, attempt, pathwayId } = error.details;
      throw new NetworkError(
        'ALL_PATHWAYS_FAILED',
        `all pathways failed for ${request.kind} ${describe(request)}: ${failures.join('; ')}`,
        { url, attempt, kind: request.kind, failures, ...(status === undefined ? {} : { status }), ...(pathwayId === undefined ? {} : { pathwayId }) },
        { severity: 'fatal', cause: error },
      );
    }
    throw error.severity === 'fatal' ? error : error.withSeverity('fatal');
  }

  private sleep(ms: number, control: FetchControl): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const handle = this.clock.setTimeout(() => {
        control.wake = null;
        resolve();
      }, ms);
      control.wake = () => {
        this.clock.clearTimeout(handle);
        control.wake = null;
        resolve();
      };
    });
  }

  private async attempt(
    request: ResourceRequest,
    candidate: Candidate,
    attempt: number,
    observer: EngineTransferObserver | undefined,
    control: FetchControl,
  ): Promise<EngineResponse> {
    const pathwayId = candidate.base?.pathwayId;
    const context = (url: string): NetworkErrorDetails => ({ url, attempt, kind: request.kind, ...(pathwayId === undefined ? {} : { pathwayId }) });

    let networkRequest = toNetworkRequest(request, candidate.url);
    try {
      for (const filter of this.requestFilters) networkRequest = await filter(networkRequest);
    } catch (e) {
      throw failure(toNetworkError(e, context(candidate.url)));
    }
    if (control.aborted) throw failure(abortError(request));

    control.ridingOut = false;
    observer?.onAttemptStart?.({ url: networkRequest.url, attempt, now: this.clock.now(), ...(candidate.base ? { pathway: candidate.base } : {}) });
    const totalMs = request.timeoutMs ?? this.timeouts.totalMs;
    const ttfbMs = request.ttfbTimeoutMs ?? this.timeouts.ttfbMs;
    const concurrency = ++this.inFlightCount;
    const requestStart = this.clock.now();
    let firstByteAt: number | null = null;
    let loaded = 0;
    const markFirstByte = (now: number): void => {
      if (firstByteAt === null) firstByteAt = Number.isFinite(now) ? now : this.clock.now();
    };

    let response: NetworkResponse;
    try {
      response = await new Promise<NetworkResponse>((resolve, reject) => {
        let settled = false;
        const timers: TimerHandle[] = [];
        let pending: PendingRequest | null = null;
        const settle = (fn: () => void): void => {
          if (settled) return;
          settled = true;
          for (const t of timers) this.clock.clearTimeout(t);
          control.cancelAttempt = null;
          fn();
        };
        const cancel = (error: NetworkError, pathwayReason?: PathwayFailureReason): void =>
          settle(() => {
            pending?.abort();
            reject(failure(error, pathwayReason));
          });
        control.cancelAttempt = cancel;
        const wrapped: TransferObserver = {
          onHeaders: (status, now) => {
            markFirstByte(now);
            observer?.onHeaders?.(status, now);
          },
          onProgress: (bytes, total, now, chunk) => {
            markFirstByte(now);
            loaded = bytes;
            observer?.onProgress?.(bytes, total, now, chunk);
          },
        };
        if (totalMs > 0) {
          const timeOut = (): void => {
            // An attempt ridden out through a network-wide outage gets the outage tolerance instead.
            const stretchedMs = Math.max(totalMs, this.policy.outageToleranceMs) - (this.clock.now() - requestStart);
            if (control.ridingOut && stretchedMs > 0) {
              timers.push(this.clock.setTimeout(timeOut, stretchedMs));
              return;
            }
            cancel(new NetworkError('TIMEOUT', `${request.kind} ${networkRequest.url} timed out after ${Math.round(this.clock.now() - requestStart)} ms`, { ...context(networkRequest.url), timeoutPhase: 'total' }), 'timeout');
          };
          timers.push(this.clock.setTimeout(timeOut, totalMs));
        }
        if (ttfbMs > 0) {
          timers.push(
            this.clock.setTimeout(() => {
              if (firstByteAt === null) {
                cancel(new NetworkError('TIMEOUT', `${request.kind} ${networkRequest.url}: no first byte after ${ttfbMs} ms`, { ...context(networkRequest.url), timeoutPhase: 'ttfb' }), 'slow-ttfb');
              }
            }, ttfbMs),
          );
        }
        try {
          pending = this.client.request({ ...networkRequest, timeoutMs: 0 }, wrapped);
        } catch (e) {
          settle(() => reject(failure(toNetworkError(e, context(networkRequest.url)))));
          return;
        }
        if (settled) {
          pending.abort();
          return;
        }
        pending.promise.then(
          (r) => settle(() => resolve(r)),
          (e) => settle(() => reject(failure(toNetworkError(e, context(networkRequest.url))))),
        );
      });
    } catch (e) {
      this.inFlightCount--;
      // A cut-short transfer still measured the network: report what arrived.
      if (loaded > 0 && firstByteAt !== null) {
        const end = this.clock.now();
        const reason = (e as AttemptFailure).pathwayReason;
        this.emitSample(
          { bytes: loaded, durationMs: Math.max(0, end - firstByteAt), ttfbMs: Math.max(0, firstByteAt - requestStart), endTime: end, concurrency },
          { kind: request.kind, url: networkRequest.url, complete: false, ...(pathwayId === undefined ? {} : { pathwayId }), ...(reason ? { failureReason: reason } : {}) },
        );
      }
      throw e;
    }
    this.inFlightCount--;

    if (!(response.status >= 200 && response.status < 300)) {
      const retryAfterS = retryAfterOf(response.headers);
      throw failure(
        new NetworkError('HTTP_ERROR', `${request.kind} ${networkRequest.url} answered HTTP ${response.status}`, {
          ...context(networkRequest.url),
          status: response.status,
          body: bodyExcerpt(response.data),
          ...(retryAfterS === undefined ? {} : { retryAfterS }),
        }),
      );
    }

    try {
      for (const filter of this.responseFilters) response = await filter(response, networkRequest);
    } catch (e) {
      const error = e instanceof NetworkError ? e : new NetworkError('BAD_RESPONSE', `response filter rejected ${networkRequest.url}: ${e instanceof Error ? e.message : String(e)}`, context(networkRequest.url), { cause: e });
      throw failure(error);
    }
    if (control.aborted) throw failure(abortError(request));

    const sample = sampleOf(response, concurrency, this.timeouts.cacheDetectionMs);
    this.emitSample(sample, { kind: request.kind, url: response.url, complete: true, ...(pathwayId === undefined ? {} : { pathwayId }) });
    if (candidate.base && this.pathways) {
      this.pathways.reportSuccess(candidate.base, { bytes: sample.bytes, durationMs: sample.durationMs, ttfbMs: sample.ttfbMs });
    }
    return { ...response, attempts: attempt, ...(pathwayId === undefined ? {} : { pathwayId }), ...(candidate.base ? { pathway: candidate.base } : {}) };
  }

  private emitSample(sample: TransferSample, info: TransferInfo): void {
    for (const listener of [...this.transferListeners]) {
      try {
        listener(sample, info);
      } catch {
        // A faulty estimator must not fail the download it is measuring.
      }
    }
  }
}

interface AttemptFailure {
  error: NetworkError;
  pathwayReason?: PathwayFailureReason;
}

function failure(error: NetworkError, pathwayReason?: PathwayFailureReason): AttemptFailure {
  return pathwayReason ? { error, pathwayReason } : { error };
}

function abortError(request: ResourceRequest): NetworkError {
  return new NetworkError('ABORTED', `${request.kind} ${describe(request)} aborted`, { url: describe(request), attempt: 0, kind: request.kind }, { severity: 'recoverable' });
}

function describe(request: ResourceRequest): string {
  return 'url' in request ? request.url : request.uri;
}

function toNetworkRequest(request: ResourceRequest, url: string): NetworkRequest {
  const { kind, method, headers, body, byteRange, timeoutMs, withCredentials, media } = request;
  const out: NetworkRequest = { url, kind };
  if (method !== undefined) out.method = method;
  if (headers !== undefined) out.headers = { ...headers };
  if (body !== undefined) out.body = body;
  if (byteRange !== undefined) out.byteRange = byteRange;
  if (timeoutMs !== undefined) out.timeoutMs = timeoutMs;
  if (withCredentials !== undefined) out.withCredentials = withCredentials;
  if (media !== undefined) out.media = media;
  return out;
}

function removeFrom<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}
