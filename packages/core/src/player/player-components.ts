/**
 * What a {@link Player} is composed of. Every decision the player delegates
 * — which bitrate, how much bandwidth there is, which CDN, what to do when a
 * load fails, how much to buffer, which manifest formats exist — is a
 * component with one `Default*` implementation, replaceable at construction
 * (`new Player(deps, config, components)` / `createPlayer(video, config,
 * components)`), in the spirit of Media3's `ExoPlayer.Builder`. The defaults'
 * tuning is reachable through typed config (`abr.hybrid`, `abr.estimator`,
 * `abr.*` hysteresis, `failover.*`, `streaming.*`).
 *
 * A slot takes an instance or a factory; a factory gets the player's clock
 * and a live view of its config, and is called once per Player (so the
 * default components are never shared between players).
 *
 * Features are modules registered at composition: the manifest parsers, the
 * segment stages, DRM, content steering, subtitles and telemetry. This file
 * fills in only the policy defaults (small, always needed); a
 * `ModularPlayer` has exactly the modules it is given, so a bundle that
 * registers only DASH, or no DRM, leaves the rest out. `Player` registers
 * all of them ({@link defaultPlayerComponents}, default-components.ts).
 */
import { AbrController } from '../abr/abr-controller.js';
import type { AbrStrategy } from '../abr/abr-strategy.js';
import { AudioShareStrategy } from '../abr/audio-share-strategy.js';
import { createDefaultAbrStrategy } from '../abr/default-abr-strategy.js';
import { DefaultStartBandwidthPrior, type StartBandwidthPrior } from '../abr/start-bandwidth-prior.js';
import type { ManifestParser } from '../manifest/manifest-parser.js';
import { DefaultBufferPolicy, type BufferPolicy } from '../media/buffer-policy.js';
import type { SegmentStage } from '../media/segment-pipeline.js';
import { EwmaThroughputEstimator } from '../net/ewma-throughput-estimator.js';
import type { RequestEngine } from '../net/request-engine.js';
import type { ThroughputEstimator } from '../net/throughput-estimator.js';
import type { Clock } from '../platform/clock.js';
import { DefaultPathwaySelector } from '../steering/default-pathway-selector.js';
import { DefaultLoadErrorPolicy, type LoadErrorPolicy } from '../steering/load-error-policy.js';
import type { SteerablePathwaySelector } from '../steering/pathway-manager.js';
import type { TextStreamerOptions } from '../text/text-streamer.js';
import type { DrmConfig } from '../drm/drm-config.js';
import type { DrmEvents } from '../drm/drm-manager.js';
import type { Presentation, Track } from '../manifest/model.js';
import type { EmeSurface } from '../platform/eme-surface.js';
import type { NetworkClient } from '../platform/network-client.js';
import type { SteeringModule } from '../steering/steering-module.js';
import type { Listener } from '../util/event-emitter.js';
import type { PlayerConfig, TelemetryConfig } from './config.js';
import type { TelemetrySource } from './telemetry-binding.js';

/** What a component factory gets. */
export interface ComponentEnv {
  clock: Clock;
  /** The player's current configuration (after every `configure()`). */
  config: () => Readonly<PlayerConfig>;
}

/** A component instance, or a factory called once per Player. */
export type Component<T> = T | ((env: ComponentEnv) => T);

/** A running subtitle stream (see {@link TextModule}). */
export interface TextSession {
  seek(time: number): void;
  stop(): void;
}

/** Optional subtitles: feeds a text track to the platform's renderer. */
export interface TextModule {
  start(options: TextStreamerOptions): TextSession;
}

/** A running telemetry session (see {@link TelemetryModule}). */
export interface TelemetrySession {
  readonly sessionId: string;
  /** Flushes what is queued and stops. */
  stop(): void;
}

/** Optional QoE beacons, started at each load. */
export interface TelemetryModule {
  /** Null when this load reports nothing (e.g. no endpoint configured). */
  start(env: { engine: RequestEngine; clock: Clock; config: TelemetryConfig; player: TelemetrySource }): TelemetrySession | null;
}

