/**
 * The one scripted fake {@link NetworkClient} every test suite builds on (issue 11, item 8).
 *
 * It lives in the repository's `test/support/` rather than in a package: core, sim, web and
 * React Native tests all import it by relative path, so it needs no package export, never
 * ships in a `dist`, stays out of the API reports — and, unlike `packages/*\/test`, `test/**`
 * is inside the root tsconfig, so `npx tsc --noEmit -p tsconfig.json` type-checks it.
 *
 * A request is answered by the first matching route (URL suffix, RegExp or predicate) or by
 * the fallback; the reply says what the "server" does: status, body, headers, wire size, time
 * to headers and body time on the injected clock, or a hang, a refused connection or a reset
 * mid-body. Every request is logged, with its time, final status and whether it was aborted.
 */
import { EdgeplayError, type ErrorSeverity } from '../../packages/core/src/errors/edgeplay-error.js';
import type { Clock, TimerHandle } from '../../packages/core/src/platform/clock.js';
import type { NetworkClient, NetworkRequest, NetworkResponse, PendingRequest, TransferObserver } from '../../packages/core/src/platform/network-client.js';

/** What the fake server does with one request. */
export interface ScriptedReply {
  /** HTTP status; 200 when absent. */
  status?: number;
  /** Response body (strings are UTF-8 encoded); `bytes` zero bytes when absent. */
  body?: Uint8Array | ArrayBuffer | string;
  /** Wire size reported in `bytes` and progress; the body's length when absent (a model may send less data than it "transfers"). */
  bytes?: number;
  /** Response headers (lower-case names). */
  headers?: Record<string, string>;
  /** Delay to the response headers (time to first byte), ms on the clock; the network's `ttfbMs` when absent. */
  ttfbMs?: number;
  /** Delay from headers to the last body byte, ms; the network's `bodyMs` when absent. */
  bodyMs?: number;
  /** Never answers (exercises timeouts and aborts). */
  hang?: boolean;
  /** The connection is refused: rejects with `CONNECTION_FAILED` at `ttfbMs`, no headers. */
  refuse?: boolean;
  /** The connection resets mid-body: headers and half the body arrive, then `CONNECTION_FAILED`. */
  reset?: boolean;
}

/** Where a request sits in the log when its answer is chosen. */
export interface RequestContext {
  /** 0-based index of the request among all requests. */
  index: number;
  /** 0-based index among earlier requests for the same URL. */
  nthForUrl: number;
  /** Clock time of the request. */
  now: number;
}

/** An answer: a fixed reply, or one chosen per request (`null` = unmatched, see {@link ScriptedNetworkOptions.unmatched}). */
export type ReplySource = ScriptedReply | ((req: NetworkRequest, ctx: RequestContext) => ScriptedReply | null | Promise<ScriptedReply | null>);

/** Which URLs a route answers: a URL suffix (query ignored), a RegExp tested on the URL, or a predicate. */
export type UrlMatcher = string | RegExp | ((url: string) => boolean);

/** How body progress is reported to a {@link TransferObserver}. */
export type ProgressMode =
  /** Only the final `loaded = bytes` before the response resolves. */
  | 'final'
  /** Half the bytes at half the body time, then the final call. */
  | 'halves'
  /** Like a fetch reader: every `everyMs` while the body streams, when the body takes over `minBodyMs`; then the final call. */
  | { everyMs: number; minBodyMs: number };

/** The network-wide defaults and the choices on which the old per-suite fakes differed. */
export interface ScriptedNetworkOptions {
  /**
   * Clock the delays run on. Without one every reply settles on the microtask queue (for code
   * under test that owns no clock); delays, hangs and progress then do not apply.
   */
  clock?: Clock;
  /**
   * How a status ≥ 400 reaches the caller: `'reject'` is the NetworkClient contract
   * (`HTTP_ERROR` with `details.status`, after the headers); `'resolve'` hands the raw
   * response over, for code that reads statuses itself (licence servers, steering, RN).
   */
  httpErrors: 'reject' | 'resolve';
  /** Severity of the `HTTP_ERROR` rejections (`fatal` is EdgeplayError's default). */
  httpErrorSeverity?: ErrorSeverity;
  /** The reply to requests no route matches; 404 when absent. */
  unmatched?: ScriptedReply;
  /** Default time to headers, ms (0 when absent). */
  ttfbMs?: number;
  /** Default body time, ms (0 when absent). */
  bodyMs?: number;
  /** Progress reporting; `'final'` when absent. */
  progress?: ProgressMode;
  /** Call `observer.onHeaders` when the headers arrive (the FetchClient does); true when absent. */
  reportHeaders?: boolean;
}

