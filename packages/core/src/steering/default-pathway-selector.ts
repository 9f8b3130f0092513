import type { BaseUrl } from '../manifest/model.js';
import type { Clock } from '../platform/clock.js';
import { EventEmitter } from '../util/event-emitter.js';
import type { PathwayFailureReason, PathwaySelector } from './pathway-selector.js';

/** Penalty-box tuning of {@link DefaultPathwaySelector}. */
export interface PathwayPenaltyConfig {
  /** Penalty after a first failure, ms. */
  basePenaltyMs: number;
  /** Multiplier for each further consecutive failure (including failed probes). */
  backoffFactor: number;
  /** Upper bound of a penalty, ms. */
  maxPenaltyMs: number;
}

const DEFAULTS: PathwayPenaltyConfig = { basePenaltyMs: 10_000, backoffFactor: 2, maxPenaltyMs: 5 * 60_000 };

/** Per-pathway state. */
interface PathwayState {
  /** Consecutive failures since the last success. */
  strikes: number;
  /** Clock.now until which the pathway is boxed (0 = not boxed). */
  boxedUntil: number;
  lastReason: PathwayFailureReason | null;
  /** Smoothed throughput from successful transfers, bits/s (NaN until one). */
  throughputBps: number;
}

/** Emitted when the pathway new requests go to first changes. */
export interface PathwayChange {
  from: string | null;
  to: string | null;
  /** `failure:<reason>`, `steering`, `recovered` or `initial`. */
  reason: string;
}

/** Events of {@link DefaultPathwaySelector}. */
export interface PathwaySelectorEvents {
  change: PathwayChange;
}

/** A pathway's status, for stats and steering queries. */
export interface PathwayStatus {
  id: string;
  boxed: boolean;
  /** Ms until the penalty expires (0 when not boxed). */
  penaltyRemainingMs: number;
  strikes: number;
  lastReason: PathwayFailureReason | null;
  throughputBps: number;
}

/**
 * The default {@link PathwaySelector}: ranked pathways with a penalty box.
 *
 * Order: pathways listed by the latest steering {@link setPriority} first (in
 * that order), then the rest in manifest rank. A pathway that fails is boxed:
 * moved behind all healthy ones for `base × factor^(strikes−1)` ms (capped),
 * so a flapping CDN is tried less and less often. When its penalty expires it
 * returns to its rank, and the next request to it is the probe: success clears
 * its record, failure boxes it again for twice as long. When every pathway is
 * boxed they are still returned (soonest expiry first) — the engine must keep
 * trying something, and the retry budget bounds it.
 *
 * Pathways are identified by `pathwayId`, or by URL when unnamed.
 */
export class DefaultPathwaySelector implements PathwaySelector {
  private readonly events = new EventEmitter<PathwaySelectorEvents>();
  private readonly clock: Clock;
  private readonly config: PathwayPenaltyConfig;
  private readonly states = new Map<string, PathwayState>();
  private priority: string[] = [];
  private currentId: string | null = null;
  /** Why the next change of the first pathway happens (set by a failure or a steering update). */
  private pendingReason: string | null = null;

  constructor(options: { clock: Clock } & Partial<PathwayPenaltyConfig>) {
    this.clock = options.clock;
    const { clock: _clock, ...config } = options;
    this.config = { ...DEFAULTS, ...config };
  }

