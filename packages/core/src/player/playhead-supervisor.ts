/**
 * Playback supervision as a pure function: from the buffered ranges, the
 * playhead and the player state to the one thing to do now — recover a live
 * playhead that fell out of the window, jump a small gap or a skipped
 * segment, end, start/resume (buffering → playing or paused), stall
 * (playing → buffering), or nudge a decoder stuck with data ahead. The
 * playback session applies the action; tests exercise the rule directly.
 * A start that cannot happen (every stream fetched to the end with no time
 * where every type has media, or no buffered progress for the start bound)
 * becomes a typed error instead of an endless spinner.
 */
import { gapJumpTarget } from '../media/gap-jumper.js';
import { startGapTarget } from '../media/start-gap.js';
import type { StallVerdict } from '../media/stall-detector.js';
import type { BufferedRanges } from '../platform/media-sink.js';
import { behindWindowRecovery, type LiveWindow } from './live-controller.js';
import type { PlayerState } from './player-state.js';

/** Less than this ahead of the playhead counts as nothing buffered, s. */
export const EMPTY_AHEAD_S = 0.1;
/** Landing this far inside the range after a skipped segment (and, by default, a jumped gap), s. */
const PAST_HOLE_S = 0.01;
/** A stuck decoder is nudged this far ahead unless `stallSkip` says otherwise, s. */
const DEFAULT_STALL_SKIP_S = 0.1;

/** What the supervisor sees. */
export interface PlayheadObservation {
  state: PlayerState;
  playhead: number;
  /** Buffered ahead of the playhead (minimum over the media types), s. */
  ahead: number;
  /** Buffered ranges of the main type (video, else audio). */
  ranges: BufferedRanges;
  /** Buffered ranges of every audio/video type (for start gaps: where all of them have media). */
  rangesByType: readonly BufferedRanges[];
  /** False right after a seek, until every type appended again (the ranges may still hold flushed media). */
  rangesSettled?: boolean;
  /** Playback reached `playing`/`paused` at least once in this load. */
  started: boolean;
  /** Before the start: since buffered media last grew (or the load began), ms. */
  msWithoutProgress: number;
  /** Bound on {@link PlayheadObservation.msWithoutProgress} before a start is declared stuck, ms. */
  startTimeoutMs: number;
  /** End of the presentation, s (Infinity for live or unknown). */
  presentationEnd: number;
  /** Time ranges of segments skipped as corrupt. */
  skipped: readonly { start: number; end: number }[];
  /** Every scheduler reached the end of the presentation. */
  ended: boolean;
  /** The app paused: a resume goes to `paused`, not `playing`. */
  userPaused: boolean;
  /** Live: the seekable window; null for VOD. */
  liveWindow: LiveWindow | null;
  maxSegmentDuration: number;
  /** Buffer that (re)starts playback, s. */
  resumeGoal: number;
  gapJumpThreshold: number;
  /** How far past a hole's far edge a gap jump lands, s (`streaming.gapPadding`; default 0.01). */
  gapPadding?: number;
  /** How far a stuck decoder is nudged, s; 0 = never nudge (`streaming.stallSkip`; default 0.1). */
  stallSkip?: number;
  /** The stall detector's verdict this tick (only consulted while playing). */
  stall: StallVerdict;
}

/** What to do. */
export type PlayheadAction =
  | { kind: 'none' }
  /** The playhead fell behind the live window: seek to `target`. */
  | { kind: 'recover-live'; target: number; windowStart: number }
  /** A small hole, a skipped segment or a start gap at the playhead: seek past it. */
  | { kind: 'jump'; to: number }
  | { kind: 'end' }
  /** Enough buffered: leave buffering/seeking for `playing` (or `paused` when the app paused). */
  | { kind: 'resume'; paused: boolean }
  /** Out of data while playing: to buffering. */
  | { kind: 'stall' }
  /** Playing with data ahead but the playhead does not move: seek a little ahead. */
  | { kind: 'nudge'; to: number }
  /** Playback cannot start (see the module docs): fail with the reason. */
  | { kind: 'start-stuck'; reason: string };

const NONE: PlayheadAction = { kind: 'none' };

export function supervisePlayhead(o: PlayheadObservation): PlayheadAction {
  if (o.liveWindow) {
    const target = behindWindowRecovery(o.liveWindow, o.playhead, o.maxSegmentDuration);
    if (target !== null) return { kind: 'recover-live', target, windowStart: o.liveWindow.start };
  }
  // Jump small holes (encoder gaps, skipped segments, start offsets).
  if (o.ahead < EMPTY_AHEAD_S) {
    const hole = o.skipped.find((r) => o.playhead >= r.start - EMPTY_AHEAD_S && o.playhead < r.end);
    const jump = hole ? hole.end + PAST_HOLE_S : gapJumpTarget(o.ranges, o.playhead, o.gapJumpThreshold, o.gapPadding ?? PAST_HOLE_S);
    if (jump !== null) return { kind: 'jump', to: jump };
  }
  // Start gaps: some type has nothing here but every type has media later (late media, A/V start offsets).
  if ((o.state === 'buffering' || o.state === 'seeking') && o.rangesSettled !== false) {
    const start = startGapTarget(o.rangesByType, o.playhead);
    // A sink seek, not a player seek: the schedulers keep fetching the segments after the ones they have
    // (their index is in manifest time, which the late media does not follow).
    if (start !== null && start < o.presentationEnd - EMPTY_AHEAD_S) return { kind: 'jump', to: start };
    if (start !== null && !o.started) return { kind: 'start-stuck', reason: `media of some type starts only at ${start.toFixed(2)} s, at or after the presentation end (${o.presentationEnd.toFixed(2)} s)` };
  }
  if (!o.started && o.state === 'buffering' && o.ahead < o.resumeGoal) {
    // (Nothing buffered at all and everything fetched is an empty presentation: it ends, below.)
    if (o.ended && o.ahead < EMPTY_AHEAD_S && o.rangesByType.some((r) => r.length > 0)) {
      return { kind: 'start-stuck', reason: 'every stream was fetched to the end, but no time has media of every type buffered' };
    }
    if (o.msWithoutProgress >= o.startTimeoutMs) return { kind: 'start-stuck', reason: `buffered media did not grow for ${Math.round(o.msWithoutProgress)} ms before the start` };
  }
  if (o.ended && o.ahead < EMPTY_AHEAD_S && o.state !== 'seeking') return { kind: 'end' };
  if (o.state === 'buffering' || o.state === 'seeking') {
    return o.ahead >= o.resumeGoal || (o.ended && o.ahead > 0) ? { kind: 'resume', paused: o.userPaused } : NONE;
  }
  if (o.state === 'playing') {
    if (o.ahead < EMPTY_AHEAD_S && !o.ended) return { kind: 'stall' };
    const skip = o.stallSkip ?? DEFAULT_STALL_SKIP_S;
    if (o.stall === 'stuck-with-data' && skip > 0) return { kind: 'nudge', to: o.playhead + skip };
  }
  return NONE;
}