/** One request as the fake saw it: the request itself plus when, how it ended and whether it was aborted. */
export type LoggedRequest = NetworkRequest & {
  /** Clock time the request was made. */
  at: number;
  /** Status answered; 0 while in flight, hung, refused or aborted. */
  status: number;
  /** True when the caller aborted it before it settled. */
  aborted: boolean;
};

interface Route {
  matches: (url: string) => boolean;
  reply: ReplySource;
}

const encoder = new TextEncoder();

function toArrayBuffer(body: Uint8Array | ArrayBuffer | string | undefined, bytes: number | undefined): ArrayBuffer {
  if (body === undefined) return new ArrayBuffer(bytes ?? 0);
  if (body instanceof ArrayBuffer) return body.slice(0);
  const view = typeof body === 'string' ? encoder.encode(body) : body;
  return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
}

function matcher(match: UrlMatcher): (url: string) => boolean {
  if (typeof match === 'function') return match;
  if (match instanceof RegExp) return (url) => match.test(url);
  return (url) => url.split('?')[0]!.endsWith(match);
}

/** The scripted NetworkClient; see the file comment. */
export class ScriptedNetwork implements NetworkClient {
  /** Every request, in order. */
  readonly log: LoggedRequest[] = [];
  /** How many times `abort()` was called on any pending request (settled or not). */
  abortCalls = 0;
  private readonly routeTable: Route[] = [];

  constructor(
    private readonly options: ScriptedNetworkOptions,
    private readonly fallback: ReplySource | null = null,
  ) {}

  /** Answers URLs matching `match` with `reply`; earlier routes win. Returns `this` for chaining. */
  route(match: UrlMatcher, reply: ReplySource): this {
    this.routeTable.push({ matches: matcher(match), reply });
    return this;
  }

  /** Requests whose URL matches, in order. */
  requestsTo(match: UrlMatcher): LoggedRequest[] {
    const m = matcher(match);
    return this.log.filter((r) => m(r.url));
  }

  request(req: NetworkRequest, observer?: TransferObserver): PendingRequest {
    const clock = this.options.clock;
    const now = clock?.now() ?? 0;
    const ctx: RequestContext = { index: this.log.length, nthForUrl: this.log.filter((r) => r.url === req.url).length, now };
    const entry: LoggedRequest = { ...req, at: now, status: 0, aborted: false };
    this.log.push(entry);
    const source = this.routeTable.find((r) => r.matches(req.url))?.reply ?? this.fallback;
    const chosen = typeof source === 'function' ? source(req, ctx) : source;

    let settled = false;
    let fail: (e: unknown) => void = () => undefined;
    const timers: TimerHandle[] = [];
    const promise = new Promise<NetworkResponse>((resolve, reject) => {
      const done = (response: NetworkResponse): void => {
        settled = true;
        entry.status = response.status;
        resolve(response);
      };
      fail = (e) => {
        if (settled) return;
        settled = true;
        const status = e instanceof EdgeplayError ? e.details['status'] : undefined;
        if (typeof status === 'number') entry.status = status;
        for (const t of timers) clock?.clearTimeout(t);
        reject(e);
      };
      const answer = (reply: ScriptedReply | null): void => {
        if (settled) return;
        if (clock) this.schedule(clock, req, reply ?? this.unmatched(), observer, timers, done, fail);
        else this.settleNow(req, reply ?? this.unmatched(), observer, done, fail);
      };
      if (chosen instanceof Promise) chosen.then(answer, fail);
      else answer(chosen);
    });
    promise.catch(() => undefined);
    return {
      promise,
      abort: () => {
        this.abortCalls++;
        if (settled) return;
        entry.aborted = true;
        fail(new EdgeplayError('network', 'ABORTED', `aborted ${req.url}`, { details: { url: req.url } }));
      },
    };
  }

  private unmatched(): ScriptedReply {
    return this.options.unmatched ?? { status: 404 };
  }

  private response(req: NetworkRequest, reply: ScriptedReply, timing: NetworkResponse['timing']): NetworkResponse {
    const data = toArrayBuffer(reply.body, reply.bytes);
    return { url: req.url, status: reply.status ?? 200, headers: reply.headers ?? {}, data, bytes: reply.bytes ?? data.byteLength, timing };
  }

