/**
 * @packageDocumentation
 * Edgeplay core: the DOM-free streaming engine. Everything platform-specific
 * comes in through the small interfaces in `platform/` (clock, network, media
 * sink, EME), so the same engine runs in browsers, on TVs, and on a virtual
 * clock in the simulator.
 *
 * This entry point is the curated public API (checked in as
 * `api/core.api.md`): the Player and its configuration, events and errors;
 * the platform ports a binding implements; the policy interfaces with their
 * default implementations; and the parsers' entry points. Internals
 * (schedulers, buffer and manifest loading, the request engine class...) stay
 * importable by relative path inside the repository only, so they can change
 * without a breaking release.
 */

// The player, its configuration, events and state.
export { Player, ModularPlayer, type PlayerDeps, type LoadOptions } from './player/player.js';
export type { DroppedTrack, TrackDropReason } from './player/track-probe.js';
export {
  defaultPlayerConfig,
  type DeepPartial,
  type PlayerConfig,
  type StreamingConfig,
  type AbrConfig,
  type NetConfig,
  type FailoverConfig,
  type TelemetryConfig,
  type PreferenceConfig,
} from './player/config.js';
export type { PlayerEvents, PlayerStats, AdaptationReason } from './player/events.js';
export type { PlayerState } from './player/player-state.js';
export type { Listener } from './util/event-emitter.js';
export type { NetworkFilters, RequestFilter, ResponseFilter } from './net/network-filters.js';

// Errors: one class per category, each with its code union.
export { EdgeplayError, isEdgeplayError, type ErrorCategory, type ErrorSeverity, type EdgeplayErrorOptions } from './errors/edgeplay-error.js';
export { NetworkError, type NetworkErrorDetails } from './errors/network-error.js';
export { ManifestError, type ManifestErrorCode } from './errors/manifest-error.js';
export { MediaError, type MediaErrorCode } from './errors/media-error.js';
export { PlayerError, type PlayerErrorCode } from './errors/player-error.js';
export { DrmError, type DrmErrorCode } from './drm/drm-error.js';

// Platform ports: what a binding (web, TV, React Native, simulator) implements.
export { systemClock, type Clock, type TimerHandle } from './platform/clock.js';
export type { NetworkClient, NetworkRequest, NetworkResponse, PendingRequest, TransferObserver, TransferTiming, RequestKind, NetworkErrorCode } from './platform/network-client.js';
export type { MediaSink, SinkBuffer, SinkBufferType, SinkEvent, BufferedRanges } from './platform/media-sink.js';
export type { EmeSurface, EmeMediaKeys, EmeSession, EmeSessionEvents, KeyStatus, KeySystemConfiguration } from './platform/eme-surface.js';
export type { TextCue, TextRenderer, TextCueRegion, TextCueStyle, TextCueSpan, TextCueImage } from './platform/text-renderer.js';
export type { KeyValueStorage } from './platform/key-value-storage.js';
export type { NetworkHints } from './platform/network-hints.js';

// The presentation model the parsers produce and the Player reports.
export type {
  Presentation,
  Period,
  SwitchingSet,
  Track,
  ContentType,
  ManifestFormat,
  BaseUrl,
  ByteRange,
  ContentProtection,
  Descriptor,
  IndexSource,
  InitSegmentReference,
  SegmentReference,
  PartialSegmentReference,
  SegmentKey,
  TimelineEvent,
  UtcTimingSource,
  ContentSteering,
  LowLatencyInfo,
} from './manifest/model.js';
export type { SegmentIndex, ListSegmentIndex } from './manifest/segment-index.js';

// Parsers' entry points.
export { parseDashManifest, type DashParseOptions } from './dash/mpd-parser.js';
export { parseHlsManifest, type HlsParseOptions } from './hls/multivariant-parser.js';
export { parseHlsMediaPlaylist, type HlsMediaPlaylist, type HlsMediaPlaylistOptions } from './hls/media-playlist-parser.js';
export { parseWebVtt, type WebVttOptions } from './text/webvtt-parser.js';
export { parseTtml, type TtmlParseOptions } from './text/ttml/ttml-parser.js';
export { parsePsshBoxes, type PsshBox } from './drm/pssh.js';

