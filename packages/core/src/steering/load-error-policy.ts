/**
 * The one place that decides what to do when a load goes wrong: keep going,
 * move to another location (pathway / edge cache), move to another track, or
 * skip the segment. "Where" and "what" are decided together here instead of
 * across the scheduler, the player and the pathway manager:
 *
 * - *What* to fetch is the ABR controller's call (its abandonment rule: the
 *   transfer cannot finish in time at the rate seen may pick a lower track);
 *   the policy asks it through {@link TransferCheck.askAbr}.
 * - *Where* is the transfer verdict's ({@link judgeTransfer}): a cache that
 *   hangs, stalls mid-body, runs below the lowest rendition or collapses is
 *   left for a healthy pathway.
 *
 * With a cache failure and buffer to spare, the same segment moves to the
 * next pathway at once and ABR is not asked to judge the broken cache's rate
 * (quality is kept: the network is fine, the cache is not). With little
 * buffer left ABR decides first: if it abandons to a lower track, the action
 * carries the location failure so the request engine reports the cache and
 * the lower rendition comes from the next pathway. With no healthy
 * alternative, only ABR acts.
 *
 * Not every stall is the cache's: {@link attributeStall} weighs the evidence
 * (every other pathway silent since the last success; whether the other
 * pathways answer a probe) and may keep the location (`keep-location`: the
 * engine rides the attempt out) or keep it while the other pathways are
 * probed (`probe-location`) before delivered bytes are thrown away.
 *
 * The policy is pure: it reports nothing and changes no state. The scheduler
 * carries its action out through the request engine, which is the only
 * component that reports to the pathway selector.
 */
import type { EdgeplayError } from '../errors/edgeplay-error.js';
import { isStreamRefusal } from '../errors/media-error.js';
import type { BaseUrl, Track } from '../manifest/model.js';
import type { PathwayFailureReason } from '../net/pathway-selector.js';
import { attributeStall, type AlternativeProbeState } from './stall-attribution.js';
import { judgeTransfer, rateObservable, scaledDeadlineMs, type TransferObservation, type TransferThresholds, type TransferVerdict } from './transfer-verdict.js';

/**
 * Progress of the current attempt of the segment download in flight (a
 * failover to another pathway starts a new attempt from zero).
 */
export interface InFlightProgress {
  track: Track;
  bytesLoaded: number;
  bytesTotal: number | null;
  /** Since the attempt started, ms. */
  elapsedMs: number;
  /** Time to first byte, ms; null while none arrived. */
  ttfbMs: number | null;
  /** Since the last bytes arrived (or the attempt started), ms. */
  idleMs: number;
  segmentDuration: number;
  /** The pathway the attempt goes to (absent for absolute URIs). */
  pathway?: BaseUrl;
}

/** Everything {@link LoadErrorPolicy.checkTransfer} decides from. */
export interface TransferCheck {
  progress: InFlightProgress;
  /** Media buffered ahead of the playhead for this type, s. */
  bufferLevel: number;
  /** The track's base URLs offer another pathway than `progress.pathway`. */
  hasAlternativePathway: boolean;
  /** Two pathways were "too slow" in quick succession: the client's own network is slow, not a cache. */
  slowVerdictsSuspended: boolean;
  /**
   * Every other pathway of the track failed without answering since any
   * transfer last succeeded (`PathwayManager.otherPathwaysSilent`): a stall
   * here is the client's own network, so the transfer is kept. Default false.
   */
  otherPathwaysSilent?: boolean;
  /** The probe of the other pathways for the attempt in flight (after a `probe-location` action). Default `none`. */
  alternativeProbe?: AlternativeProbeState;
  /** Lowest rendition of the presentation (video when there is video), bits/s. */
  lowestBandwidth: number;
  /** The player's throughput estimate before this transfer, bits/s (NaN when unknown). */
  estimatedBandwidth: number;
  /**
   * Asks the ABR controller whether to abandon the download for a lower
   * track (null: keep it). Audio and a disabled ABR answer null. Called at
   * most once per check, and only when the policy needs the answer.
   */
  askAbr: () => { track: Track; reason: string } | null;
}

