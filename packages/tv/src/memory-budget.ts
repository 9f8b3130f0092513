import type { MemoryBudget } from './platform-profile.js';

/**
 * Real encodes are VBR: a segment can be well above the declared BANDWIDTH
 * average (our own fixtures stay within 1 %, public VBR ladders swing about
 * ±50 % per segment, the ABR issue's VBR model). Measured on the virtual
 * clock (packages/tv/test/memory-budget-soak.test.ts, Tizen, 8 Mb/s top rung,
 * ±50 % VBR): a 0.7 margin peaked at 40.2 MiB of a 40 MiB budget in 4 h (a run
 * of large segments); 0.65 keeps that run inside it.
 */
const VBR_MARGIN = 0.65;

/** Seconds of buffer a byte budget allows, before the platform's SourceBuffer quota. */
export interface BufferSeconds {
  /** Forward buffer goal, seconds. */
  bufferGoal: number;
  /** Back buffer, seconds. */
  backBuffer: number;
}

/**
 * Converts a byte budget into buffer seconds for the worst case the ladder
 * allows: every buffered second at `peakBitsPerSecond` (highest selectable
 * video + audio). Proactive: the buffer stays under the quota, instead of
 * reacting to QuotaExceededError after the platform refused an append.
 * Never above `requested`, never below `floor` (a buffer goal too small to
 * start is worse than an eviction).
 */
export function bufferSecondsForBudget(
  budget: MemoryBudget,
  peakBitsPerSecond: number,
  requested: BufferSeconds,
  floor = { bufferGoal: 6, backBuffer: 2 },
): BufferSeconds {
  if (!(peakBitsPerSecond > 0) || !Number.isFinite(peakBitsPerSecond)) return requested;
  const secondsFor = (bytes: number): number => (bytes * 8 * VBR_MARGIN) / peakBitsPerSecond;
  return {
    bufferGoal: clamp(secondsFor(budget.forwardBytes), floor.bufferGoal, requested.bufferGoal),
    backBuffer: clamp(secondsFor(budget.backBytes), floor.backBuffer, requested.backBuffer),
  };
}

/** Bytes buffered for `seconds` at `bitsPerSecond` — the estimate the budget is checked against. */
export function estimatedBufferedBytes(seconds: number, bitsPerSecond: number): number {
  return (Math.max(0, seconds) * Math.max(0, bitsPerSecond)) / 8;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(Math.min(lo, hi), Math.min(v, hi));
}
