/**
 * Measured health of one edge cache for steering (issue 15 #8): the outcome,
 * throughput and time to first byte of its recent responses (its own
 * counters) and errors clients report for it, over a sliding window.
 * Robust to one noisy client: every figure is the median across clients of
 * that client's own figure, and load counts clients, not requests — so 30
 * non-reading sockets from one client, or one client's broken network, cannot
 * move the ranking while other clients are fine. Transfers still in flight
 * count for throughput once they have run {@link MIN_IN_FLIGHT_MS}: an
 * 8 kbit/s cache shows before its first 2 MB segment ends (in 30 minutes).
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
  /** Clients with a request in flight. */
  load: number;
}

/**
 * 8 s, under one default steering TTL (10 s): long enough for a pattern over a
 * few segments, short enough that a cache whose fault ended is not held down
 * after clients left it (they send it nothing, so nothing newer replaces the
 * errors). With 30 s the recovery browser test saw clients never return.
 */
export const HEALTH_WINDOW_MS = 8_000;
/** Outcomes kept per cache (bounded memory under any request rate). */
export const MAX_OUTCOMES = 4_000;
/** An in-flight transfer this old says something about throughput. */
export const MIN_IN_FLIGHT_MS = 1_000;

/** A request in flight: the cache updates `bytes` as it writes. */
export interface Transfer {
  client: string;
  started: number;
  bytes: number;
}
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
  private readonly inFlight = new Set<Transfer>();

  /** A request started; write progress into the returned transfer's `bytes`. */
  begin(client: string, now: number): Transfer {
    const t = { client, started: now, bytes: 0 };
    this.inFlight.add(t);
    return t;
  }

  /** The transfer of `begin` ended with `outcome`. */
  end(transfer: Transfer, outcome: Omit<ResponseOutcome, 'client'>): void {
    this.inFlight.delete(transfer);
    this.record({ ...outcome, client: transfer.client });
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
    const running = new Map<string, number[]>();
    for (const t of this.inFlight) {
      if (now - t.started < MIN_IN_FLIGHT_MS) continue;
      let list = running.get(t.client);
      if (!list) running.set(t.client, (list = []));
      list.push((t.bytes * 8 * 1000) / (now - t.started));
      if (!byClient.has(t.client)) byClient.set(t.client, []);
    }
    for (const [client, list] of byClient) {
      if (list.length) rates.push(list.filter((o) => o.failed).length / list.length);
      const samples = [...list.filter((o) => !o.failed && o.bytes >= MIN_THROUGHPUT_BYTES && o.durationMs > 0).map((o) => (o.bytes * 8 * 1000) / o.durationMs), ...(running.get(client) ?? [])];
      const t = median(samples);
      if (t !== null) throughputs.push(t);
      const f = median(list.flatMap((o) => (o.ttfbMs === null ? [] : [o.ttfbMs])));
      if (f !== null) ttfbs.push(f);
    }
    const load = new Set([...this.inFlight].map((t) => t.client)).size;
    return { errorRate: median(rates) ?? 0, throughputBps: median(throughputs), ttfbMs: median(ttfbs), load };
  }

  private record(o: ResponseOutcome): void {
    this.outcomes.push(o);
    if (this.outcomes.length > MAX_OUTCOMES) this.outcomes.splice(0, this.outcomes.length - MAX_OUTCOMES);
  }
}
