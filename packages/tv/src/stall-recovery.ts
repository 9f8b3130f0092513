/**
 * Stall recovery that checks itself: a ladder of increasingly disruptive
 * actions (wait → pause/play nudge → small seek → flush and re-append), each
 * judged by `currentTime` actually advancing afterwards. TV hardware
 * pipelines often report `playing` while the picture is frozen, so "no error
 * fired" proves nothing; only a moving playhead does.
 *
 * Pure: the caller feeds observations and executes the actions it is given.
 */

/** One rung of the ladder. */
export type StallRecoveryStep =
  /** Do nothing for `ms` (many stalls clear by themselves once data arrives). */
  | { kind: 'wait'; ms: number }
  /** `pause()` then `play()`: restarts a wedged renderer on most TV pipelines. */
  | { kind: 'nudge' }
  /** Seek `by` seconds forward of the current position (past a decoder hiccup). */
  | { kind: 'seek'; by: number }
  /** Flush the buffers at the playhead and re-append (the last resort before an error). */
  | { kind: 'flush' };

/** What the ladder asks its caller to do now. */
export type StallRecoveryAction = Exclude<StallRecoveryStep, { kind: 'wait' }> | { kind: 'give-up' };

/** Counters for stats and telemetry. */
export interface StallRecoveryStats {
  /** Stalls seen. */
  stalls: number;
  /** Actions executed, by kind. */
  attempts: Record<'nudge' | 'seek' | 'flush', number>;
  /** Actions after which the playhead moved, by kind. */
  successes: Record<'nudge' | 'seek' | 'flush' | 'wait', number>;
  /** Stalls no rung cured. */
  givenUp: number;
}

/** Observation fed to {@link StallRecoveryLadder.observe}. */
export interface PlaybackObservation {
  /** Monotonic ms. */
  now: number;
  /** The media element's currentTime, seconds. */
  currentTime: number;
  /** True when the player wants to be playing (not paused by the user, not ended, data buffered ahead). */
  shouldBePlaying: boolean;
  /**
   * True while not playing only for a transient reason — seeking, a reload
   * under way, the buffer refilling — rather than a user pause or the end.
   * While a rung is being judged this does not end the judgement: a seek or
   * a flush the ladder asked for is judged from where it lands.
   */
  settling?: boolean;
}

/** The ladder most profiles use: 1 s of patience, then escalate. */
export const DEFAULT_STALL_LADDER: readonly StallRecoveryStep[] = [
  { kind: 'wait', ms: 1000 },
  { kind: 'nudge' },
  { kind: 'seek', by: 0.1 },
  { kind: 'flush' },
];

/** Playhead must move at least this far to count as advancing (decoders jitter by a frame while frozen). */
const MIN_PROGRESS_S = 0.05;
/**
 * Longest a seek or flush may take to land before it counts as failed, ms
 * (a reload refetches the init and a segment: a few seconds on a slow TV).
 */
const MAX_SETTLE_MS = 10_000;

/**
 * Walks the ladder while the playhead is stuck. After each action it waits
 * `judgeMs` for the playhead to move; if it did, the stall is cured and the
 * ladder starts from the bottom next time; if not, the next rung runs.
 */
export class StallRecoveryLadder {
  private readonly stats: StallRecoveryStats = { stalls: 0, attempts: { nudge: 0, seek: 0, flush: 0 }, successes: { nudge: 0, seek: 0, flush: 0, wait: 0 }, givenUp: 0 };
  private lastTime = NaN;
  private lastMoveAt = 0;
  /** Index of the rung in progress; -1 when not stalled. */
  private rung = -1;
  private rungStartedAt = 0;
  /** Where the rung in progress is judged from; NaN until a seek/flush has landed. */
  private baseline = NaN;
  /** When the judgement of the rung in progress started (its action landed). */
  private judgeStartedAt = 0;

  constructor(
    private readonly steps: readonly StallRecoveryStep[] = DEFAULT_STALL_LADDER,
    /** How long the playhead may stand still (while it should play) before it counts as a stall. */
    private readonly stallAfterMs = 1000,
    /** How long an action gets to prove itself. */
    private readonly judgeMs = 1000,
  ) {}

  /**
   * Feeds one observation; returns the action to execute now, if any. A rung
   * succeeds only when the playhead advances from where its action left it
   * (a seek moving `currentTime` is not progress; playing on from there is).
   */
  observe(o: PlaybackObservation): StallRecoveryAction | null {
    const judging = this.rung >= 0;
    if (judging && !o.shouldBePlaying && o.settling) {
      // The seek/reload under way moves the playhead: judge from where it lands.
      this.baseline = NaN;
      return o.now - this.rungStartedAt >= MAX_SETTLE_MS ? this.startRung(this.rung + 1, o) : null;
    }
    if (!o.shouldBePlaying || Number.isNaN(this.lastTime)) return this.reset(o);
    if (judging && Number.isNaN(this.baseline)) {
      this.baseline = o.currentTime;
      this.judgeStartedAt = o.now;
      return null;
    }
    const from = judging ? this.baseline : this.lastTime;
    if (Math.abs(o.currentTime - from) >= MIN_PROGRESS_S) {
      if (judging) this.credit(this.steps[this.rung]!);
      return this.reset(o);
    }
    if (!judging) {
      if (o.now - this.lastMoveAt < this.stallAfterMs) return null;
      this.stats.stalls++;
      return this.startRung(0, o);
    }
    const step = this.steps[this.rung]!;
    const patience = step.kind === 'wait' ? step.ms : this.judgeMs;
    if (o.now - this.judgeStartedAt < patience) return null;
    return this.startRung(this.rung + 1, o);
  }

  /** Counters so far (a copy). */
  getStats(): StallRecoveryStats {
    return structuredClone(this.stats);
  }

  private startRung(index: number, o: PlaybackObservation): StallRecoveryAction | null {
    if (index >= this.steps.length) {
      this.stats.givenUp++;
      // Start over after a give-up: the caller raises an error; if it keeps playing, the ladder is ready again.
      this.rung = -1;
      this.lastMoveAt = o.now;
      return { kind: 'give-up' };
    }
    this.rung = index;
    this.rungStartedAt = o.now;
    const step = this.steps[index]!;
    // Waits and nudges leave the playhead where it is: judged from here, now. Seeks and flushes: from where they land.
    const inPlace = step.kind === 'wait' || step.kind === 'nudge';
    this.baseline = inPlace ? o.currentTime : NaN;
    this.judgeStartedAt = o.now;
    if (step.kind === 'wait') return null;
    this.stats.attempts[step.kind]++;
    return step;
  }

  private reset(o: PlaybackObservation): null {
    this.lastTime = o.currentTime;
    this.lastMoveAt = o.now;
    this.rung = -1;
    this.baseline = NaN;
    return null;
  }

  private credit(step: StallRecoveryStep): void {
    this.stats.successes[step.kind]++;
  }
}
