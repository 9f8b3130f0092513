import type { EdgeplayError } from '../errors/edgeplay-error.js';
import type { Presentation, Track } from '../manifest/model.js';
import type { PlayerState } from './player-state.js';

/** Snapshot of playback quality figures. */
export interface PlayerStats {
  /** Bits/s; NaN before the first estimate. */
  estimatedBandwidth: number;
  /** Seconds buffered ahead of the playhead (minimum over audio/video). */
  bufferAhead: number;
  /** Bandwidth of the current video (or audio-only) track, bits/s. */
  currentBitrate: number;
  resolution: { width: number; height: number } | null;
  droppedFrames: number;
  decodedFrames: number;
  stalls: number;
  /** Seconds spent stalled after startup. */
  stallTime: number;
  /** load() → first playing, ms; NaN until then. */
  startupTimeMs: number;
  /** load() → first video frame presented, ms (what a viewer waits); NaN until then or where the platform cannot tell. */
  firstFrameMs: number;
  switches: number;
  /** Pathway (CDN) that served the last segment. */
  pathwayId: string | null;
  /** Changes of the serving pathway (CDN switches) since load. */
  cdnChanges: number;
  /** Failures reported against pathways since load (HTTP errors, refused connections, stalls, slow transfers...). */
  pathwayFailures: number;
  /** Time-weighted average video bitrate over played time, bits/s. */
  averageBitrate: number;
}

/** Why a track changed. */
export type AdaptationReason = 'abr' | 'manual' | 'abandon' | 'initial' | 'emergency' | 'forced';

/** Typed event map of {@link Player}. */
export interface PlayerEvents {
  loaded: { presentation: Presentation };
  trackchanged: { type: 'video' | 'audio' | 'text'; track: Track | null };
  /** A video switch. `reason` is an {@link AdaptationReason}; `detail` the deciding component's own words. */
  adaptation: { from: Track | null; to: Track; reason: string; detail?: string };
  buffering: { buffering: boolean };
  error: EdgeplayError;
  stats: PlayerStats;
  statechange: { from: PlayerState; to: PlayerState };
  ended: Record<string, never>;
  /** The pathway (CDN) serving media changed; `reason` is `failure:<why>`, `steering`, `recovered` or `order`. */
  cdnchanged: { from: string | null; to: string; reason: string };
}
