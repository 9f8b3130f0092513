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