/** What to do with a download in flight. */
export type LoadErrorAction =
  | { kind: 'continue' }
  /** Give up on this location and fetch the same segment from the next pathway at once. */
  | { kind: 'switch-location'; reason: PathwayFailureReason }
  /**
   * Keep the transfer, and ask the other pathways (a one-byte request, at
   * most `deadlineMs` each) whether they answer: the outcome, reported to the
   * pathway manager, says whether the stall is the cache's or the network's.
   */
  | { kind: 'probe-location'; reason: PathwayFailureReason; deadlineMs: number }
  /**
   * The location failed a verdict but the evidence blames the client's own
   * network (or the probe is still out): keep the transfer — the request
   * engine rides it out instead of cutting it at its whole-attempt timeout.
   */
  | { kind: 'keep-location' }
  /**
   * Abandon the segment and fetch the same position from `track` (a lower
   * rendition). `locationFailure`: the location failed too and is reported
   * when the download is aborted, so the lower rendition comes from another pathway.
   */
  | { kind: 'switch-track'; track: Track; reason: string; locationFailure?: PathwayFailureReason };

/** Everything {@link LoadErrorPolicy.checkSegmentFailure} decides from. */
export interface SegmentFailure {
  /**
   * Why the segment could not be used: a pipeline stage threw, the sink
   * rejected it, or (a `NetworkError`) it could not be downloaded after the
   * request engine's retries and pathway failover.
   */
  error: EdgeplayError;
  /** Failures of consecutive segments of this type, this one included. */
  failuresInARow: number;
  /** Download failures: other renditions of this type not yet tried for this segment's time, best first. */
  untriedTracks?: readonly Track[];
  /** Download failures: seconds until the playhead reaches the segment (what is buffered before it). */
  secondsUntilSegment?: number;
}

/** What to do with a segment that could not be used. */
export type SegmentFailureAction =
  /** Skip it: the playhead supervisor jumps the hole it leaves. */
  | { kind: 'skip' }
  /** Keep it for later: the sink is full, or the hole is still far ahead; try again after `delayMs`. */
  | { kind: 'retry-later'; delayMs: number }
  /** Fetch the same time from another rendition. */
  | { kind: 'switch-track'; track: Track; reason: string }
  /** Stop playback with the error. */
  | { kind: 'fail' };

/** Decides continue / switch location / switch track / skip. Pure: no side effects. */
export interface LoadErrorPolicy {
  /** On transfer progress and every 250 ms while no bytes arrive. */
  checkTransfer(check: TransferCheck): LoadErrorAction;
  /** After a segment (or init segment) could not be appended or transformed. */
  checkSegmentFailure(failure: SegmentFailure): SegmentFailureAction;
}

/** Tuning of {@link DefaultLoadErrorPolicy}, read at every decision (so `configure()` applies at once). */
export interface LoadErrorPolicySettings {
  /** Null when slow-transfer detection is off (`failover.detectSlowTransfers`). */
  thresholds: TransferThresholds | null;
  /** Consecutive corrupt segments tolerated, each skipped, before the error is fatal (`streaming.maxCorruptSegments`). */
  maxCorruptSegments: number;
}

/** Buffer (in segment durations) above which a cache failure is answered by failover alone. */
const SAFE_BUFFER_SEGMENTS = 2;
/** A full sink gets this long to play some media out before the append is tried again, ms. */
const QUOTA_RETRY_MS = 1000;
const CONTINUE: LoadErrorAction = { kind: 'continue' };
const KEEP_LOCATION: Extract<LoadErrorAction, { kind: 'keep-location' }> = { kind: 'keep-location' };
/**
 * A segment the servers refuse is asked for again every this many ms while
 * the playhead is more than {@link RETRY_WHILE_AHEAD_S} away from it (a 404
 * during CDN propagation or a packager catching up heals by itself).
 */
const UNAVAILABLE_RETRY_MS = 2000;
/**
 * Closer than this (s) the hole is skipped, so the segments after it are
 * fetched before the playhead arrives: 8 s is four 2 s segments, which even
 * a link at the lowest rendition's rate fills in time.
 */
const RETRY_WHILE_AHEAD_S = 8;

/** The default policy: transfer verdict + ABR abandonment as described in this module's docs. */
export class DefaultLoadErrorPolicy implements LoadErrorPolicy {
  constructor(private readonly settings: () => LoadErrorPolicySettings) {}

