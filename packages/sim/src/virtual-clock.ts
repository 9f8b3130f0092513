import type { Clock, TimerHandle } from '@edgeplay/core';

interface Timer {
  id: number;
  due: number;
  /** Insertion order: timers due at the same time fire in the order they were set. */
  seq: number;
  callback: () => void;
}

/**
 * A deterministic {@link Clock} for tests and the simulator: time only moves
 * when {@link advance} or {@link runUntil} is called, and timers fire in
 * (due time, creation order) from a binary min-heap, so a 4-minute playback
 * with thousands of timers simulates in milliseconds and always identically.
 *
 * Promise continuations scheduled by a timer callback are not microtasks of
 * the virtual clock; use {@link advanceAsync} when the code under test awaits
 * between timers.
 */
export class VirtualClock implements Clock {
  private time: number;
  private readonly wallOrigin: number;
  private heap: Timer[] = [];
  private readonly live = new Set<number>();
  private nextId = 1;
  private nextSeq = 0;

  /** @param start monotonic start time, ms; @param wallStart epoch ms at `start` (for live edge math). */
  constructor(start = 0, wallStart = 1_700_000_000_000) {
    this.time = start;
    this.wallOrigin = wallStart - start;
  }

  now(): number {
    return this.time;
  }

  wallNow(): number {
    return this.wallOrigin + this.time;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    const timer: Timer = { id: this.nextId++, due: this.time + delay, seq: this.nextSeq++, callback };
    this.live.add(timer.id);
    this.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    // Lazy deletion: the heap entry is skipped when it surfaces.
    if (typeof handle === 'number') this.live.delete(handle);
  }

  /** Number of pending timers. */
  get pendingTimers(): number {
    return this.live.size;
  }

  /** Due time of the next pending timer, or `Infinity`. */
  nextDue(): number {
    this.dropCancelled();
    return this.heap.length ? this.heap[0]!.due : Infinity;
  }

  /** Moves time forward by `ms`, firing every timer due on the way (including ones those timers set). */
  advance(ms: number): void {
    this.runUntil(this.time + Math.max(0, ms));
  }

  /**
   * Fires timers in order until virtual time `time` (inclusive), then sets the
   * clock to `time`. Returns the number of timers fired.
   */
  runUntil(time: number): number {
    let fired = 0;
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (!top || top.due > time) break;
      this.pop();
      this.live.delete(top.id);
      this.time = Math.max(this.time, top.due);
      fired++;
      top.callback();
    }
    this.time = Math.max(this.time, time);
    return fired;
  }

  /**
   * Like {@link advance} but lets promise continuations run between timers:
   * after each timer (and before the first) it drains the microtask queue, so
   * `await`-based code observes time the way it would on a real clock.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.time + Math.max(0, ms);
    await flushMicrotasks();
    for (;;) {
      const due = this.nextDue();
      if (due > target) break;
      this.runUntil(due);
      await flushMicrotasks();
    }
    this.time = Math.max(this.time, target);
    await flushMicrotasks();
  }

  private dropCancelled(): void {
    while (this.heap.length && !this.live.has(this.heap[0]!.id)) this.pop();
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

type Schedule = (callback: () => void) => void;
const macrotask: Schedule | null = (() => {
  const g = globalThis as { setImmediate?: Schedule };
  return typeof g.setImmediate === 'function' ? g.setImmediate.bind(globalThis) : null;
})();

/**
 * Resolves once pending promise continuations have run. In Node it waits for
 * a macrotask (`setImmediate`), which runs only after the whole microtask
 * queue has drained, however deep the `await` chains; elsewhere it yields
 * `rounds` microtask turns.
 */
export async function flushMicrotasks(rounds = 50): Promise<void> {
  if (macrotask) {
    await new Promise<void>((resolve) => macrotask(resolve));
    return;
  }
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * Drives a simulation: lets pending continuations run, then jumps the clock
 * to the next due timer, until `done()` or nothing is scheduled before
 * `limitMs` (virtual). The loop every simulated playback runs.
 */
export async function runSimulation(clock: VirtualClock, done: () => boolean, limitMs: number): Promise<void> {
  while (!done()) {
    await flushMicrotasks();
    const due = clock.nextDue();
    if (due === Infinity || due > limitMs) break;
    clock.runUntil(due);
  }
}
