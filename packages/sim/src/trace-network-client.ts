import { NetworkError, type Clock, type NetworkClient, type NetworkRequest, type NetworkResponse, type PendingRequest, type TimerHandle, type TransferObserver } from '@edgeplay/core';
import type { SyntheticPresentation } from './synthetic-presentation.js';
import { BandwidthTrace, type TracePoint } from './trace.js';

/**
 * A fault injected into one request (for failover scenarios):
 * - `refuse`: connection refused after one RTT;
 * - `status`: the server answers this HTTP status;
 * - `hang`: no answer at all (only a timeout ends it);
 * - `stall`: headers and `afterBytes` of body, then nothing;
 * - `throttle`: the transfer gets at most `mbps`;
 * - `delay`: extra time to first byte, ms.
 */
export type NetworkFault =
  | { kind: 'refuse' }
  | { kind: 'status'; status: number }
  | { kind: 'hang' }
  | { kind: 'stall'; afterBytes: number }
  | { kind: 'throttle'; mbps: number }
  | { kind: 'delay'; ms: number };

/** Decides the fault (or none) for a request at the time it starts. */
export type FaultHook = (request: NetworkRequest, context: { now: number; pathwayId: string | null }) => NetworkFault | null;

/** Options of {@link TraceNetworkClient}: clock, bandwidth trace, round-trip time, payloads, faults and routes. */
export interface TraceNetworkClientOptions {
  clock: Clock;
  /** Throughput over time; loops when the simulation outlasts it. */
  trace: readonly TracePoint[] | BandwidthTrace;
  /** What to serve; without it every request gets `defaultBytes`. */
  content?: SyntheticPresentation;
  /** Round-trip time: request start → first byte, ms. */
  rttMs?: number;
  /** Start this many seconds into the trace. */
  traceOffsetS?: number;
  /** Progress callbacks at least this often while a body streams, ms. */
  progressIntervalMs?: number;
  /** Body size when there is no content model, bytes. */
  defaultBytes?: number;
  faults?: FaultHook;
  /** Extra resources (e.g. a steering server): an answer for `request`, or null to fall through to the content. */
  routes?: (request: NetworkRequest, now: number) => { status: number; body: string } | null;
}

/** One request as the simulated server saw it (assert CDN switches on this). */
export interface SimulatedRequestLog {
  url: string;
  pathwayId: string | null;
  kind: NetworkRequest['kind'];
  start: number;
  end: number | null;
  status: number | null;
  bytes: number;
  outcome: 'pending' | 'ok' | 'error' | 'aborted';
  fault: NetworkFault['kind'] | null;
}

interface Transfer {
  request: NetworkRequest;
  observer: TransferObserver | undefined;
  log: SimulatedRequestLog;
  phase: 'ttfb' | 'body';
  firstByteAt: number;
  requestStart: number;
  total: number;
  loaded: number;
  /** Bytes after which the body stops (stall fault), else Infinity. */
  stallAt: number;
  /** bytes/ms cap (throttle fault), else Infinity. */
  cap: number;
  /** Current rate, bytes/ms. */
  rate: number;
  lastProgressAt: number;
  status: number;
  data: () => ArrayBuffer;
  resolve: (r: NetworkResponse) => void;
  reject: (e: unknown) => void;
  failAtFirstByte: NetworkError | null;
}

/**
 * A {@link NetworkClient} over a bandwidth trace, on any {@link Clock}
 * (normally the simulator's virtual clock). Each transfer waits one RTT for
 * its first byte, then receives body bytes at its share of the trace's
 * current throughput: the link is shared max-min fairly among concurrent
 * bodies (equal shares; a throttled transfer's unused share goes to the
 * others). Event-driven: it only wakes at first bytes, completions, trace
 * changes and progress ticks, so simulated minutes cost milliseconds.
 */
export class TraceNetworkClient implements NetworkClient {
  /** Every request seen, in start order. */
  readonly log: SimulatedRequestLog[] = [];
  private readonly clock: Clock;
  private readonly trace: BandwidthTrace;
  private readonly content: SyntheticPresentation | undefined;
  private readonly rttMs: number;
  private readonly progressIntervalMs: number;
  private readonly defaultBytes: number;
  private readonly faults: FaultHook | undefined;
  private readonly routes: TraceNetworkClientOptions['routes'];
  private readonly active = new Set<Transfer>();
  private timer: TimerHandle | null = null;
  private lastUpdate: number;
  private bytesDelivered = 0;

