import type { Clock, TimerHandle } from '../platform/clock.js';
import type { RequestEngine } from '../net/request-engine.js';

/** Event types the Edgeplay telemetry server accepts. */
export type TelemetryEventType = 'startup' | 'stall' | 'bitrate-switch' | 'error' | 'cdn-switch' | 'heartbeat' | 'seek' | 'ended';

/** One beacon event: flat, values numbers or short strings (what the server validates). */
export interface TelemetryEvent {
  type: TelemetryEventType;
  /** Wall-clock ms since the epoch. */
  t: number;
  [field: string]: number | string;
}

/** Options of {@link TelemetryReporter}. */
export interface TelemetryReporterOptions {
  engine: RequestEngine;
  clock: Clock;
  endpoint: string;
  batchMs: number;
  sessionId?: string;
  /**
   * Extra request headers, e.g. `Authorization: Bearer <playback token>`: the
   * reference server binds telemetry to the caller's token (then `sessionId`
   * must be the playback session's id).
   */
  headers?: Record<string, string>;
  /** Events kept while the endpoint is unreachable; older ones are dropped. */
  maxQueued?: number;
}

/** A random session id matching the server's `[A-Za-z0-9_.:-]{1,100}`. */
export function newSessionId(random: () => number = Math.random): string {
  let id = 'ep-';
  for (let i = 0; i < 16; i++) id += Math.floor(random() * 36).toString(36);
  return id;
}

/**
 * Batches QoE events and POSTs them as `{sessionId, events}` every `batchMs`.
 * Telemetry must never hurt playback: failures are swallowed (the batch is
 * put back, bounded by `maxQueued`), and only one POST is in flight at a time.
 */
export class TelemetryReporter {
  readonly sessionId: string;
  private queue: TelemetryEvent[] = [];
  private timer: TimerHandle | null = null;
  private sending = false;
  private stopped = false;

  constructor(private readonly o: TelemetryReporterOptions) {
    this.sessionId = o.sessionId ?? newSessionId();
  }

  /** Queues an event (stamped with the wall clock) and arms the batch timer. */
  record(type: TelemetryEventType, fields: Record<string, number | string | undefined> = {}): void {
    if (this.stopped) return;
    const event: TelemetryEvent = { type, t: this.o.clock.wallNow() };
    for (const [k, v] of Object.entries(fields)) {
      if (typeof v === 'string') event[k] = v.slice(0, 500);
      else if (typeof v === 'number' && Number.isFinite(v)) event[k] = v;
    }
    this.queue.push(event);
    const max = this.o.maxQueued ?? 500;
    if (this.queue.length > max) this.queue.splice(0, this.queue.length - max);
    if (this.timer === null) this.timer = this.o.clock.setTimeout(() => void this.flush(), this.o.batchMs);
  }

  /** Events waiting to be sent. */
  get pending(): readonly TelemetryEvent[] {
    return this.queue;
  }

  /** Sends what is queued now. Resolves when the POST settled (never rejects). */
  async flush(): Promise<void> {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.sending || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.sending = true;
    try {
      await this.o.engine.fetch({
        url: this.o.endpoint,
        method: 'POST',
        kind: 'telemetry',
        headers: { ...(this.o.headers ?? {}), 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId: this.sessionId, events: batch }),
      }).promise;
    } catch {
      // Keep the batch for the next attempt (bounded); telemetry failures are not player errors.
      this.queue = batch.concat(this.queue).slice(-(this.o.maxQueued ?? 500));
    } finally {
      this.sending = false;
    }
    if (this.queue.length && !this.stopped && this.timer === null) this.timer = this.o.clock.setTimeout(() => void this.flush(), this.o.batchMs);
  }

  /** Sends the rest and stops. */
  async stop(): Promise<void> {
    await this.flush();
    this.stopped = true;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
