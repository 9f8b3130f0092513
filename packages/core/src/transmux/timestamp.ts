/**
 * MPEG-2 system clock arithmetic: PTS/DTS are 33-bit counts of a 90 kHz clock
 * and wrap every 2^33 / 90000 s ≈ 26.5 h. Values are unwrapped relative to a
 * reference (the last value seen on the same timeline): of all `value + k·2^33`
 * the one nearest the reference is taken, which is right as long as two
 * consecutive timestamps are less than ~13.25 h apart (hls.js and shaka-player
 * use the same rule).
 */

/** Ticks per second of PTS/DTS. */
export const MPEG_CLOCK_HZ = 90000;
/** PTS/DTS modulus. */
export const MPEG_TS_WRAP = 2 ** 33;

/** The `value + k·2^33` nearest `reference`; `value` itself when there is no reference yet. */
export function unwrapTimestamp(value: number, reference: number | undefined): number {
  if (reference === undefined) return value;
  return value + Math.round((reference - value) / MPEG_TS_WRAP) * MPEG_TS_WRAP;
}
