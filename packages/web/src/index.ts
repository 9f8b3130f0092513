/**
 * @packageDocumentation
 * Edgeplay for browsers: {@link createPlayer} binds the core engine to an
 * HTMLVideoElement, MediaSource/ManagedMediaSource, fetch and EME.
 *
 * Besides `createPlayer`, this entry exports the browser implementations of
 * the core's platform ports (to compose a `Player` by hand) and re-exports,
 * by name, the part of `@edgeplay/core` a page using the player needs: the
 * Player type, configuration, events, errors and the ABR/estimator/pathway
 * policies with their defaults. Everything else comes from `@edgeplay/core`.
 * The surface is checked in as `api/web.api.md`.
 */
export { createPlayer, type CreatePlayerOptions, type WebPlayer } from './create-player.js';
export { createWorkerTransmuxerPort, type WorkerLike, type WorkerTransmuxerPort, type WorkerTransmuxerPortOptions } from './worker-transmuxer-port.js';
export { FetchNetworkClient } from './fetch-network-client.js';
export { MseMediaSink, type MseSinkQuirks } from './mse-media-sink.js';
export { BrowserEmeSurface } from './browser-eme-surface.js';
export { IndexedDbOfflineStore } from './indexeddb-offline-store.js';
export { createOfflineStorage, type OfflineStorage, type OfflineStorageOptions } from './offline-storage.js';
export { VideoTextTrackRenderer } from './video-text-track-renderer.js';
export { LocalKeyValueStorage } from './local-key-value-storage.js';
export { NetworkInformationHints } from './network-information-hints.js';

export {
  Player,
  defaultPlayerConfig,
  EdgeplayError,
  isEdgeplayError,
  NetworkError,
  ManifestError,
  MediaError,
  PlayerError,
  DrmError,
  HybridAbrStrategy,
  ThroughputAbrStrategy,
  BufferAbrStrategy,
  BolaStrategy,
  RobustMpcStrategy,
  StochasticMpcStrategy,
  createDefaultAbrStrategy,
  AudioShareStrategy,
  EwmaThroughputEstimator,
  DefaultPathwaySelector,
  type PlayerDeps,
  type LoadOptions,
  type DeepPartial,
  type PlayerConfig,
  type StreamingConfig,
  type AbrConfig,
  type NetConfig,
  type FailoverConfig,
  type TelemetryConfig,
  type PreferenceConfig,
  type PlayerEvents,
  type PlayerStats,
  type PlayerState,
  type AdaptationReason,
  type NetworkFilters,
  type RequestFilter,
  type ResponseFilter,
  type NetworkRequest,
  type NetworkResponse,
  type ErrorSeverity,
  type ErrorCategory,
  type Presentation,
  type Track,
  type AbrStrategy,
  type AbrContext,
  type AbrDecision,
  type ThroughputEstimator,
  type PathwaySelector,
  type DrmConfig,
  type KeySystemAdvancedConfig,
  type LicenseRequest,
  type LicenseResponse,
  type LicenseRequestFilter,
  type LicenseResponseFilter,
  parseTtml,
  parseWebVtt,
  type TextCue,
  type TextRenderer,
  type PlayerComponents,
} from '@edgeplay/core';

export { OverlayTextRenderer } from './overlay-text-renderer.js';
export { layoutCue, runCss, type OverlayCueLayout, type OverlayRun } from './text-overlay-layout.js';

/** Version of `@edgeplay/web`. */
export const version = '0.1.0';
