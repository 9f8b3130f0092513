/**
 * `player.getStats()` as a pure function of what the player's collaborators
 * report: the estimator's figure, the buffer ahead, the track being played,
 * the QoE summary and the pathway statistics.
 */
import type { Track } from '../manifest/model.js';
import type { QoeSummary } from '../qoe/qoe-collector.js';
import type { PathwayStats } from '../steering/pathway-manager.js';
import type { PlayerStats } from './events.js';

/** The inputs of {@link playerStats}. */
export interface PlayerStatsInputs {
  estimatedBandwidth: number;
  bufferAhead: number;
  /** The video track played (or the audio track of an audio-only title); null before a load. */
  main: Track | null;
  qoe: QoeSummary;
  pathways: PathwayStats;
}

/** Assembles the figures `getStats()` returns (and the `stats` event carries). */
export function playerStats({ estimatedBandwidth, bufferAhead, main, qoe: q, pathways }: PlayerStatsInputs): PlayerStats {
  return {
    estimatedBandwidth,
    bufferAhead,
    currentBitrate: main?.bandwidth ?? NaN,
    resolution: main?.width !== undefined && main.height !== undefined ? { width: main.width, height: main.height } : null,
    droppedFrames: q.droppedFrames,
    decodedFrames: q.decodedFrames,
    stalls: q.stalls,
    stallTime: q.stallTime,
    startupTimeMs: q.startupTimeMs,
    firstFrameMs: q.firstFrameMs,
    switches: q.switches,
    pathwayId: pathways.current,
    cdnChanges: pathways.cdnChanges,
    pathwayFailures: Object.values(pathways.failures).reduce((a, b) => a + b, 0),
    averageBitrate: q.averageBitrate,
  };
}
