import type { Track } from '../manifest/model.js';

/** Tracks sorted by bandwidth ascending (stable; input untouched). */
export function sortByBandwidth(tracks: readonly Track[]): Track[] {
  return [...tracks].sort((a, b) => a.bandwidth - b.bandwidth);
}

/**
 * The highest track (of `sorted`, ascending) whose bandwidth fits in
 * `budgetBps`; the lowest track when none fits or the budget is unknown (NaN).
 */
export function highestFitting(sorted: readonly Track[], budgetBps: number): Track {
  let best = sorted[0]!;
  if (!(budgetBps > 0)) return best;
  for (const t of sorted) {
    if (t.bandwidth <= budgetBps) best = t;
    else break;
  }
  return best;
}

/** Position of `track` in `sorted` by id, or -1. */
export function indexOfTrack(sorted: readonly Track[], track: Track | null | undefined): number {
  if (!track) return -1;
  return sorted.findIndex((t) => t.id === track.id);
}

/** The track in `sorted` closest in bandwidth to `target` (for a track that was filtered away). */
export function nearestByBandwidth(sorted: readonly Track[], target: Track): Track {
  let best = sorted[0]!;
  for (const t of sorted) if (Math.abs(t.bandwidth - target.bandwidth) < Math.abs(best.bandwidth - target.bandwidth)) best = t;
  return best;
}

/** Bits per second formatted for decision reasons (`2.5 Mbit/s`). */
export function formatBps(bps: number): string {
  if (!Number.isFinite(bps)) return 'unknown';
  return bps >= 1e6 ? `${(bps / 1e6).toFixed(2)} Mbit/s` : `${Math.round(bps / 1e3)} kbit/s`;
}

/**
 * At most `max` (≥ 3) rungs of `sorted` (ascending) for a search whose cost grows
 * with the ladder — robustMPC enumerates rungs^horizon sequences, its DP
 * rungs² per step: the lowest, the highest, `keep` when given (the current
 * rung, so switching costs stay exact), and the rest nearest to log-spaced
 * targets between them. A ladder within `max` is returned as is. A hostile
 * 1 MB MPD of thousands of Representations otherwise made every decision a
 * search over all of them (17 s of wall time for one load in
 * packages/core/test/security/player-hostile-load.test.ts; bound: 3 s).
 */
export function thinLadder(sorted: readonly Track[], maxRungs: number, keep?: Track | null): readonly Track[] {
  const max = Math.max(3, maxRungs);
  if (sorted.length <= max) return sorted;
  const chosen = new Set<number>([0, sorted.length - 1]);
  const kept = indexOfTrack(sorted, keep);
  if (kept >= 0) chosen.add(kept);
  const lo = Math.log(Math.max(1, sorted[0]!.bandwidth));
  const hi = Math.log(Math.max(1, sorted[sorted.length - 1]!.bandwidth));
  const slots = max - chosen.size;
  for (let k = 1; k <= slots; k++) {
    const target = lo + ((hi - lo) * k) / (slots + 1);
    let best = -1;
    for (let i = 0; i < sorted.length; i++) {
      if (chosen.has(i)) continue;
      if (best < 0 || Math.abs(Math.log(Math.max(1, sorted[i]!.bandwidth)) - target) < Math.abs(Math.log(Math.max(1, sorted[best]!.bandwidth)) - target)) best = i;
    }
    if (best >= 0) chosen.add(best);
  }
  return [...chosen].sort((a, b) => a - b).map((i) => sorted[i]!);
}