// Policies (interfaces) and their defaults.
export type { AbrStrategy, AbrContext, AbrDecision } from './abr/abr-strategy.js';
export type { AbrControllerConfig } from './abr/abr-controller.js';
export { HybridAbrStrategy, type HybridAbrConfig } from './abr/hybrid-abr-strategy.js';
export { ThroughputAbrStrategy, type ThroughputAbrConfig } from './abr/throughput-abr-strategy.js';
export { BufferAbrStrategy, type BufferAbrConfig } from './abr/buffer-abr-strategy.js';
export type { ThroughputEstimator, TransferSample } from './net/throughput-estimator.js';
export { EwmaThroughputEstimator, type EwmaThroughputEstimatorConfig } from './net/ewma-throughput-estimator.js';
export type { PathwaySelector, PathwayFailureReason } from './steering/pathway-selector.js';
export { DefaultPathwaySelector, type PathwayPenaltyConfig, type PathwayStatus, type PathwayChange, type PathwaySelectorEvents } from './steering/default-pathway-selector.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './net/retry-policy.js';
export { DEFAULT_TRANSFER_THRESHOLDS, type TransferThresholds } from './steering/transfer-verdict.js';

// CMCD (CTA-5004) on the player's requests.
export { attachCmcd, type CmcdConfig, type CmcdSource } from './net/cmcd.js';
export type { RequestMedia } from './platform/network-client.js';

// DRM configuration and licence hooks.
export type { DrmConfig, KeySystemAdvancedConfig } from './drm/drm-config.js';
export type { DrmEvents } from './drm/drm-manager.js';
export type { LicenseRequest, LicenseResponse, LicenseRequestFilter, LicenseResponseFilter, LicenseRetryPolicy } from './drm/license-client.js';
export type { StreamSessionConfig } from './drm/stream-session.js';
export { CLEARKEY, WIDEVINE, PLAYREADY, FAIRPLAY } from './drm/key-systems.js';

