/** Pure lookups over a presentation's periods for the playback session. */
import type { Period, Presentation, SwitchingSet, Track } from '../manifest/model.js';
import { matchingSet } from './track-selection.js';

/** The period covering `time` (the first one before any starts). */
export function periodAt(presentation: Presentation | null, time: number): Period | null {
  const periods = presentation?.periods ?? [];
  let found: Period | null = periods[0] ?? null;
  for (const p of periods) if (p.start <= time + 1e-3) found = p;
  return found;
}

/** Tracks (no trick-mode) of the set matching `selected` in the period covering `time`; empty past the period's end. */
export function candidatesAt(presentation: Presentation | null, selected: SwitchingSet | null, time: number): Track[] {
  const period = periodAt(presentation, time);
  if (!period || !selected) return [];
  if (period.duration !== null && time >= period.start + period.duration - 1e-3) return [];
  const set = period.switchingSets.includes(selected) ? selected : matchingSet(period, selected);
  return set ? set.tracks.filter((t) => !t.trickMode) : [];
}

/** Start of the first period after `time`, or null. */
export function nextPeriodStart(presentation: Presentation | null, time: number): number | null {
  for (const p of presentation?.periods ?? []) if (p.start > time + 1e-3) return p.start;
  return null;
}

/** Lowest non-trick-mode bandwidth, bits/s (0 when none). */
export function lowestBandwidthOf(tracks: readonly Track[]): number {
  const lowest = tracks.reduce((m, t) => (t.trickMode ? m : Math.min(m, t.bandwidth)), Infinity);
  return Number.isFinite(lowest) ? lowest : 0;
}

/** Whether any track (or session key) of the presentation is protected. */
export function isProtected(presentation: Presentation): boolean {
  return presentation.sessionKeys.length > 0 || presentation.periods.some((p) => p.switchingSets.some((s) => s.tracks.some((t) => t.contentProtection.length > 0)));
}