  checkTransfer(check: TransferCheck): LoadErrorAction {
    const { progress, bufferLevel } = check;
    const thresholds = this.settings().thresholds;
    const safe = bufferLevel >= SAFE_BUFFER_SEGMENTS * progress.segmentDuration;
    /** The location failed: the reason to report when leaving it. */
    let cacheFailure: PathwayFailureReason | null = null;
    if (thresholds && progress.pathway && check.hasAlternativePathway) {
      // With buffer to spare, let the cache verdict form before ABR judges the rate: a rate ABR would
      // abandon on may be the cache's fault, and then the answer is another cache, not a lower track.
      if (safe && !rateObservable({ elapsedMs: progress.elapsedMs, ttfbMs: progress.ttfbMs, segmentDurationS: progress.segmentDuration }, thresholds)) {
        const early = blame(judgeTransfer(observation(check), thresholds), check, thresholds);
        return early ?? CONTINUE;
      }
      const verdict = judgeTransfer(observation(check), thresholds);
      if (!(verdict.verdict === 'cache-failure' && verdict.reason === 'too-slow' && check.slowVerdictsSuspended)) {
        const b = blame(verdict, check, thresholds);
        // A transfer kept through the client's own outage (or while the probe runs) is not abandoned for a
        // lower track either: the rate ABR would judge is the dead link's, and a lower rendition gets no
        // bytes from it; its whole segment may well outweigh what is left of this one. Once bytes flow
        // again the verdict is healthy and ABR judges the rate as usual.
        if (b?.kind === 'probe-location' || b?.kind === 'keep-location') return b;
        if (b?.kind === 'switch-location') cacheFailure = b.reason;
      }
    }
    // With buffer to spare, a cache failure is not a reason to lower quality: the rate ABR would judge
    // is the broken cache's. Move the same segment to the next pathway and let ABR see that one.
    if (cacheFailure && safe) return { kind: 'switch-location', reason: cacheFailure };
    const abandon = check.askAbr();
    const lower = abandon && abandon.track.id !== progress.track.id ? abandon : null;
    if (cacheFailure && !lower) return { kind: 'switch-location', reason: cacheFailure };
    if (!lower) return CONTINUE;
    return { kind: 'switch-track', track: lower.track, reason: lower.reason, ...(cacheFailure ? { locationFailure: cacheFailure } : {}) };
  }

  checkSegmentFailure(failure: SegmentFailure): SegmentFailureAction {
    const { error } = failure;
    // Buffer is full of media ahead: wait for playback to consume some.
    if (error.code === 'QUOTA_EXCEEDED') return { kind: 'retry-later', delayMs: QUOTA_RETRY_MS };
    // The track's codec/container/key method is not playable here: every segment would fail the same way.
    if (isStreamRefusal(error.code)) return { kind: 'fail' };
    if (error.category === 'network') {
      // Nobody answered (refused, timed out): the engine already rode out an outage; nothing can be fetched.
      if (error.details.status === undefined) return { kind: 'fail' };
      // The servers answered and refuse this one (404 on every pathway): another rendition of the same time,
      // then retries while the hole is far ahead, then a hole the playhead skips. Buffered media stays.
      const other = failure.untriedTracks?.[0];
      if (other) return { kind: 'switch-track', track: other, reason: `segment unavailable (${error.code}${typeof error.details.status === 'number' ? ` ${error.details.status}` : ''})` };
      if ((failure.secondsUntilSegment ?? 0) > RETRY_WHILE_AHEAD_S) return { kind: 'retry-later', delayMs: UNAVAILABLE_RETRY_MS };
    }
    return failure.failuresInARow > this.settings().maxCorruptSegments ? { kind: 'fail' } : { kind: 'skip' };
  }
}

/**
 * What a verdict means for the location once the evidence is weighed
 * ({@link attributeStall}): leave it, keep it (the client's own last mile is
 * down), or keep it while probing the other pathways;
 * null for a healthy transfer.
 */
function blame(verdict: TransferVerdict, check: TransferCheck, thresholds: TransferThresholds): Extract<LoadErrorAction, { kind: 'switch-location' | 'probe-location' | 'keep-location' }> | null {
  if (verdict.verdict !== 'cache-failure') return null;
  const o = observation(check);
  const attribution = attributeStall({
    reason: verdict.reason,
    otherPathwaysSilent: check.otherPathwaysSilent ?? false,
    bytesLoaded: o.bytesLoaded,
    bytesExpected: o.bytesExpected,
    probe: check.alternativeProbe ?? 'none',
  });
  if (attribution === 'cache') return { kind: 'switch-location', reason: verdict.reason };
  if (attribution === 'probe') return { kind: 'probe-location', reason: verdict.reason, deadlineMs: scaledDeadlineMs(o.segmentDurationS, thresholds.ttfbFactor, thresholds) };
  return KEEP_LOCATION;
}

function observation(check: TransferCheck): TransferObservation {
  const { progress } = check;
  return {
    elapsedMs: progress.elapsedMs,
    ttfbMs: progress.ttfbMs,
    idleMs: progress.idleMs,
    bytesLoaded: progress.bytesLoaded,
    bytesExpected: progress.bytesTotal ?? (progress.track.bandwidth * progress.segmentDuration) / 8,
    segmentDurationS: progress.segmentDuration,
    bufferAheadS: check.bufferLevel,
    lowestBandwidth: check.lowestBandwidth,
    estimateBps: check.estimatedBandwidth,
  };
}
