import type { BaseUrl, Track } from '../manifest/model.js';
import type { EngineTransferObserver } from '../net/request-engine.js';
import type { Clock } from '../platform/clock.js';
import type { InFlightProgress } from '../steering/load-error-policy.js';

/**
 * Follows the current attempt of one segment download (a failover to
 * another pathway starts a new attempt from zero) and turns it into the
 * {@link InFlightProgress} the load-error policy judges.
 */
export class TransferWatch {
  private start: number;
  private firstByteAt: number | null = null;
  private lastByteAt: number;
  private loaded = 0;
  private total: number | null = null;
  private pathway: BaseUrl | undefined;
  private attempts = 0;

  constructor(
    private readonly clock: Clock,
    private readonly track: Track,
    private readonly segmentDuration: number,
    /** Called on every progress event (judge now, not at the next watchdog tick). */
    onProgress: () => void,
  ) {
    this.start = this.lastByteAt = clock.now();
    this.observer = {
      onAttemptStart: (a) => {
        const now = this.clock.now();
        this.attempts++;
        this.start = this.lastByteAt = now;
        this.firstByteAt = null;
        this.loaded = 0;
        this.total = null;
        this.pathway = a.pathway;
      },
      onHeaders: () => {
        this.firstByteAt ??= this.clock.now();
        this.lastByteAt = this.clock.now();
      },
      onProgress: (loaded, total) => {
        const now = this.clock.now();
        this.firstByteAt ??= now;
        if (loaded > this.loaded) this.lastByteAt = now;
        this.loaded = loaded;
        this.total = total;
        onProgress();
      },
    };
  }

  /** Attempts started so far (pathway failovers and retry rounds each start one): names the current attempt. */
  get attempt(): number {
    return this.attempts;
  }

  /** Hand this to the request engine. */
  readonly observer: EngineTransferObserver;

  progress(): InFlightProgress {
    const now = this.clock.now();
    return {
      track: this.track,
      bytesLoaded: this.loaded,
      bytesTotal: this.total,
      elapsedMs: now - this.start,
      ttfbMs: this.firstByteAt === null ? null : this.firstByteAt - this.start,
      idleMs: now - this.lastByteAt,
      segmentDuration: this.segmentDuration,
      ...(this.pathway ? { pathway: this.pathway } : {}),
    };
  }
}
