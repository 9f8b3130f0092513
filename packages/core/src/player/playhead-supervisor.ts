/**
 * Playback supervision as a pure function: from the buffered ranges, the
 * playhead and the player state to the one thing to do now — recover a live
 * playhead that fell out of the window, jump a small gap or a skipped
 * segment, end, start/resume (buffering → playing or paused), stall
 * (playing → buffering), or nudge a decoder stuck with data ahead. The
 * playback session applies the action; tests exercise the rule directly.
 */
import { gapJumpTarget } from '../media/gap-jumper.js';
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
  /** A small hole or a skipped segment at the playhead: seek past it. */
  | { kind: 'jump'; to: number }
  | { kind: 'end' }
  /** Enough buffered: leave buffering/seeking for `playing` (or `paused` when the app paused). */
  | { kind: 'resume'; paused: boolean }
  /** Out of data while playing: to buffering. */
  | { kind: 'stall' }
  /** Playing with data ahead but the playhead does not move: seek a little ahead. */
  | { kind: 'nudge'; to: number };

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
