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
 * When both fire, the player abandons to ABR's track and reports the cache,
 * so the lower rendition is fetched from the next pathway; when only the
 * cache is at fault, the same segment is retried on the next pathway at
 * once (quality is kept: the network is fine, the cache is not); with no
 * healthy alternative, only ABR acts.
 */
import type { AbrController } from '../abr/abr-controller.js';
import type { AbrContext } from '../abr/abr-strategy.js';
import type { Track } from '../manifest/model.js';
import type { InFlightProgress, TransferAction } from '../media/stream-scheduler.js';
import type { PathwayManager } from '../steering/pathway-manager.js';
import { judgeTransfer, type TransferThresholds } from '../steering/transfer-verdict.js';

export interface TransferSupervisionDeps {
  abr: AbrController;
  pathways: PathwayManager;
  /** Null when slow-transfer detection is off. */
  thresholds: TransferThresholds | null;
  /** The ladder the track belongs to. */
  candidates: readonly Track[];
  abrContext: Pick<AbrContext, 'estimatedBandwidth' | 'confidence' | 'bufferGoal' | 'playbackRate' | 'rebuffering' | 'now'>;
  /** Video consults ABR; audio only fails over. */
  useAbr: boolean;
}

export function superviseTransfer(progress: InFlightProgress, bufferLevel: number, deps: TransferSupervisionDeps): TransferAction | null {
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

  const pathway = progress.pathway;
  if (deps.thresholds && pathway && deps.pathways.hasAlternative(progress.track.baseUrls, pathway)) {
    const lowestBandwidth = deps.candidates.reduce((m, t) => Math.min(m, t.bandwidth), Infinity);
    const verdict = judgeTransfer(
      {
        elapsedMs: progress.elapsedMs,
        ttfbMs: progress.ttfbMs,
        idleMs: progress.idleMs,
        bytesLoaded: progress.bytesLoaded,
        bytesExpected: progress.bytesTotal ?? (progress.track.bandwidth * progress.segmentDuration) / 8,
        segmentDurationS: progress.segmentDuration,
        bufferAheadS: bufferLevel,
        lowestBandwidth: Number.isFinite(lowestBandwidth) ? lowestBandwidth : 0,
        estimateBps: deps.abrContext.estimatedBandwidth,
      },
      deps.thresholds,
    );
    if (verdict.verdict === 'cache-failure' && !(verdict.reason === 'too-slow' && deps.pathways.slowVerdictsSuspended())) {
      if (!lower) return { kind: 'failover', reason: verdict.reason };
      // Abandoning aborts the request, which reports nothing against the cache: report it here.
      deps.pathways.reportFailure(pathway, verdict.reason);
    }
  }
  return lower ? { kind: 'abandon', track: lower } : null;
}
