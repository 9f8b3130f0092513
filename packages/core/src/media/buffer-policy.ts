/**
 * How much to buffer: the goal each stream scheduler fills to, the level at
 * which playback (re)starts, and what to do when the sink runs out of room.
 * Injectable (`PlayerComponents.bufferPolicy`): a TV profile with little
 * memory, or a low-latency profile, changes these without touching the
 * scheduler or the player.
 */

/** What a goal depends on. */
export interface BufferGoalInput {
  type: 'video' | 'audio';
  /** A video stream is running beside this one. */
  withVideo: boolean;
  /** Playback has not started yet (no first `playing`). */
  startingUp: boolean;
  /** The player is in `buffering`. */
  buffering: boolean;
}

/** Decides buffer goals. Per player; {@link reset} at each load. */
export interface BufferPolicy {
  /** The goal ABR plans with, seconds ahead of the playhead. */
  bufferGoal(): number;
  /** The goal a scheduler of `input.type` fills to now, seconds. */
  schedulingGoal(input: BufferGoalInput): number;
  /** Buffer needed to start or resume playing after a stall, seconds. */
  resumeGoal(): number;
  /** The sink refused an append for lack of room with `aheadS` buffered: adapt the goal. */
  onQuotaExceeded(aheadS: number): void;
  /** New load: forget adaptations. */
  reset(): void;
}

/** Settings of {@link DefaultBufferPolicy} (read at each decision, so `configure()` applies at once). */
export interface BufferPolicySettings {
  bufferGoal: number;
  rebufferGoal: number;
  minBufferGoal: number;
}

/**
 * The default: the configured goal, lowered after a quota error to a bit
 * below what fitted. Until the first frame plays, audio beside video stops
 * at the rebuffer goal: otherwise its small segments run several ahead and
 * take bandwidth from the first video segment, which is what startup waits
 * for. Playing lifts it to the full buffer goal.
 */
export class DefaultBufferPolicy implements BufferPolicy {
  private override: number | null = null;

  constructor(private readonly settings: () => BufferPolicySettings) {}

  bufferGoal(): number {
    return this.override ?? this.settings().bufferGoal;
  }

  schedulingGoal(input: BufferGoalInput): number {
    const goal = this.bufferGoal();
    if (input.type === 'video' || !input.withVideo || !input.buffering || !input.startingUp) return goal;
    return Math.min(goal, this.settings().rebufferGoal);
  }

  resumeGoal(): number {
    return Math.min(this.settings().rebufferGoal, this.bufferGoal());
  }

  onQuotaExceeded(aheadS: number): void {
    // Keep what fits: a goal a bit below what was buffered when the sink filled up.
    const s = this.settings();
    this.override = Math.max(s.minBufferGoal, Math.min(this.bufferGoal(), aheadS * 0.8));
  }

  reset(): void {
    this.override = null;
  }
}