/** One load's DRM (see {@link DrmModule}); the full player's is the `DrmManager`. */
export interface DrmSession {
  /** Selects a key system, attaches MediaKeys and opens sessions for `presentation`'s init data. */
  attach(presentation: Presentation): Promise<void>;
  /** Whether key statuses forbid playing `track` (ABR moves off it). */
  isTrackRestricted(track: Pick<Track, 'contentProtection'>): boolean;
  /** `keystatuses` (restrict tracks), `error` (fatal ones stop playback), `license`. Returns the unsubscribe. */
  on<K extends keyof DrmEvents>(type: K, listener: Listener<DrmEvents[K]>): () => void;
  /** Closes the sessions and detaches MediaKeys. */
  destroy(): Promise<void>;
}

/**
 * Optional EME DRM (key systems, licences, certificates), started for each
 * protected load. A player composed without one refuses protected content
 * with `DRM_NOT_REGISTERED`.
 */
export interface DrmModule {
  /** Starts DRM for one protected load; `requests` is the player's request engine (licences and certificates share its retries and filters). */
  start(env: { eme: EmeSurface; network: NetworkClient; clock: Clock; requests: RequestEngine; config: DrmConfig }): DrmSession;
}

/** The replaceable parts of a {@link Player}. */
export interface PlayerComponents {
  /** Video bitrate adaptation; default `createDefaultAbrStrategy()` (stochastic MPC on a learned throughput forecast; `RobustMpcStrategy` with `TUNED_ROBUST_MPC_CONFIG` was the previous default, `HybridAbrStrategy` the one before, tuned by `abr.hybrid`). Wrapped in the AbrController (caps, hysteresis). */
  abrStrategy: Component<AbrStrategy>;
  /** Audio track choice (synchronous answers only); default {@link AudioShareStrategy} (the highest rung within 10 % of the estimate; `HighestBandwidthStrategy` was the previous default). */
  audioAbrStrategy: Component<AbrStrategy>;
  /** Bandwidth estimate from transfers; default {@link EwmaThroughputEstimator} (`abr.estimator`). */
  throughputEstimator: Component<ThroughputEstimator>;
  /**
   * The throughput the first decisions plan with until a media segment is measured (the ABR context's
   * `initialEstimate`), from the manifest / init transfers, the platform's downlink hint and the last
   * session's persisted estimate; default {@link DefaultStartBandwidthPrior}.
   */
  startBandwidthPrior: Component<StartBandwidthPrior>;
  /** Which CDN pathway each request goes to; default {@link DefaultPathwaySelector} (`failover.penalty`). */
  pathwaySelector: Component<SteerablePathwaySelector>;
  /** Continue / switch location / switch track / skip; default {@link DefaultLoadErrorPolicy} (`failover.*`). */
  loadErrorPolicy: Component<LoadErrorPolicy>;
  /** Buffer goals; default {@link DefaultBufferPolicy} (`streaming.*`). */
  bufferPolicy: Component<BufferPolicy>;
  /** Manifest formats the player can load; `Player`: DASH and HLS. */
  manifestParsers: readonly ManifestParser[];
  /**
   * Transforms between download and append (decrypt, transmux...). See
   * `segment-pipeline.ts`. `Player`'s default: a decrypt stage without a CryptoPort
   * (keyed segments are refused with a typed error; the web binding and the
   * simulator compose it with their platform's AES), then the TS /
   * packed-audio transmux stage (its transmuxer is a lazily loaded chunk),
   * then the HLS fMP4 timeline stage (first tfdt → playlist time), then the
   * caption stage (CEA-608/708 SEI of the video → the load's caption hub).
   * None registered: download → append.
   */
  segmentStages: readonly SegmentStage[];
  /** Subtitles; `Player`: WebVTT / wvtt / TTML via `TextStreamer`. Undefined: no subtitles. */
  textModule?: TextModule;
  /** QoE beacons; `Player`: `TelemetryReporter` when `telemetry.endpoint` is set. Undefined: none. */
  telemetry?: TelemetryModule;
  /** EME DRM; `Player`: `createDrmModule()`. Undefined: protected content fails with `DRM_NOT_REGISTERED`. */
  drm?: DrmModule;
  /** Content steering; `Player`: `createSteeringModule()`. Undefined: the manifest's pathway order stands. */
  steering?: SteeringModule;
}

