/**
 * The pathway manager: owns the ranked list of edge caches (CDN pathways) for
 * a presentation and is the {@link PathwaySelector} the request engine asks.
 *
 * - Rank: manifest order (DASH BaseURL/serviceLocation, HLS PATHWAY-ID), then
 *   the content-steering server's priority once it answers, reloaded every
 *   TTL by the {@link SteeringClient}; pathway clones from steering answers
 *   are added to the presentation.
 * - Health: the {@link DefaultPathwaySelector}'s penalty box (exponential
 *   back-off, probe after expiry).
 * - Reporting: which pathway serves media, `cdnchanged` with the reason of
 *   every change, counts for stats.
 *
 * All-pathways-down is bounded by the request engine's retry policy (rounds
 * over every pathway with back-off), after which the request fails with
 * `ALL_PATHWAYS_FAILED`; the origin takes part as the last pathway whenever
 * the manifest lists it.
 */
import type { BaseUrl, Presentation } from '../manifest/model.js';
import type { RequestEngine } from '../net/request-engine.js';
import type { Clock } from '../platform/clock.js';
import type { EdgeplayError } from '../errors/edgeplay-error.js';
import { EventEmitter } from '../util/event-emitter.js';
import { DefaultPathwaySelector, pathwayKey, type PathwayPenaltyConfig, type PathwayStatus } from './default-pathway-selector.js';
import { applyPathwayClones } from './pathway-clones.js';
import type { PathwayFailureReason, PathwaySelector } from './pathway-selector.js';
import type { SteeringManifest } from './steering-manifest.js';
import type { SteeringModule, SteeringSession } from './steering-module.js';
import { SilenceLedger } from './silence-ledger.js';

/** A change of the pathway serving media. */
export interface CdnChange {
  from: string | null;
  to: string;
  /** `failure:<reason>` (e.g. `failure:stalled`), `steering`, `recovered`, `initial` or `order`. */
  reason: string;
}

export interface PathwayManagerEvents {
  cdnchanged: CdnChange;
  /** A steering manifest was applied. */
  steering: SteeringManifest;
  /** Steering failed (recoverable; the last order stays in force). */
  error: EdgeplayError;
}

/** Counters for player stats. */
export interface PathwayStats {
  /** Pathway that served the last media segment. */
  current: string | null;
  /** Changes of the serving pathway after the first. */
  cdnChanges: number;
  /** Failures reported against pathways, by reason. */
  failures: Partial<Record<PathwayFailureReason, number>>;
  steeringRequests: number;
  /** Steering priority in force (empty before the first answer). */
  steeringPriority: readonly string[];
  pathways: PathwayStatus[];
}

/** Two pathways too slow within this window means the network, not a cache, is slow. */
const NETWORK_WIDE_WINDOW_MS = 20_000;
/** How long "too slow" verdicts then stay suspended. */
const SLOW_SUSPENSION_MS = 60_000;

/**
 * A {@link PathwaySelector} the manager can steer: content steering sets its
 * priority, a new presentation resets it. {@link DefaultPathwaySelector} (a
 * penalty box with exponential back-off) is the default; inject another
 * through `PlayerComponents.pathwaySelector`.
 */
export interface SteerablePathwaySelector extends PathwaySelector {
  /** Pathway ids in the order the steering server (or the manifest's default) wants them. */
  setPriority(ids: readonly string[]): void;
  getPriority(): readonly string[];
  status(): PathwayStatus[];
  /** Forgets penalties and priority (new presentation). */
  reset(): void;
}

export interface PathwayManagerOptions extends Partial<PathwayPenaltyConfig> {
  clock: Clock;
  /** The selector to steer; default a {@link DefaultPathwaySelector} with the penalty options. */
  selector?: SteerablePathwaySelector;
  /** Content steering (`createSteeringModule()`); without it the manifest's pathway order and default pathway stand. */
  steering?: SteeringModule;
}

export interface AttachOptions {
  engine: RequestEngine;
  /** Follow the presentation's content-steering server (default true). */
  steering?: boolean;
  /** The player's throughput estimate, bits/s (reported to the steering server). */
  throughput: () => number;
  /** DASH `queryBeforeStart`: longest wait for the first steering answer, ms. Default 2000. */
  queryBeforeStartTimeoutMs?: number;
}

export class PathwayManager implements PathwaySelector {
  private readonly events = new EventEmitter<PathwayManagerEvents>();
  private readonly selector: SteerablePathwaySelector;
  private readonly clock: Clock;
  private steering: SteeringSession | null = null;
  private readonly steeringModule: SteeringModule | null;
  private servedBy: string | null = null;
  private lastChangeReason = 'order';
  /** Failures the request engine reported since each pathway last served (by pathway key): the reason a pathway is left. */
  private readonly failedSinceServed = new Map<string, PathwayFailureReason>();
  private changes = 0;
  private failures: Partial<Record<PathwayFailureReason, number>> = {};
  private lastTooSlow: { key: string; at: number } | null = null;
  private slowSuspendedUntil = -Infinity;
  private readonly silence = new SilenceLedger();

  constructor(options: PathwayManagerOptions) {
    this.clock = options.clock;
    this.steeringModule = options.steering ?? null;
    const selector = options.selector ?? new DefaultPathwaySelector(options);
    this.selector = selector;
    if (selector instanceof DefaultPathwaySelector) selector.on('change', (c) => (this.lastChangeReason = c.reason));
  }