  // Plain EdgeplayErrors, as the NetworkClient contract says: the request engine turns them into
  // NetworkErrors with its own attempt and pathway details (a NetworkError here would keep `attempt: 1`).
  private httpError(req: NetworkRequest, status: number): EdgeplayError {
    const severity = this.options.httpErrorSeverity;
    return new EdgeplayError('network', 'HTTP_ERROR', `HTTP ${status} ${req.url}`, { details: { url: req.url, status }, ...(severity ? { severity } : {}) });
  }

  private refused(req: NetworkRequest, what: string): EdgeplayError {
    return new EdgeplayError('network', 'CONNECTION_FAILED', `${what} ${req.url}`, { details: { url: req.url } });
  }

  /** No clock: settle on the microtask queue, in the same order a zero-delay clock would. */
  private settleNow(req: NetworkRequest, reply: ScriptedReply, observer: TransferObserver | undefined, done: (r: NetworkResponse) => void, fail: (e: unknown) => void): void {
    if (reply.hang) return;
    if (reply.refuse) return fail(this.refused(req, 'refused'));
    const status = reply.status ?? 200;
    if (this.options.reportHeaders !== false) observer?.onHeaders?.(status, 0);
    if (reply.reset) return fail(this.refused(req, 'connection reset'));
    if (status >= 400 && this.options.httpErrors === 'reject') return fail(this.httpError(req, status));
    const response = this.response(req, reply, { requestStart: 0, firstByte: 0, end: 0 });
    observer?.onProgress?.(response.bytes, response.bytes, 0);
    done(response);
  }

  /**
   * On the clock: headers at `ttfbMs`, body end at `ttfbMs + bodyMs`. The end timer is armed at
   * request time (not when the headers arrive) so a transfer ends in the same timer order as a
   * single-timer model would.
   */
  private schedule(
    clock: Clock,
    req: NetworkRequest,
    reply: ScriptedReply,
    observer: TransferObserver | undefined,
    timers: TimerHandle[],
    done: (r: NetworkResponse) => void,
    fail: (e: unknown) => void,
  ): void {
    if (reply.hang) return;
    const start = clock.now();
    const ttfb = reply.ttfbMs ?? this.options.ttfbMs ?? 0;
    const bodyMs = reply.bodyMs ?? this.options.bodyMs ?? 0;
    const status = reply.status ?? 200;
    const at = (ms: number, cb: () => void): void => void timers.push(clock.setTimeout(cb, ms));
    if (reply.refuse) return at(ttfb, () => fail(this.refused(req, 'refused')));
    const rejected = status >= 400 && this.options.httpErrors === 'reject';
    if (this.options.reportHeaders !== false || rejected) {
      at(ttfb, () => {
        if (this.options.reportHeaders !== false) observer?.onHeaders?.(status, clock.now());
        if (rejected) fail(this.httpError(req, status));
      });
    }
    if (rejected) return;
    const response = this.response(req, reply, { requestStart: start, firstByte: start + ttfb, end: start + ttfb + bodyMs });
    const bytes = response.bytes;
    if (reply.reset) {
      at(ttfb + bodyMs / 2, () => {
        observer?.onProgress?.(Math.floor(bytes / 2), bytes, clock.now());
        fail(this.refused(req, 'connection reset'));
      });
      return;
    }
    this.scheduleProgress(clock, observer, timers, start + ttfb, bodyMs, bytes);
    at(ttfb + bodyMs, () => {
      for (const t of timers) clock.clearTimeout(t);
      observer?.onProgress?.(bytes, bytes, clock.now());
      done(response);
    });
  }

  private scheduleProgress(clock: Clock, observer: TransferObserver | undefined, timers: TimerHandle[], firstByte: number, bodyMs: number, bytes: number): void {
    const mode = this.options.progress ?? 'final';
    if (!observer?.onProgress || mode === 'final') return;
    const wait = firstByte - clock.now();
    if (mode === 'halves') {
      timers.push(clock.setTimeout(() => observer.onProgress!(bytes / 2, bytes, clock.now()), wait + bodyMs / 2));
      return;
    }
    if (bodyMs <= mode.minBodyMs) return;
    const tick = (): void => {
      const elapsed = clock.now() - firstByte;
      if (elapsed > 0) observer.onProgress!(Math.min(bytes, Math.round((bytes * elapsed) / bodyMs)), bytes, clock.now());
      timers.push(clock.setTimeout(tick, mode.everyMs));
    };
    timers.push(clock.setTimeout(tick, wait + mode.everyMs));
  }
}