  on<K extends keyof PathwaySelectorEvents>(type: K, listener: (payload: PathwaySelectorEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  order(candidates: readonly BaseUrl[]): BaseUrl[] {
    const now = this.clock.now();
    const rank = (b: BaseUrl, i: number): number => {
      const p = this.priority.indexOf(keyOf(b));
      return p >= 0 ? p : this.priority.length + i;
    };
    const ranked = candidates.map((base, i) => ({ base, rank: rank(base, i), until: this.boxedUntil(keyOf(base), now) }));
    const healthy = ranked.filter((c) => c.until === 0).sort((a, b) => a.rank - b.rank);
    const boxed = ranked.filter((c) => c.until > 0).sort((a, b) => a.until - b.until || a.rank - b.rank);
    const ordered = [...healthy, ...boxed].map((c) => c.base);
    if (ordered.length) this.setCurrent(keyOf(ordered[0]!), healthy.length ? 'order' : 'all-boxed');
    return ordered;
  }

  reportSuccess(pathway: BaseUrl, sample: { bytes: number; durationMs: number; ttfbMs: number }): void {
    const state = this.state(keyOf(pathway));
    const wasBoxed = state.strikes > 0;
    state.strikes = 0;
    state.boxedUntil = 0;
    state.lastReason = null;
    if (sample.bytes >= 16_000 && sample.durationMs > 0) {
      const bps = (sample.bytes * 8 * 1000) / sample.durationMs;
      state.throughputBps = Number.isNaN(state.throughputBps) ? bps : 0.7 * state.throughputBps + 0.3 * bps;
    }
    if (wasBoxed && this.currentId === keyOf(pathway)) this.events.emit('change', { from: this.currentId, to: this.currentId, reason: 'recovered' });
  }

  reportFailure(pathway: BaseUrl, reason: PathwayFailureReason): void {
    const key = keyOf(pathway);
    const state = this.state(key);
    state.strikes++;
    state.lastReason = reason;
    const penalty = Math.min(this.config.maxPenaltyMs, this.config.basePenaltyMs * Math.pow(this.config.backoffFactor, state.strikes - 1));
    state.boxedUntil = this.clock.now() + penalty;
    if (this.currentId === key) {
      // The next order() picks the successor; announce the reason now so `cdnchanged` says why.
      this.pendingReason = `failure:${reason}`;
    }
  }

  current(): string | null {
    return this.currentId;
  }

  /**
   * Steering: new preference order by pathway id (DASH-IF Content Steering
   * `PATHWAY-PRIORITY`, HLS steering manifest). Unlisted pathways stay
   * usable after the listed ones, as a last resort.
   */
  setPriority(ids: readonly string[]): void {
    const next = [...new Set(ids)];
    // Steering answers repeat every TTL; only a changed order is a reason for the next change.
    if (next.length !== this.priority.length || next.some((id, i) => id !== this.priority[i])) this.pendingReason = 'steering';
    this.priority = next;
  }

  /** The steering priority in force. */
  getPriority(): readonly string[] {
    return this.priority;
  }

  /** Whether a pathway is in the penalty box now. */
  isBoxed(pathwayId: string): boolean {
    return this.boxedUntil(pathwayId, this.clock.now()) > 0;
  }

  /** Status of every pathway seen so far (for stats and steering queries). */
  status(): PathwayStatus[] {
    const now = this.clock.now();
    return [...this.states.entries()].map(([id, s]) => {
      const until = this.boxedUntil(id, now);
      return { id, boxed: until > 0, penaltyRemainingMs: until > 0 ? until - now : 0, strikes: s.strikes, lastReason: s.lastReason, throughputBps: s.throughputBps };
    });
  }

  /** Forgets penalties and steering (new presentation). */
  reset(): void {
    this.states.clear();
    this.priority = [];
    this.currentId = null;
    this.pendingReason = null;
  }

  private setCurrent(id: string, why: string): void {
    if (id === this.currentId) return;
    const from = this.currentId;
    this.currentId = id;
    // Back on a pathway that had failed: its penalty expired and this request is the probe.
    const returning = (this.states.get(id)?.strikes ?? 0) > 0 ? 'recovered' : null;
    const reason = from === null ? 'initial' : (this.pendingReason ?? returning ?? why);
    this.pendingReason = null;
    this.events.emit('change', { from, to: id, reason });
  }

  private boxedUntil(key: string, now: number): number {
    const s = this.states.get(key);
    return s && s.boxedUntil > now ? s.boxedUntil : 0;
  }

  private state(key: string): PathwayState {
    let s = this.states.get(key);
    if (!s) {
      s = { strikes: 0, boxedUntil: 0, lastReason: null, throughputBps: NaN };
      this.states.set(key, s);
    }
    return s;
  }
}

/** The identity of a pathway: its id, or its URL when unnamed. */
export function pathwayKey(base: BaseUrl): string {
  return base.pathwayId || base.url;
}

const keyOf = pathwayKey;
