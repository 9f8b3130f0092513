/**
 * Measured health of one edge cache for steering (issue 15 #8): the outcome,
 * throughput and time to first byte of its recent responses (its own
 * counters) and errors clients report for it, over a sliding window.
 * Robust to one noisy client: every figure is the median across clients of
 * that client's own figure, and each client's in-flight requests count at
 * most {@link MAX_LOAD_PER_CLIENT} towards load — so 30 non-reading sockets
 * from one client, or one client's broken network, cannot move the ranking
 * while other clients are fine.
 */

/** One finished response as the cache saw it. */
export interface ResponseOutcome {
  client: string;
  time: number;
  /** Reset, injected error, truncated or corrupted body, 5xx. */
  failed: boolean;
  bytes: number;
  durationMs: number;
  /** Time to first byte written, ms; null when nothing was written. */
  ttfbMs: number | null;
}

/** What steering ranks on. */
export interface MeasuredHealth {
  /** Median across clients of their failure ratio in the window (0..1). */
  errorRate: number;
  /** Median across clients of their median body throughput (bit/s), from transfers of ≥ 64 KB; null if none. */
  throughputBps: number | null;
  /** Median across clients of their median TTFB (ms); null if none. */
  ttfbMs: number | null;
  /** In-flight requests with each client's share capped. */
  load: number;
}

/** 30 s: three steering TTLs, long enough to see a pattern, short enough to notice recovery. */
export const HEALTH_WINDOW_MS = 30_000;
/** Outcomes kept per cache (bounded memory under any request rate). */
export const MAX_OUTCOMES = 4_000;
/** A browser keeps ~6 connections per host; more in flight from one client is not more load from users. */
export const MAX_LOAD_PER_CLIENT = 4;
/** Throughput is only meaningful for transfers long enough to leave slow start. */
const MIN_THROUGHPUT_BYTES = 64 * 1024;

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export class CacheHealth {
  private outcomes: ResponseOutcome[] = [];
  private readonly inFlight = new Map<string, number>();

  /** A request started (for load). */
  begin(client: string): void {
    this.inFlight.set(client, (this.inFlight.get(client) ?? 0) + 1);
  }

  /** The request of `begin` ended with `outcome`. */
  end(outcome: ResponseOutcome): void {
    const n = (this.inFlight.get(outcome.client) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(outcome.client);
    else this.inFlight.set(outcome.client, n);
    this.record(outcome);
  }

  /** A client's report that a transfer from this cache failed (telemetry `error` with `cdn`). */
  clientReport(client: string, time: number): void {
    this.record({ client: `report:${client}`, time, failed: true, bytes: 0, durationMs: 0, ttfbMs: null });
  }

  measure(now: number): MeasuredHealth {
    const from = now - HEALTH_WINDOW_MS;
    this.outcomes = this.outcomes.filter((o) => o.time >= from);
    const byClient = new Map<string, ResponseOutcome[]>();
    for (const o of this.outcomes) {
      const key = o.client.startsWith('report:') ? o.client.slice(7) : o.client;
      let list = byClient.get(key);
      if (!list) byClient.set(key, (list = []));
      list.push(o);
    }
    const rates: number[] = [];
    const throughputs: number[] = [];
    const ttfbs: number[] = [];
    for (const list of byClient.values()) {
      rates.push(list.filter((o) => o.failed).length / list.length);
      const t = median(list.filter((o) => !o.failed && o.bytes >= MIN_THROUGHPUT_BYTES && o.durationMs > 0).map((o) => (o.bytes * 8 * 1000) / o.durationMs));
      if (t !== null) throughputs.push(t);
      const f = median(list.flatMap((o) => (o.ttfbMs === null ? [] : [o.ttfbMs])));
      if (f !== null) ttfbs.push(f);
    }
    let load = 0;
    for (const n of this.inFlight.values()) load += Math.min(n, MAX_LOAD_PER_CLIENT);
    return { errorRate: median(rates) ?? 0, throughputBps: median(throughputs), ttfbMs: median(ttfbs), load };
  }

  private record(o: ResponseOutcome): void {
    this.outcomes.push(o);
    if (this.outcomes.length > MAX_OUTCOMES) this.outcomes.splice(0, this.outcomes.length - MAX_OUTCOMES);
  }
}