  constructor(options: TraceNetworkClientOptions) {
    this.clock = options.clock;
    this.trace = options.trace instanceof BandwidthTrace ? options.trace : new BandwidthTrace(options.trace, options.traceOffsetS ?? 0);
    this.content = options.content;
    this.rttMs = Math.max(0, options.rttMs ?? 80);
    this.progressIntervalMs = Math.max(10, options.progressIntervalMs ?? 200);
    this.defaultBytes = options.defaultBytes ?? 100_000;
    this.faults = options.faults;
    this.routes = options.routes;
    this.lastUpdate = this.clock.now();
  }

  /** Total body bytes delivered so far. */
  get totalBytes(): number {
    return this.bytesDelivered;
  }

  /** Link throughput now, bits/s. */
  currentBandwidth(): number {
    return this.trace.mbpsAt(this.clock.now() / 1000) * 1e6;
  }

  request(request: NetworkRequest, observer?: TransferObserver): PendingRequest {
    this.advance();
    const now = this.clock.now();
    const pathwayId = this.pathwayOf(request.url);
    const fault = this.faults?.(request, { now, pathwayId }) ?? null;
    const log: SimulatedRequestLog = { url: request.url, pathwayId, kind: request.kind, start: now, end: null, status: null, bytes: 0, outcome: 'pending', fault: fault?.kind ?? null };
    this.log.push(log);

    let resolve!: (r: NetworkResponse) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<NetworkResponse>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined);

    const served = this.serve(request);
    let total = served.bytes;
    if (request.byteRange) {
      const end = request.byteRange.end ?? total - 1;
      total = Math.max(0, Math.min(total - 1, end) - request.byteRange.start + 1);
    }
    const transfer: Transfer = {
      request,
      observer,
      log,
      phase: 'ttfb',
      requestStart: now,
      firstByteAt: now + this.rttMs + (fault?.kind === 'delay' ? Math.max(0, fault.ms) : 0),
      total,
      loaded: 0,
      stallAt: fault?.kind === 'stall' ? Math.max(0, fault.afterBytes) : Infinity,
      cap: fault?.kind === 'throttle' ? (Math.max(0, fault.mbps) * 1e6) / 8 / 1000 : Infinity,
      rate: 0,
      lastProgressAt: now,
      status: fault?.kind === 'status' ? fault.status : served.status,
      data: served.data,
      resolve,
      reject,
      failAtFirstByte: null,
    };
    if (fault?.kind === 'refuse') {
      transfer.failAtFirstByte = new NetworkError('CONNECTION_FAILED', `simulated: connection refused by ${pathwayId ?? request.url}`, { url: request.url, attempt: 0 });
    } else if (transfer.status >= 400) {
      transfer.failAtFirstByte = new NetworkError('HTTP_ERROR', `simulated: HTTP ${transfer.status} for ${request.url}`, { url: request.url, attempt: 0, status: transfer.status });
    }
    if (fault?.kind === 'hang') transfer.firstByteAt = Infinity;

