import type { Clock, TimerHandle } from '../platform/clock.js';

/** The waits of a scheduler loop on its clock: an interruptible sleep and a repeating watchdog. */
export class SchedulerTimers {
  private sleepTimer: TimerHandle | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly clock: Clock) {}

  /** Resolves after `ms`, or at once on {@link interrupt}. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = this.clock.setTimeout(() => {
        this.sleepTimer = null;
        this.wake = null;
        resolve();
      }, ms);
    });
  }

  /** Ends the current sleep now. */
  interrupt(): void {
    if (this.sleepTimer !== null) this.clock.clearTimeout(this.sleepTimer);
    this.sleepTimer = null;
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Runs `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void {
    let handle: TimerHandle | null = null;
    const arm = (): void => {
      handle = this.clock.setTimeout(() => {
        fn();
        if (handle !== null) arm();
      }, ms);
    };
    arm();
    return () => {
      if (handle !== null) this.clock.clearTimeout(handle);
      handle = null;
    };
  }
}