/** What a `ModularPlayer` must be given: at least one manifest format; every other slot is optional. */
export type ModularPlayerComponents = Partial<PlayerComponents> & Pick<PlayerComponents, 'manifestParsers'>;

/** The policy slots' defaults (the feature modules have none here: see default-components.ts). */
export function defaultPolicyComponents(): Omit<PlayerComponents, 'manifestParsers' | 'segmentStages'> {
  return {
    // Stochastic MPC on the shipped throughput forecast (bench:abr, bench/abr/README.md): 0.812 / 0.924 of the offline
    // optimum on the whole pensieve / oboe train splits (CBR) against the hybrid's 0.483 / 0.823, with fewer switches.
    abrStrategy: () => createDefaultAbrStrategy(),
    audioAbrStrategy: () => new AudioShareStrategy(),
    throughputEstimator: ({ config }) => new EwmaThroughputEstimator(config().abr.estimator),
    startBandwidthPrior: () => new DefaultStartBandwidthPrior(),
    pathwaySelector: ({ clock, config }) => new DefaultPathwaySelector({ clock, ...config().failover.penalty }),
    loadErrorPolicy: ({ config }) =>
      new DefaultLoadErrorPolicy(() => {
        const c = config();
        return { thresholds: c.failover.detectSlowTransfers ? c.failover.thresholds : null, maxCorruptSegments: c.streaming.maxCorruptSegments };
      }),
    bufferPolicy: ({ config }) => new DefaultBufferPolicy(() => config().streaming),
  };
}

/** The components of one Player, instantiated. */
export interface ComposedPlayer {
  /** The video ABR controller around `abrStrategy`. */
  abr: AbrController;
  audioStrategy: AbrStrategy;
  estimator: ThroughputEstimator;
  startPrior: StartBandwidthPrior;
  pathwaySelector: SteerablePathwaySelector;
  loadErrorPolicy: LoadErrorPolicy;
  bufferPolicy: BufferPolicy;
  manifestParsers: readonly ManifestParser[];
  segmentStages: readonly SegmentStage[];
  textModule: TextModule | null;
  telemetry: TelemetryModule | null;
  drm: DrmModule | null;
  steering: SteeringModule | null;
}

function instantiate<T>(component: Component<T>, env: ComponentEnv): T {
  return typeof component === 'function' ? (component as (env: ComponentEnv) => T)(env) : component;
}

/** Fills the policy slots `overrides` leaves out with their defaults and instantiates every factory; modules left out stay absent. */
export function composePlayer(env: ComponentEnv, overrides: Partial<PlayerComponents> = {}): ComposedPlayer {
  const c: PlayerComponents = { manifestParsers: [], segmentStages: [], ...defaultPolicyComponents(), ...overrides };
  const abr = env.config().abr;
  return {
    abr: new AbrController(instantiate(c.abrStrategy, env), {
      enabled: abr.enabled,
      minSwitchIntervalMs: abr.minSwitchIntervalMs,
      upSwitchHoldAfterDownMs: abr.upSwitchHoldAfterDownMs,
      emergencyBufferS: abr.emergencyBufferS,
      emergencySafetyFactor: abr.emergencySafetyFactor,
    }),
    audioStrategy: instantiate(c.audioAbrStrategy, env),
    estimator: instantiate(c.throughputEstimator, env),
    startPrior: instantiate(c.startBandwidthPrior, env),
    pathwaySelector: instantiate(c.pathwaySelector, env),
    loadErrorPolicy: instantiate(c.loadErrorPolicy, env),
    bufferPolicy: instantiate(c.bufferPolicy, env),
    manifestParsers: c.manifestParsers,
    segmentStages: c.segmentStages,
    textModule: c.textModule ?? null,
    telemetry: c.telemetry ?? null,
    drm: c.drm ?? null,
    steering: c.steering ?? null,
  };
}
