/**
 * How many bytes a SourceBuffer holds. MSE exposes only the buffered time
 * ranges, not bytes, so the meter keeps a ledger: each append's byte count
 * with the time ranges it added; what is still held is each entry's bytes
 * in proportion to how much of its ranges is still buffered (evicted or
 * removed media stops counting). An estimate, exact when appends do not
 * overlap; an append that replaces buffered media (an ABR switch) adds no
 * new range, so the replaced entry's bytes stand for it.
 */

/** A time range, seconds, `start < end`. */
export type Range = readonly [start: number, end: number];

/** One append: its bytes and the ranges it added to the buffer. */
export interface LedgerEntry {
  bytes: number;
  ranges: Range[];
}

const length = (rs: readonly Range[]) => rs.reduce((n, [a, b]) => n + Math.max(0, b - a), 0);

/** Sorted, merged copy (touching or overlapping ranges joined). */
export function normalize(rs: readonly Range[]): Range[] {
  const sorted = rs.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && b > a).slice().sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Total seconds of `rs` (merged first: overlapping ranges count once). */
export const totalSeconds = (rs: readonly Range[]): number => length(normalize(rs));

/** `a ∖ b`: the parts of `a` not in `b`. */
export function subtract(a: readonly Range[], b: readonly Range[]): Range[] {
  const cut = normalize(b);
  const out: Range[] = [];
  for (const [s0, e] of normalize(a)) {
    let s = s0;
    for (const [cs, ce] of cut) {
      if (ce <= s || cs >= e) continue;
      if (cs > s) out.push([s, cs]);
      s = Math.max(s, ce);
      if (s >= e) break;
    }
    if (s < e) out.push([s, e]);
  }
  return out;
}

/** Total seconds of `a ∩ b`. */
export function overlapSeconds(a: readonly Range[], b: readonly Range[]): number {
  return Math.max(0, totalSeconds(a) - length(subtract(a, b)));
}


/** Estimated bytes still held: each entry's bytes × the share of its ranges still in `buffered`. */
export function heldBytes(entries: readonly LedgerEntry[], buffered: readonly Range[]): number {
  let sum = 0;
  for (const e of entries) {
    const own = totalSeconds(e.ranges);
    if (own > 0) sum += e.bytes * Math.min(1, overlapSeconds(e.ranges, buffered) / own);
  }
  return sum;
}

/** Entries with anything still buffered (the ledger is pruned with this, so it stays as small as the buffer). */
export const liveEntries = (entries: readonly LedgerEntry[], buffered: readonly Range[]): LedgerEntry[] => entries.filter((e) => overlapSeconds(e.ranges, buffered) > 0);
