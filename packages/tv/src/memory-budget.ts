import type { MemoryBudget } from './platform-profile.js';

/**
 * Real encodes are VBR: a segment can be well above the declared BANDWIDTH
 * average (our own fixtures stay within 1 %, public VBR ladders swing about
 * ±50 % per segment, the ABR issue's VBR model). Measured on the virtual
 * clock (packages/tv/test/memory-budget-soak.test.ts, Tizen, 8 Mb/s top rung,
 * ±50 % VBR): a 0.7 margin peaked at 40.2 MiB of a 40 MiB budget in 4 h (a run
 * of large segments); 0.65 keeps that run inside it (36.2 MiB). With the
 * one-segment reservation below, 4 h peaks are Tizen 33.0 / 40, VIDAA 28.1 /
 * 34, Fire TV 37.0 / 46, HbbTV 22.7 / 28 MiB (EDGEPLAY_SOAK_PROFILES run).
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
 *
 * `segmentDuration` (the presentation's longest segment): the scheduler asks
 * for the next segment while the buffer is below its goal, so up to one
 * segment more than the goal lands; that is taken off the forward seconds.
 * Measured: without it the 28 MiB HbbTV budget peaked at 28.1 MiB over the
 * 4 h simulator soak (4 s segments at 8 Mb/s: one segment is ~15 % of it).
 */
export function bufferSecondsForBudget(
  budget: MemoryBudget,
  peakBitsPerSecond: number,
  requested: BufferSeconds,
  floor = { bufferGoal: 6, backBuffer: 2 },
  segmentDuration = 0,
): BufferSeconds {
  if (!(peakBitsPerSecond > 0) || !Number.isFinite(peakBitsPerSecond)) return requested;
  const secondsFor = (bytes: number): number => (bytes * 8 * VBR_MARGIN) / peakBitsPerSecond;
  const overshoot = Number.isFinite(segmentDuration) && segmentDuration > 0 ? segmentDuration : 0;
  return {
    bufferGoal: clamp(secondsFor(budget.forwardBytes) - overshoot, floor.bufferGoal, requested.bufferGoal),
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
