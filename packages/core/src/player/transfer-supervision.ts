/**
 * What to do with a segment download in flight: keep going, move to another
 * cache, or abandon to a lower rendition — the failover decision taken
 * together with the ABR controller rather than against it.
 *
 * - The ABR controller decides *what* to fetch: its abandonment rule (the
 *   transfer cannot finish in time at the rate seen) may pick a lower track.
 * - The transfer verdict decides *where*: a cache that hangs, stalls
 *   mid-body, runs below the lowest rendition or collapses is left for a
 *   healthy pathway.
 * With a cache failure and buffer to spare, the same segment moves to the
 * next pathway at once and ABR is not asked to judge the broken cache's rate
 * (quality is kept: the network is fine, the cache is not). With little
 * buffer left ABR decides first: if it abandons to a lower track, the cache
 * is reported so the lower rendition comes from the next pathway. With no
 * healthy alternative, only ABR acts.
 */
import type { AbrController } from '../abr/abr-controller.js';
import type { AbrContext } from '../abr/abr-strategy.js';
import type { Track } from '../manifest/model.js';
import type { InFlightProgress, TransferAction } from '../media/stream-scheduler.js';
import type { PathwayManager } from '../steering/pathway-manager.js';
import { judgeTransfer, rateObservable, type TransferObservation, type TransferThresholds, type TransferVerdict } from '../steering/transfer-verdict.js';

export interface TransferSupervisionDeps {
  abr: AbrController;
  pathways: PathwayManager;
  /** Null when slow-transfer detection is off. */
  thresholds: TransferThresholds | null;
  /** The ladder the track belongs to. */
  candidates: readonly Track[];
  /** Lowest rendition of the presentation (video when there is video), bits/s: a cache below it can play nothing. */
  lowestBandwidth: number;
  abrContext: Pick<AbrContext, 'estimatedBandwidth' | 'confidence' | 'bufferGoal' | 'playbackRate' | 'rebuffering' | 'now'>;
  /** Video consults ABR; audio only fails over. */
  useAbr: boolean;
}

export function superviseTransfer(progress: InFlightProgress, bufferLevel: number, deps: TransferSupervisionDeps): TransferAction | null {
  const pathway = progress.pathway;
  const safe = bufferLevel >= SAFE_BUFFER_SEGMENTS * progress.segmentDuration;
  let cacheFailure: TransferVerdict | null = null;
  if (deps.thresholds && pathway && deps.pathways.hasAlternative(progress.track.baseUrls, pathway)) {
    // With buffer to spare, let the cache verdict form before ABR judges the rate: a rate ABR would
    // abandon on may be the cache's fault, and then the answer is another cache, not a lower track.
    if (safe && !rateObservable({ elapsedMs: progress.elapsedMs, ttfbMs: progress.ttfbMs, segmentDurationS: progress.segmentDuration }, deps.thresholds)) {
      const early = judgeTransfer(observation(progress, bufferLevel, deps), deps.thresholds);
      return early.verdict === 'cache-failure' ? { kind: 'failover', reason: early.reason } : null;
    }
    const verdict = judgeTransfer(observation(progress, bufferLevel, deps), deps.thresholds);
    if (verdict.verdict === 'cache-failure' && !(verdict.reason === 'too-slow' && deps.pathways.slowVerdictsSuspended())) cacheFailure = verdict;
  }
  // With buffer to spare, a cache failure is not a reason to lower quality: the rate ABR would judge
  // is the broken cache's. Move the same segment to the next pathway and let ABR see that one.
  if (cacheFailure?.verdict === 'cache-failure' && safe) {
    return { kind: 'failover', reason: cacheFailure.reason };
  }
  const abandon = deps.useAbr
    ? deps.abr.checkAbandon({
        ...deps.abrContext,
        tracks: [...deps.candidates],
        current: progress.track,
        bufferLevel,
        segmentDuration: progress.segmentDuration,
        startingUp: false,
        inFlight: progress,
      })
    : null;
  const lower = abandon && abandon.track.id !== progress.track.id ? abandon.track : null;
  if (cacheFailure?.verdict === 'cache-failure') {
    if (!lower) return { kind: 'failover', reason: cacheFailure.reason };
    // Low buffer and ABR wants a lower track: abandon to it, and report the cache so the lower
    // rendition comes from the next pathway (aborting reports nothing by itself).
    if (pathway) deps.pathways.reportFailure(pathway, cacheFailure.reason);
  }
  return lower ? { kind: 'abandon', track: lower } : null;
}

function observation(progress: InFlightProgress, bufferLevel: number, deps: TransferSupervisionDeps): TransferObservation {
  return {
    elapsedMs: progress.elapsedMs,
    ttfbMs: progress.ttfbMs,
    idleMs: progress.idleMs,
    bytesLoaded: progress.bytesLoaded,
    bytesExpected: progress.bytesTotal ?? (progress.track.bandwidth * progress.segmentDuration) / 8,
    segmentDurationS: progress.segmentDuration,
    bufferAheadS: bufferLevel,
    lowestBandwidth: deps.lowestBandwidth,
    estimateBps: deps.abrContext.estimatedBandwidth,
  };
}

/** Buffer (in segment durations) above which a cache failure is answered by failover alone. */
const SAFE_BUFFER_SEGMENTS = 2;
