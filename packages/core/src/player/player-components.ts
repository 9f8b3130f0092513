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
 */
import { AbrController } from '../abr/abr-controller.js';
import type { AbrStrategy } from '../abr/abr-strategy.js';
import { AudioShareStrategy } from '../abr/audio-share-strategy.js';
import { createDefaultAbrStrategy } from '../abr/default-abr-strategy.js';
import type { ManifestParser } from '../manifest/manifest-parser.js';
import { DefaultBufferPolicy, type BufferPolicy } from '../media/buffer-policy.js';
import type { SegmentStage } from '../media/segment-pipeline.js';
import { createDecryptStage } from '../media/stages/decrypt-stage.js';
import { createTransmuxStage } from '../media/stages/transmux-stage.js';
import { createFmp4TimelineStage } from '../media/stages/fmp4-timeline-stage.js';
import { EwmaThroughputEstimator } from '../net/ewma-throughput-estimator.js';
import type { RequestEngine } from '../net/request-engine.js';
import type { ThroughputEstimator } from '../net/throughput-estimator.js';
import type { Clock } from '../platform/clock.js';
import { TelemetryReporter } from '../qoe/telemetry-reporter.js';
import { DefaultPathwaySelector } from '../steering/default-pathway-selector.js';
import { DefaultLoadErrorPolicy, type LoadErrorPolicy } from '../steering/load-error-policy.js';
import type { SteerablePathwaySelector } from '../steering/pathway-manager.js';
import { TextStreamer, type TextStreamerOptions } from '../text/text-streamer.js';
import type { PlayerConfig, TelemetryConfig } from './config.js';
import { defaultManifestFormats } from './manifest-formats.js';
import { bindTelemetry, type TelemetrySource } from './telemetry-binding.js';

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

/** The replaceable parts of a {@link Player}. */
export interface PlayerComponents {
  /** Video bitrate adaptation; default `createDefaultAbrStrategy()` (robustMPC tuned for the Player; `HybridAbrStrategy` is the previous default, tuned by `abr.hybrid`). Wrapped in the AbrController (caps, hysteresis). */
  abrStrategy: Component<AbrStrategy>;
  /** Audio track choice (synchronous answers only); default {@link AudioShareStrategy} (the highest rung within 10 % of the estimate; `HighestBandwidthStrategy` was the previous default). */
  audioAbrStrategy: Component<AbrStrategy>;
  /** Bandwidth estimate from transfers; default {@link EwmaThroughputEstimator} (`abr.estimator`). */
  throughputEstimator: Component<ThroughputEstimator>;
  /** Which CDN pathway each request goes to; default {@link DefaultPathwaySelector} (`failover.penalty`). */
  pathwaySelector: Component<SteerablePathwaySelector>;
  /** Continue / switch location / switch track / skip; default {@link DefaultLoadErrorPolicy} (`failover.*`). */
  loadErrorPolicy: Component<LoadErrorPolicy>;
  /** Buffer goals; default {@link DefaultBufferPolicy} (`streaming.*`). */
  bufferPolicy: Component<BufferPolicy>;
  /** Manifest formats the player can load; default DASH and HLS. */
  manifestParsers: readonly ManifestParser[];
  /**
   * Transforms between download and append (decrypt, transmux...). See
   * `segment-pipeline.ts`. Default: a decrypt stage without a CryptoPort
   * (keyed segments are refused with a typed error; the web binding and the
   * simulator compose it with their platform's AES), then the TS /
   * packed-audio transmux stage (its transmuxer is a lazily loaded chunk),
   * then the HLS fMP4 timeline stage (first tfdt → playlist time).
   */
  segmentStages: readonly SegmentStage[];
  /** Subtitles; default WebVTT / wvtt via {@link TextStreamer}. Undefined: no subtitles. */
  textModule?: TextModule;
  /** QoE beacons; default {@link TelemetryReporter} when `telemetry.endpoint` is set. Undefined: none. */
  telemetry?: TelemetryModule;
}

/** The subtitle module of {@link defaultPlayerComponents}. */
export const defaultTextModule: TextModule = {
  start(options) {
    const streamer = new TextStreamer(options);
    streamer.start();
    return streamer;
  },
};

/** The telemetry module of {@link defaultPlayerComponents}: beacons to `telemetry.endpoint` when set. */
export const defaultTelemetryModule: TelemetryModule = {
  start({ engine, clock, config, player }) {
    if (!config.endpoint) return null;
    const reporter = new TelemetryReporter({ engine, clock, endpoint: config.endpoint, batchMs: config.batchMs, ...(config.headers ? { headers: config.headers } : {}), ...(config.sessionId ? { sessionId: config.sessionId } : {}) });
    const unbind = bindTelemetry(player, reporter, clock, config.heartbeatMs);
    return {
      sessionId: reporter.sessionId,
      stop: () => {
        unbind();
        void reporter.stop();
      },
    };
  },
};

/** The default composition: today's player. */
export function defaultPlayerComponents(): PlayerComponents {
  return {
    // robustMPC tuned for the Player (bench:abr, bench/abr/README.md): 0.79 / 0.91 of the offline optimum on the
    // pensieve / oboe training subsets against the hybrid's 0.54 / 0.81, with fewer switches.
    abrStrategy: () => createDefaultAbrStrategy(),
    audioAbrStrategy: () => new AudioShareStrategy(),
    throughputEstimator: ({ config }) => new EwmaThroughputEstimator(config().abr.estimator),
    pathwaySelector: ({ clock, config }) => new DefaultPathwaySelector({ clock, ...config().failover.penalty }),
    loadErrorPolicy: ({ config }) =>
      new DefaultLoadErrorPolicy(() => {
        const c = config();
        return { thresholds: c.failover.detectSlowTransfers ? c.failover.thresholds : null, maxCorruptSegments: c.streaming.maxCorruptSegments };
      }),
    bufferPolicy: ({ config }) => new DefaultBufferPolicy(() => config().streaming),
    manifestParsers: defaultManifestFormats(),
    segmentStages: [createDecryptStage(), createTransmuxStage(), createFmp4TimelineStage()],
    textModule: defaultTextModule,
    telemetry: defaultTelemetryModule,
  };
}

/** The components of one Player, instantiated. */
export interface ComposedPlayer {
  /** The video ABR controller around `abrStrategy`. */
  abr: AbrController;
  audioStrategy: AbrStrategy;
  estimator: ThroughputEstimator;
  pathwaySelector: SteerablePathwaySelector;
  loadErrorPolicy: LoadErrorPolicy;
  bufferPolicy: BufferPolicy;
  manifestParsers: readonly ManifestParser[];
  segmentStages: readonly SegmentStage[];
  textModule: TextModule | null;
  telemetry: TelemetryModule | null;
}

function instantiate<T>(component: Component<T>, env: ComponentEnv): T {
  return typeof component === 'function' ? (component as (env: ComponentEnv) => T)(env) : component;
}

/** Fills the slots `overrides` leaves out with the defaults and instantiates every factory. */
export function composePlayer(env: ComponentEnv, overrides: Partial<PlayerComponents> = {}): ComposedPlayer {
  const c: PlayerComponents = { ...defaultPlayerComponents(), ...overrides };
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
    pathwaySelector: instantiate(c.pathwaySelector, env),
    loadErrorPolicy: instantiate(c.loadErrorPolicy, env),
    bufferPolicy: instantiate(c.bufferPolicy, env),
    manifestParsers: c.manifestParsers,
    segmentStages: c.segmentStages,
    textModule: c.textModule ?? null,
    telemetry: c.telemetry ?? null,
  };
}
