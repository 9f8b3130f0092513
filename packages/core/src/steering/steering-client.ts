/**
 * The content-steering client: fetches the steering manifest named by the
 * presentation (DASH `<ContentSteering>`, HLS `EXT-X-CONTENT-STEERING`),
 * hands its priority and clones to the player, and reloads it every TTL.
 *
 * Protocol points both specifications share (DASH-IF CS 1.0 §5, rfc8216bis §7):
 * - each request reports the pathway in use and the measured throughput as
 *   query parameters (`_DASH_pathway` / `_DASH_throughput`, `_HLS_pathway` /
 *   `_HLS_throughput`), so the server can steer per client;
 * - `RELOAD-URI` replaces the URL of the following requests;
 * - HTTP 410 ends steering for the session (keep the current order);
 * - any other failure keeps the last answer and retries with back-off (2, 4,
 *   8 … s, at most the TTL; 429/503 honour `Retry-After`) — steering is
 *   advice, never a reason to stop playback.
 * DASH `proxyServerURL`: requests go to the proxy with the steering URL in
 * its `url` query parameter.
 */
import { isEdgeplayError, type EdgeplayError } from '../errors/edgeplay-error.js';
import { NetworkError } from '../errors/network-error.js';
import type { ContentSteering } from '../manifest/model.js';
import type { RequestEngine } from '../net/request-engine.js';
import type { Clock, TimerHandle } from '../platform/clock.js';
import { EventEmitter } from '../util/event-emitter.js';
import { DEFAULT_STEERING_TTL_S, parseSteeringManifest, type SteeringFormat, type SteeringManifest } from './steering-manifest.js';

export interface SteeringClientOptions {
  engine: RequestEngine;
  clock: Clock;
  format: SteeringFormat;
  steering: ContentSteering;
  /** The pathway the player is using now (reported to the server). */
  currentPathway: () => string | null;
  /** The player's throughput estimate, bits/s (NaN when unknown; reported to the server). */
  throughput: () => number;
  /** Lower bound on the reload interval, s (protects against TTL 0 loops). Default 1. */
  minTtlS?: number;
}

export interface SteeringClientEvents {
  /** A steering manifest arrived and was parsed. */
  manifest: SteeringManifest;
  /** A request or parse failed; the client keeps its last answer and retries. */
  error: EdgeplayError;
}

const DECODER = new TextDecoder();

export class SteeringClient {
  private readonly events = new EventEmitter<SteeringClientEvents>();
  private readonly o: SteeringClientOptions;
  private url: string;
  private ttlS = DEFAULT_STEERING_TTL_S;
  private timer: TimerHandle | null = null;
  private inFlight: { abort(): void } | null = null;
  private stopped = false;
  private requests = 0;
  private failuresInARow = 0;
  private last: SteeringManifest | null = null;

  constructor(options: SteeringClientOptions) {
    this.o = options;
    this.url = options.steering.serverUri;
  }

  on<K extends keyof SteeringClientEvents>(type: K, listener: (payload: SteeringClientEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  /** Requests the first steering manifest now. */
  start(): void {
    if (this.stopped || this.timer !== null || this.inFlight) return;
    void this.reload();
  }

  /** Stops reloading and cancels a request in flight. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.abort();
    this.inFlight = null;
  }

  /** The latest steering manifest, or null before the first one. */
  get latest(): SteeringManifest | null {
    return this.last;
  }

  /** Steering requests sent so far. */
  get requestCount(): number {
    return this.requests;
  }

  /** The URL of the next request, with the client's pathway and throughput (and the proxy, if any). */
  requestUrl(): string {
    const prefix = this.o.format === 'dash' ? '_DASH' : '_HLS';
    const target = new URL(this.url);
    const pathway = this.o.currentPathway();
    if (pathway) target.searchParams.set(`${prefix}_pathway`, pathway);
    const bps = this.o.throughput();
    if (Number.isFinite(bps) && bps > 0) target.searchParams.set(`${prefix}_throughput`, String(Math.round(bps)));
    const proxy = this.o.steering.proxyServerUri;
    if (!proxy) return target.toString();
    const viaProxy = new URL(proxy);
    viaProxy.searchParams.set('url', target.toString());
    return viaProxy.toString();
  }

  private async reload(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    let next = this.ttlS;
    let url: string;
    try {
      url = this.requestUrl();
    } catch {
      this.events.emit('error', new NetworkError('BAD_RESPONSE', `steering URL ${this.url} is not a valid URL; steering stopped`, { url: this.url, attempt: 0, kind: 'steering' }, { severity: 'recoverable' }));
      this.stopped = true;
      return;
    }
    // One attempt per TTL: the request engine's retries would only delay the next answer.
    const pending = this.o.engine.fetch({ url, kind: 'steering', timeoutMs: 10_000, maxAttempts: 1 });
    this.inFlight = pending;
    this.requests++;
    try {
      const response = await pending.promise;
      if (this.stopped) return;
      const manifest = parseSteeringManifest(DECODER.decode(response.data), this.o.format, response.url || url);
      this.last = manifest;
      this.ttlS = manifest.ttlS;
      if (manifest.reloadUri) this.url = manifest.reloadUri;
      next = manifest.ttlS;
      this.failuresInARow = 0;
      this.events.emit('manifest', manifest);
    } catch (e) {
      if (this.stopped) return;
      const error = isEdgeplayError(e) ? e.withSeverity('recoverable') : new NetworkError('CONNECTION_FAILED', String(e), { url, attempt: 0, kind: 'steering' }, { severity: 'recoverable' });
      const status = error instanceof NetworkError ? (error.details.status ?? (error.cause instanceof NetworkError ? error.cause.details.status : undefined)) : undefined;
      this.events.emit('error', error);
      if (status === 410) {
        // Gone: the service ended steering for this session.
        this.stopped = true;
        return;
      }
      // Retry sooner than a (possibly 300 s) TTL, backing off: 2, 4, 8 … s, never beyond the TTL.
      this.failuresInARow++;
      next = Math.min(this.ttlS, 2 * 2 ** (this.failuresInARow - 1));
      const retryAfter = error instanceof NetworkError ? Number(error.details.retryAfterS) : NaN;
      if ((status === 429 || status === 503) && Number.isFinite(retryAfter) && retryAfter > 0) next = retryAfter;
    } finally {
      if (this.inFlight === pending) this.inFlight = null;
    }
    if (this.stopped) return;
    this.timer = this.o.clock.setTimeout(() => void this.reload(), Math.max(this.o.minTtlS ?? 1, next) * 1000);
  }
}
