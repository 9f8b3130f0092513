/**
 * Time source and timers. The web adapter uses `performance.now()` and
 * `setTimeout`; the simulator uses a virtual clock so a 4-minute playback runs
 * in milliseconds. Engine code must never call `Date.now()`/`setTimeout`
 * directly.
 */
export type TimerHandle = unknown;

/** Monotonic time and timers; injected so the engine runs on a virtual clock in tests and the simulator. */
export interface Clock {
  /** Monotonic milliseconds (arbitrary origin). */
  now(): number;
  /** Wall-clock milliseconds since the Unix epoch (for live edge math). */
  wallNow(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Clock on the host's real timers. Works in browsers and Node. */
export const systemClock: Clock = {
  now: () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
  wallNow: () => Date.now(),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
