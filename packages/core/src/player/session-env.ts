import type { EdgeplayError } from '../errors/edgeplay-error.js';
import type { StallDetector } from '../media/stall-detector.js';
import type { LastSessionBandwidth } from '../abr/last-session-bandwidth.js';
import type { TransferHistory } from '../abr/transfer-history.js';
import type { RequestEngine } from '../net/request-engine.js';
import type { QoeCollector } from '../qoe/qoe-collector.js';
import type { PathwayManager } from '../steering/pathway-manager.js';
import type { EventEmitter } from '../util/event-emitter.js';
import type { PlayerConfig } from './config.js';
import type { PlayerEvents } from './events.js';
import type { ManifestLoader } from './manifest-loader.js';
import type { ComposedPlayer } from './player-components.js';
import type { PlayerDeps } from './player-deps.js';
import type { PlayerStateMachine } from './player-state.js';
import type { TelemetrySource } from './telemetry-binding.js';

/** What a {@link PlaybackSession} shares with its player (which outlives sessions). */
export interface SessionEnv {
  deps: PlayerDeps;
  config: () => PlayerConfig;
  engine: RequestEngine;
  pathways: PathwayManager;
  loader: ManifestLoader;
  parts: ComposedPlayer;
  /** Recent segment transfers and the first-decision prior, for the ABR context. */
  transfers: TransferHistory;
  /** The estimate persisted across sessions (null without `deps.storage`). */
  lastBandwidth: LastSessionBandwidth | null;
  qoe: QoeCollector;
  state: PlayerStateMachine;
  stall: () => StallDetector;
  events: EventEmitter<PlayerEvents>;
  /** The player as telemetry sees it. */
  source: TelemetrySource;
  /** Stops playback with `error` (state `error`, the pending load rejects). */
  fail(error: EdgeplayError): void;
  /** The player's seek (clamping to the live window, schedulers, text): live-window recovery uses it. */
  seek(time: number): void;
}