// Composition: the components a Player is built from, each with one default (Media3-style).
export { defaultPlayerComponents } from './player/default-components.js';
export { defaultTextModule } from './player/text-module.js';
export { defaultTelemetryModule } from './player/telemetry-module.js';
export { createDrmModule } from './player/drm-module.js';
export { createSteeringModule, type SteeringModule, type SteeringSession } from './steering/steering-module.js';
export {
  defaultPolicyComponents,
  type PlayerComponents,
  type ModularPlayerComponents,
  type DrmModule,
  type DrmSession,
  type Component,
  type ComponentEnv,
  type TextModule,
  type TextSession,
  type TelemetryModule,
  type TelemetrySession,
} from './player/player-components.js';
export { defaultManifestFormats, detectFormat } from './player/manifest-formats.js';
export { dashFormat } from './dash/dash-format.js';
export { hlsFormat } from './hls/hls-format.js';
export type { ManifestParser, FormatContext, FormatSession, FormatRequest, FormatFetch } from './manifest/manifest-parser.js';
export { HighestBandwidthStrategy } from './abr/highest-bandwidth-strategy.js';
export { AudioShareStrategy, type AudioShareConfig } from './abr/audio-share-strategy.js';
export { createDefaultAbrStrategy, defaultThroughputForecast, DEFAULT_STOCHASTIC_MPC_CONFIG } from './abr/default-abr-strategy.js';
export { RobustMpcStrategy, TUNED_ROBUST_MPC_CONFIG, type RobustMpcConfig } from './abr/robust-mpc-strategy.js';
export { StochasticMpcStrategy, type StochasticMpcConfig } from './abr/stochastic-mpc-strategy.js';
export { decodeThroughputForecast, encodeThroughputForecast, type ThroughputForecast, type EncodedThroughputForecast } from './abr/throughput-forecast.js';
export type { LevelShiftRule } from './abr/throughput-history.js';
export { BolaStrategy, type BolaConfig } from './abr/bola-strategy.js';
export { LearnedAbrStrategy } from './abr/learned-abr-strategy.js';
export { AbandonRule, type AbandonRuleConfig } from './abr/abandon-rule.js';
export { DefaultStartBandwidthPrior, combineStartEvidence, DEFAULT_START_PRIOR_CONFIG, type StartBandwidthPrior, type StartEvidence, type StartTransfer, type StartPrior, type StartPriorConfig } from './abr/start-bandwidth-prior.js';
export { LastSessionBandwidth, LAST_SESSION_BANDWIDTH_KEY } from './abr/last-session-bandwidth.js';
// The ML hook: an app's model (sync, Promise or worker) behind a fixed feature vector, with fallback and decision logs.
export { createModelStrategy, type ModelStrategyOptions, type ModelOutput, type ModelFallbackReason, type ModelDecisionLog } from './abr/model-strategy.js';
export { abrFeatures, FEATURE_VERSION, FEATURE_LENGTH, GLOBAL_FEATURES, RUNG_FEATURES, MAX_RUNGS } from './abr/abr-features.js';
export type { SteerablePathwaySelector } from './steering/pathway-manager.js';
export { DefaultLoadErrorPolicy, type LoadErrorPolicy, type LoadErrorAction, type LoadErrorPolicySettings, type InFlightProgress, type TransferCheck, type SegmentFailure, type SegmentFailureAction } from './steering/load-error-policy.js';
export type { AlternativeProbeState } from './steering/stall-attribution.js';
export { DefaultBufferPolicy, type BufferPolicy, type BufferPolicySettings, type BufferGoalInput } from './media/buffer-policy.js';
export { runSegmentStages, type SegmentStage, type SegmentPayload, type StageContext } from './media/segment-pipeline.js';
export { createDecryptStage, loadSampleDecryption, type DecryptStageOptions } from './media/stages/decrypt-stage.js';
export type { SampleDecryption, SampleDecryptionModule } from './media/stages/sample-decryption.js';
export { createFmp4TimelineStage } from './media/stages/fmp4-timeline-stage.js';
export { createCaptionStage, loadCaptionExtractor, type CaptionExtractorModule, type CaptionStageOptions } from './media/stages/caption-stage.js';
export type { CaptionData, CaptionSink } from './text/caption-hub.js';
export type { CcTriple } from './text/cea/cea608-decoder.js';
export type { CaptionVideoTrack } from './text/fmp4-cc-data.js';
export type { VideoCodec } from './text/cea/sei-cc-extractor.js';
export type { InitTrackInfo } from './mp4/fragment.js';
export { createTransmuxStage, loadTransmuxModule, needsTransmux, type TransmuxModule, type TransmuxStageOptions } from './media/stages/transmux-stage.js';
export { inThreadTransmuxerPort, type AsyncTransmuxer, type TransmuxerPort, type TransmuxerSpec } from './media/stages/transmuxer-port.js';
export { mergeConfig, validateConfig } from './player/config.js';

// Building blocks for bindings without the MSE pipeline (React Native over a native player, offline downloads):
// the request engine (retries, failover, filters), content steering, stream sessions and QoE beacons.
export { RequestEngine, type RequestEngineOptions, type ResourceRequest, type EngineResponse, type EnginePendingRequest } from './net/request-engine.js';
export { SteeringClient, type SteeringClientOptions, type SteeringClientEvents } from './steering/steering-client.js';
export { StreamSession } from './drm/stream-session.js';
export { TelemetryReporter, type TelemetryReporterOptions, type TelemetryEvent, type TelemetryEventType } from './qoe/telemetry-reporter.js';
export { EventEmitter } from './util/event-emitter.js';

// Segment decryption: the port a binding implements (WebCrypto, node:crypto).
export type { CryptoPort } from './crypto/crypto-port.js';
export type { SampleCipher } from './crypto/sample-cipher.js';
export type { SegmentDecryptor } from './crypto/segment-decryptor.js';
export type { KeyCache, KeyCacheOptions, KeyFetcher } from './crypto/key-cache.js';

// Offline downloads.
export * from './offline/index.js';

// The one error-code table, and the error classes added with it.
export { ERROR_CODES, describeErrorCode, type ErrorCode } from './errors/codes.js';
export { TextError, type TextErrorCode } from './errors/text-error.js';
export { OfflineError, type OfflineErrorCode } from './errors/offline-error.js';

/** Version of `@edgeplay/core`. */
export const version = '0.1.0';