    this.active.add(transfer);
    this.reschedule();
    return {
      promise,
      abort: () => {
        if (!this.active.has(transfer)) return;
        this.advance();
        this.active.delete(transfer);
        this.finishLog(transfer, 'aborted', null);
        transfer.reject(new NetworkError('ABORTED', `simulated: ${request.url} aborted`, { url: request.url, attempt: 0 }, { severity: 'recoverable' }));
        this.reschedule();
      },
    };
  }

  private serve(request: NetworkRequest): { status: number; bytes: number; data: () => ArrayBuffer } {
    const routed = this.routes?.(request, this.clock.now());
    if (routed) {
      const bytes = new TextEncoder().encode(routed.body);
      return { status: routed.status, bytes: bytes.length, data: () => bytes.slice().buffer };
    }
    const content = this.content;
    if (!content) return { status: 200, bytes: this.defaultBytes, data: () => new ArrayBuffer(this.defaultBytes) };
    if (stripQuery(request.url) === stripQuery(content.manifestUrl) || /\/manifest\.mpd(?:[?#].*)?$/.test(request.url)) {
      const bytes = new TextEncoder().encode(content.manifestText);
      return { status: 200, bytes: bytes.length, data: () => bytes.slice().buffer };
    }
    const resource = content.resolve(request.url);
    if (!resource) return { status: 404, bytes: 0, data: () => new ArrayBuffer(0) };
    return { status: 200, bytes: resource.bytes, data: () => content.payload(resource) };
  }

  private pathwayOf(url: string): string | null {
    const pathways = this.content?.presentation.pathways ?? [];
    for (const p of pathways) if (url.startsWith(p.url)) return p.pathwayId;
    return null;
  }

  /** Moves every body forward to now at the rates in force since the last update. */
  private advance(): void {
    const now = this.clock.now();
    const dt = now - this.lastUpdate;
    this.lastUpdate = now;
    if (dt <= 0) return;
    for (const t of this.active) {
      if (t.phase !== 'body' || t.rate <= 0) continue;
      const limit = Math.min(t.total, t.stallAt);
      const delta = Math.min(limit - t.loaded, t.rate * dt);
      t.loaded += delta;
      this.bytesDelivered += delta;
    }
  }

  /** Max-min fair shares of the link among bodies that can still receive bytes. */
  private assignRates(): void {
    const link = (this.trace.mbpsAt(this.clock.now() / 1000) * 1e6) / 8 / 1000; // bytes/ms
    const receiving = [...this.active].filter((t) => t.phase === 'body' && t.loaded < Math.min(t.total, t.stallAt) - 1e-6);
    for (const t of this.active) t.rate = 0;
    let remaining = link;
    const byCap = receiving.sort((a, b) => a.cap - b.cap);
    for (let i = 0; i < byCap.length; i++) {
      const share = remaining / (byCap.length - i);
      const rate = Math.min(share, byCap[i]!.cap);
      byCap[i]!.rate = rate;
      remaining -= rate;
    }
  }

  private process(): void {
    const now = this.clock.now();
    for (const t of [...this.active]) {
      if (t.phase === 'ttfb' && t.firstByteAt <= now + 1e-9) {
        if (t.failAtFirstByte) {
          this.active.delete(t);
          t.observer?.onHeaders?.(t.status, now);
          this.finishLog(t, 'error', t.failAtFirstByte.code === 'HTTP_ERROR' ? t.status : null);
          t.reject(t.failAtFirstByte);
          continue;
        }
        t.phase = 'body';
        t.lastProgressAt = now;
        t.observer?.onHeaders?.(t.status, now);
      }
      if (t.phase !== 'body') continue;
      if (t.loaded >= t.total - 1e-6) {
        this.active.delete(t);
        t.observer?.onProgress?.(t.total, t.total, now);
        this.finishLog(t, 'ok', t.status);
        t.log.bytes = t.total;
        t.resolve({
          url: t.request.url,
          status: t.status,
          headers: { 'content-type': 'application/octet-stream' },
          data: t.data(),
          bytes: t.total,
          timing: { requestStart: t.requestStart, firstByte: t.firstByteAt, end: now },
        });
      } else if (now - t.lastProgressAt >= this.progressIntervalMs - 1e-9) {
        t.lastProgressAt = now;
        t.observer?.onProgress?.(Math.floor(t.loaded), t.total, now);
      }
    }
  }

  private reschedule(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.assignRates();
    if (this.active.size === 0) return;
    const now = this.clock.now();
    let next = Infinity;
    let bodies = false;
    for (const t of this.active) {
      if (t.phase === 'ttfb') next = Math.min(next, t.firstByteAt);
      else {
        bodies = true;
        const limit = Math.min(t.total, t.stallAt);
        if (t.rate > 0 && t.loaded < limit) {
          const eta = now + (limit - t.loaded) / t.rate;
          if (eta > now) next = Math.min(next, eta);
          else {
            // The rest arrives in less than one ulp of `now`: a timer for it would fire at `now` again, deliver
            // nothing (dt = 0) and reschedule itself forever, without virtual time moving. From 2^21 ms (≈ 35 min)
            // an ulp is 4.7e-10 ms, i.e. 2.3e-6 bytes at 40 Mb/s, more than the 1e-6-byte completion tolerance, so
            // about one segment in ten of a long title hung the simulation there. Deliver the remainder now.
            this.bytesDelivered += limit - t.loaded;
            t.loaded = limit;
            next = now;
          }
        } else if (t.loaded >= t.total - 1e-6) next = now;
        next = Math.min(next, t.lastProgressAt + this.progressIntervalMs);
      }
    }
    if (bodies) next = Math.min(next, this.trace.nextChange(now / 1000) * 1000);
    if (!Number.isFinite(next)) return; // only hung transfers: wait for an abort
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.advance();
      this.process();
      this.reschedule();
    }, Math.max(0, next - now));
  }

  private finishLog(t: Transfer, outcome: SimulatedRequestLog['outcome'], status: number | null): void {
    t.log.end = this.clock.now();
    t.log.outcome = outcome;
    t.log.status = status;
    t.log.bytes = Math.floor(t.loaded);
  }
}

function stripQuery(url: string): string {
  const i = url.search(/[?#]/);
  return i >= 0 ? url.slice(0, i) : url;
}
