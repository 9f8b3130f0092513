import { pathwayKey } from '../steering/default-pathway-selector.js';
import type { BaseUrl, SegmentReference, Track } from '../manifest/model.js';
import type { EnginePendingRequest, RequestEngine } from '../net/request-engine.js';
import type { AlternativeProbeState } from '../steering/stall-attribution.js';

/**
 * Asks the other pathways whether they answer at all, while a partly
 * delivered segment transfer has stalled on its own: one request for the
 * first byte of the same segment, through the request engine, so its
 * outcome reaches the pathway manager like any other — an answer clears the
 * silence ledger (the network works: the stall is the cache's), silence
 * marks the other pathways as silent too (the client's own link is down:
 * the transfer is kept). One probe per attempt of the segment download; the
 * probe is `kind: 'other'`, so its one byte never feeds the throughput
 * estimator.
 */
export class AlternativeProbe {
  private attempt = -1;
  private request: EnginePendingRequest | null = null;
  private settled = false;

  constructor(private readonly engine: RequestEngine) {}

  /** The probe's state for `attempt` (the segment download's attempt number). */
  state(attempt: number): AlternativeProbeState {
    if (attempt !== this.attempt) return 'none';
    return this.settled ? 'done' : 'pending';
  }

  /**
   * Starts the probe for `attempt` unless one already ran for it: every base
   * URL of `track` but `pathway`, one round, `deadlineMs` to the first byte.
   */
  start(attempt: number, track: Track, ref: SegmentReference, pathway: BaseUrl, deadlineMs: number): void {
    if (attempt === this.attempt) return;
    this.cancel();
    const key = pathwayKey(pathway);
    const others = track.baseUrls.filter((b) => pathwayKey(b) !== key);
    this.attempt = attempt;
    this.settled = others.length === 0;
    if (this.settled) return;
    const first = ref.byteRange?.start ?? 0;
    const request = this.engine.fetch({ uri: ref.uri, baseUrls: others, kind: 'other', byteRange: { start: first, end: first }, maxAttempts: 1, ttfbTimeoutMs: deadlineMs, timeoutMs: 2 * deadlineMs });
    this.request = request;
    const done = (): void => {
      if (this.request === request) {
        this.settled = true;
        this.request = null;
      }
    };
    request.promise.then(done, done);
  }

  /** Stops a probe in flight (the download finished or moved on); the next attempt starts afresh. */
  cancel(): void {
    const request = this.request;
    this.request = null;
    this.attempt = -1;
    this.settled = false;
    request?.abort();
  }
}
