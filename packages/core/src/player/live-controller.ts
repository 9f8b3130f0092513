import type { Presentation, Track } from '../manifest/model.js';

/** The seekable window of a live stream, seconds on the presentation timeline. */
export interface LiveWindow {
  start: number;
  /** Live edge: end of the last available segment. */
  end: number;
}

/**
 * The window all `tracks` can serve: the latest start and earliest end of
 * their indexes (audio and video must both be available), or null when an
 * index is missing or empty.
 */
export function liveWindow(tracks: readonly Track[]): LiveWindow | null {
  let start = -Infinity;
  let end = Infinity;
  for (const t of tracks) {
    const idx = t.segmentIndex;
    if (!idx || idx.length === 0) return null;
    start = Math.max(start, idx.start);
    end = Math.min(end, idx.end);
  }
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? { start, end } : null;
}

/**
 * Target distance from the live edge, seconds: the configured delay, else the
 * manifest's (suggestedPresentationDelay, HLS HOLD-BACK), else three segments
 * (the HLS spec's minimum hold-back).
 */
export function liveDelayOf(presentation: Presentation, configured: number | null): number {
  if (configured !== null) return configured;
  return presentation.suggestedPresentationDelay ?? presentation.lowLatency?.holdBack ?? 3 * Math.max(1, presentation.maxSegmentDuration);
}

/** Where to start a live stream: `delay` behind the edge, but inside the window. */
export function liveStartPosition(window: LiveWindow, delay: number): number {
  return Math.max(window.start, window.end - delay);
}

/**
 * When the playhead has fallen out of the DVR window (paused too long, or a
 * long stall), where to resume: a little inside the window so the next
 * refresh does not evict it again. Null when the playhead is fine.
 */
export function behindWindowRecovery(window: LiveWindow, playhead: number, segmentDuration: number): number | null {
  if (playhead >= window.start) return null;
  return Math.min(window.end, window.start + Math.max(1, segmentDuration));
}