  on<K extends keyof PathwayManagerEvents>(type: K, listener: (payload: PathwayManagerEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  // PathwaySelector, delegated to the penalty box.
  order(candidates: readonly BaseUrl[]): BaseUrl[] {
    return this.selector.order(candidates);
  }

  reportSuccess(pathway: BaseUrl, sample: { bytes: number; durationMs: number; ttfbMs: number }): void {
    this.silence.noteSuccess();
    this.selector.reportSuccess(pathway, sample);
  }

  reportFailure(pathway: BaseUrl, reason: PathwayFailureReason): void {
    this.failures[reason] = (this.failures[reason] ?? 0) + 1;
    this.failedSinceServed.set(pathwayKey(pathway), reason);
    if (reason === 'too-slow') this.noteTooSlow(pathwayKey(pathway));
    this.silence.noteFailure(pathway, reason);
    this.selector.reportFailure(pathway, reason);
  }

  /**
   * Whether "too slow" verdicts are suspended: two different pathways were
   * too slow in quick succession, so the bottleneck is the client's own
   * network, where moving between caches only wastes partial downloads.
   * ABR alone handles slowness until the suspension ends.
   */
  slowVerdictsSuspended(): boolean {
    return this.clock.now() < this.slowSuspendedUntil;
  }

  /**
   * Whether every candidate other than `pathway` failed without answering
   * since any transfer last succeeded (see {@link SilenceLedger}): then a
   * stall on `pathway` is the client's own network, not its cache.
   */
  otherPathwaysSilent(candidates: readonly BaseUrl[], pathway: BaseUrl): boolean {
    return this.silence.othersSilent(candidates, pathway);
  }

  private noteTooSlow(key: string): void {
    const now = this.clock.now();
    const last = this.lastTooSlow;
    if (last && last.key !== key && now - last.at < NETWORK_WIDE_WINDOW_MS) this.slowSuspendedUntil = now + SLOW_SUSPENSION_MS;
    this.lastTooSlow = { key, at: now };
  }

  current(): string | null {
    return this.selector.current();
  }

  /**
   * Starts managing `presentation`: forgets the previous one's penalties,
   * applies the manifest's default pathway, and starts content steering.
   * Resolves at once, or — DASH `queryBeforeStart` — after the first
   * steering answer (bounded wait).
   */
  async attach(presentation: Presentation, options: AttachOptions): Promise<void> {
    this.detach();
    const cs = presentation.contentSteering;
    if (cs?.defaultPathwayId) this.selector.setPriority([cs.defaultPathwayId]);
    if (!cs || options.steering === false || !this.steeringModule) return;
    const client = this.steeringModule({
      engine: options.engine,
      clock: this.clock,
      format: presentation.format,
      steering: cs,
      currentPathway: () => this.servedBy ?? this.selector.current(),
      throughput: options.throughput,
    });
    this.steering = client;
    client.on('manifest', (m) => {
      if (this.steering !== client) return;
      if (m.clones.length) applyPathwayClones(presentation, m.clones);
      this.selector.setPriority(m.priority);
      this.events.emit('steering', m);
    });
    client.on('error', (e) => this.events.emit('error', e));
    const first = cs.queryBeforeStart ? this.firstAnswer(client, options.queryBeforeStartTimeoutMs ?? 2000) : null;
    client.start();
    if (first) await first;
  }

  /** Stops steering and forgets penalties, priority and counters. */
  detach(): void {
    this.steering?.stop();
    this.steering = null;
    this.selector.reset();
    this.servedBy = null;
    this.lastChangeReason = 'order';
    this.changes = 0;
    this.failures = {};
    this.lastTooSlow = null;
    this.slowSuspendedUntil = -Infinity;
    this.silence.clear();
    this.failedSinceServed.clear();
  }

  /**
   * Records which pathway served a media segment; emits `cdnchanged` when it
   * differs from the last. The reason is the request engine's decision:
   * `failedOverReason` when this very request left a pathway, else the
   * failure the engine reported against the pathway left (an abandoned
   * transfer), else the selector's own reason (steering, recovery, order).
   */
  served(pathway: BaseUrl | undefined, failedOverReason?: PathwayFailureReason): void {
    if (!pathway) return;
    const key = pathwayKey(pathway);
    this.failedSinceServed.delete(key);
    if (key === this.servedBy) return;
    const from = this.servedBy;
    this.servedBy = key;
    if (from === null) return;
    this.changes++;
    const failure = failedOverReason ?? this.failedSinceServed.get(from);
    this.events.emit('cdnchanged', { from, to: key, reason: failure ? `failure:${failure}` : this.lastChangeReason });
  }

  /**
   * Whether `candidates` offer another pathway than `pathway`. Boxed ones
   * count: a pathway in the penalty box may well have recovered, and trying
   * it beats waiting on one that is failing now (the retry budget bounds the
   * case where both are down).
   */
  hasAlternative(candidates: readonly BaseUrl[], pathway: BaseUrl): boolean {
    const key = pathwayKey(pathway);
    return candidates.some((b) => pathwayKey(b) !== key);
  }

  stats(): PathwayStats {
    return {
      current: this.servedBy,
      cdnChanges: this.changes,
      failures: { ...this.failures },
      steeringRequests: this.steering?.requestCount ?? 0,
      steeringPriority: this.selector.getPriority(),
      pathways: this.selector.status(),
    };
  }

  private firstAnswer(client: SteeringSession, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        offManifest();
        offError();
        this.clock.clearTimeout(timer);
        resolve();
      };
      const offManifest = client.on('manifest', done);
      const offError = client.on('error', done);
      const timer = this.clock.setTimeout(done, timeoutMs);
    });
  }
}
