import { PlayerError } from '../errors/player-error.js';
import type { HybridAbrConfig } from '../abr/hybrid-abr-strategy.js';
import type { EwmaThroughputEstimatorConfig } from '../net/ewma-throughput-estimator.js';
import type { DrmConfig } from '../drm/drm-config.js';
import type { RetryPolicy } from '../net/retry-policy.js';
import { DEFAULT_CMCD_CONFIG, type CmcdConfig } from '../net/cmcd.js';
import type { PathwayPenaltyConfig } from '../steering/default-pathway-selector.js';
import { DEFAULT_URI_SCHEMES } from '../manifest/resolve.js';
import { DEFAULT_TRANSFER_THRESHOLDS, type TransferThresholds } from '../steering/transfer-verdict.js';

/** Recursively optional, for partial configuration objects. Arrays, functions and byte arrays are taken whole. */
export type DeepPartial<T> = T extends readonly unknown[] | ((...args: never[]) => unknown) | ArrayBufferView ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Buffering and scheduling. Seconds unless named otherwise. */
export interface StreamingConfig {
  /** How far ahead of the playhead to buffer. */
  bufferGoal: number;
  /** Buffer needed to start or resume after a stall. */
  rebufferGoal: number;
  /** Media kept behind the playhead; older media is removed. */
  backBuffer: number;
  /** Live: distance from the live edge to start at; `null` = manifest suggestion or 3 segments. */
  liveDelay: number | null;
  /** Holes in the buffer up to this size are jumped over. */
  gapJumpThreshold: number;
  /**
   * How far past the start of the next buffered range a gap jump lands, s.
   * Hardware TV decoders stall again when landing right at a range edge
   * (platform profiles raise it; shaka-player calls it `gapPadding`).
   */
  gapPadding: number;
  /**
   * How far a decoder stuck with data ahead is nudged forward, s; 0 disables
   * the nudge (pipelines where a seek while stalled wedges the decoder: shaka
   * sets `stallSkip = 0` on Tizen, webOS and Chromecast; @edgeplay/tv runs its
   * own verified ladder there instead).
   */
  stallSkip: number;
  /** Playhead not moving for this long with data ahead counts as stuck. */
  stallThresholdMs: number;
  /** Lowest buffer goal quota recovery may shrink to. */
  minBufferGoal: number;
  /** Consecutive corrupt segments tolerated (each skipped) before the error is fatal. */
  maxCorruptSegments: number;
  /** Start playing once the first `rebufferGoal` is buffered; otherwise stop in `paused`. */
  autoplay: boolean;
  /**
   * Before the first frame: buffered media not growing for this long (ms)
   * fails the load with `START_STALLED` instead of buffering forever.
   */
  startTimeoutMs: number;
}

/** Adaptive bitrate. */
export interface AbrConfig {
  /** Adapt automatically; false keeps the track chosen with `selectTrack`. */
  enabled: boolean;
  /** Never pick video above this size; `null` = no cap. */
  maxResolution: { width: number; height: number } | null;
  /** Cap tracks to the rendered size × devicePixelRatio. */
  restrictToElementSize: boolean;
  /** Device pixels per CSS pixel for `restrictToElementSize`. */
  devicePixelRatio: number;
  /** Least time between two ordinary switches, ms (emergency and forced switches ignore it). */
  minSwitchIntervalMs: number;
  /** Controller hysteresis: no return to a track left by a down-switch for this long, ms (see AbrControllerConfig). */
  upSwitchHoldAfterDownMs: number;
  /** Controller: below this buffer (s) switch down at once, bypassing hysteresis. */
  emergencyBufferS: number;
  /** Controller: fraction of the estimate an emergency pick may use. */
  emergencySafetyFactor: number;
  /** Tuning of the default strategy ({@link HybridAbrConfig}); applies from the next Player. */
  hybrid: Partial<HybridAbrConfig>;
  /** Tuning of the default throughput estimator (half-lives, sample filters); applies from the next Player. */
  estimator: Partial<EwmaThroughputEstimatorConfig>;
}

/** Network engine. */
export interface NetConfig {
  retry: Partial<RetryPolicy>;
  timeouts: { totalMs: number; ttfbMs: number };
}

/** Multi-CDN failover and content steering. */
export interface FailoverConfig {
  /** Follow the presentation's content-steering server (DASH-IF CS / HLS EXT-X-CONTENT-STEERING). */
  steering: boolean;
  /** Penalty box of a failed pathway: first penalty, back-off factor, cap (applies from the next Player). */
  penalty: PathwayPenaltyConfig;
  /**
   * Judge segment downloads in flight (no first byte, stalled body, rate below
   * the lowest rendition, collapse that cannot finish in the buffer left) and
   * move to another pathway before the buffer runs out.
   */
  detectSlowTransfers: boolean;
  thresholds: TransferThresholds;
}

/** Optional QoE beacons. */
export interface TelemetryConfig {
  /** POST endpoint; telemetry is off when absent. */
  endpoint?: string;
  /** Extra headers of the beacons (e.g. the playback token) and the session id to report under. */
  headers?: Record<string, string>;
  sessionId?: string;
  batchMs: number;
  heartbeatMs: number;
}

/** Manifest intake. */
export interface ManifestConfig {
  /**
   * URI schemes BaseURLs, playlists and segments may use (lowercase, no colon).
   * Default `['http', 'https']`; add `'file'` only for packaged apps that play
   * local files. Key URIs keep their own list (data:, skd:). Applied with
   * `setAllowedUriSchemes()` from `manifest/resolve`.
   */
  allowedUriSchemes: string[];
}

/** Initial track preferences. */
export interface PreferenceConfig {
  audioLanguage?: string;
  textLanguage?: string;
}

/** Everything configurable on a {@link Player}. */
export interface PlayerConfig {
  /** Buffering and scheduling. */
  streaming: StreamingConfig;
  /** Adaptive bitrate. */
  abr: AbrConfig;
  /** Retries and timeouts of the request engine. */
  net: NetConfig;
  /** Multi-CDN failover and content steering. */
  failover: FailoverConfig;
  /** Key systems, licence servers and their filters, certificates (see {@link DrmConfig}). */
  drm: DrmConfig;
  /** Common Media Client Data on requests (CTA-5004), off by default (see {@link CmcdConfig}). */
  cmcd: CmcdConfig;
  /** QoE beacons. */
  telemetry: TelemetryConfig;
  /** Initial audio and text language. */
  preferences: PreferenceConfig;
  manifest: ManifestConfig;
}

/** Defaults, chosen like mainstream players (30 s ahead, 2 s to (re)start). */
export function defaultPlayerConfig(): PlayerConfig {
  return {
    streaming: {
      bufferGoal: 30,
      rebufferGoal: 2,
      backBuffer: 30,
      liveDelay: null,
      gapJumpThreshold: 0.5,
      gapPadding: 0.01,
      stallSkip: 0.1,
      stallThresholdMs: 1000,
      minBufferGoal: 6,
      maxCorruptSegments: 3,
      autoplay: true,
      // Longer than the request engine's outage ride-out (net.retry.outageToleranceMs, 60 s) plus its
      // last retry rounds (≤ 4 s × 1.5 apart, ~12 s measured in test/sim/failover.test.ts): when the
      // network is the cause, the engine's more specific error arrives first.
      startTimeoutMs: 90_000,
    },
    abr: {
      enabled: true,
      maxResolution: null,
      restrictToElementSize: false,
      devicePixelRatio: 1,
      minSwitchIntervalMs: 4000,
      upSwitchHoldAfterDownMs: 6000,
      emergencyBufferS: 3,
      emergencySafetyFactor: 0.5,
      hybrid: {},
      estimator: {},
    },
    // TTFB backstop for manifests, playlists and licenses; segment downloads are judged against their duration (failover.thresholds).
    net: { retry: {}, timeouts: { totalMs: 30_000, ttfbMs: 10_000 } },
    failover: {
      steering: true,
      penalty: { basePenaltyMs: 10_000, backoffFactor: 2, maxPenaltyMs: 5 * 60_000 },
      detectSlowTransfers: true,
      thresholds: { ...DEFAULT_TRANSFER_THRESHOLDS },
    },
    drm: {},
    cmcd: { ...DEFAULT_CMCD_CONFIG },
    telemetry: { batchMs: 10_000, heartbeatMs: 30_000 },
    preferences: {},
    manifest: { allowedUriSchemes: [...DEFAULT_URI_SCHEMES] },
  };
}

/** The numeric fields of a tuning section as `[field, value]` pairs (each must be >= 0); `except` may be NaN. */
function tuning(prefix: string, section: object, except: readonly string[] = []): [string, number][] {
  return Object.entries(section)
    .filter(([k, v]) => v !== undefined && !except.includes(k))
    .map(([k, v]) => [`${prefix}.${k}`, v as number]);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** Deep-merges `patch` into a copy of `base`. Arrays and non-plain objects replace; `undefined` leaves a value unchanged. */
export function mergeConfig<T>(base: T, patch: DeepPartial<T> | undefined): T {
  if (patch === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    out[k] = isPlainObject(out[k]) && isPlainObject(v) ? mergeConfig(out[k], v as DeepPartial<unknown>) : v;
  }
  return out as T;
}

/**
 * Rejects nonsensical values with an `INVALID_CONFIG` PlayerError naming the
 * field, instead of letting them produce a stuck or runaway engine later.
 */
export function validateConfig(config: PlayerConfig): PlayerConfig {
  const s = config.streaming;
  const positive: [string, number][] = [
    ['streaming.bufferGoal', s.bufferGoal],
    ['streaming.rebufferGoal', s.rebufferGoal],
    ['streaming.stallThresholdMs', s.stallThresholdMs],
    ['streaming.minBufferGoal', s.minBufferGoal],
    ['streaming.startTimeoutMs', s.startTimeoutMs],
    ['telemetry.batchMs', config.telemetry.batchMs],
  ];
  const nonNegative: [string, number][] = [
    ['streaming.backBuffer', s.backBuffer],
    ['streaming.gapJumpThreshold', s.gapJumpThreshold],
    ['streaming.gapPadding', s.gapPadding],
    ['streaming.stallSkip', s.stallSkip],
    ['streaming.maxCorruptSegments', s.maxCorruptSegments],
    ['abr.minSwitchIntervalMs', config.abr.minSwitchIntervalMs],
    ['abr.upSwitchHoldAfterDownMs', config.abr.upSwitchHoldAfterDownMs],
    ['abr.emergencyBufferS', config.abr.emergencyBufferS],
    ...tuning('abr.hybrid', config.abr.hybrid),
    ...tuning('abr.estimator', config.abr.estimator, ['defaultEstimate']),
    ['failover.penalty.basePenaltyMs', config.failover.penalty.basePenaltyMs],
    ['failover.penalty.maxPenaltyMs', config.failover.penalty.maxPenaltyMs],
    ['failover.thresholds.minDeadlineMs', config.failover.thresholds.minDeadlineMs],
  ];
  const fail = (field: string, value: unknown, why: string): never => {
    throw new PlayerError('INVALID_CONFIG', `config ${field} = ${String(value)}: ${why}`, { details: { field, value } });
  };
  for (const [f, v] of positive) if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) fail(f, v, 'must be a finite number > 0');
  for (const [f, v] of nonNegative) if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) fail(f, v, 'must be a finite number >= 0');
  if (s.rebufferGoal > s.bufferGoal) fail('streaming.rebufferGoal', s.rebufferGoal, `must not exceed bufferGoal (${s.bufferGoal})`);
  if (s.liveDelay !== null && !(s.liveDelay >= 0)) fail('streaming.liveDelay', s.liveDelay, 'must be null or >= 0');
  const t = config.failover.thresholds;
  for (const [f, v] of [['ttfbFactor', t.ttfbFactor], ['stallFactor', t.stallFactor], ['collapseRatio', t.collapseRatio], ['minObservationFactor', t.minObservationFactor], ['maxDeadlineMs', t.maxDeadlineMs]] as const) {
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) fail(`failover.thresholds.${f}`, v, 'must be a finite number > 0');
  }
  if (t.maxDeadlineMs < t.minDeadlineMs) fail('failover.thresholds.maxDeadlineMs', t.maxDeadlineMs, `must not be below minDeadlineMs (${t.minDeadlineMs})`);
  if (!(config.failover.penalty.backoffFactor >= 1)) fail('failover.penalty.backoffFactor', config.failover.penalty.backoffFactor, 'must be >= 1');
  if (config.cmcd.mode !== 'query' && config.cmcd.mode !== 'headers') fail('cmcd.mode', config.cmcd.mode, "must be 'query' or 'headers'");
  if (!(config.abr.devicePixelRatio > 0)) fail('abr.devicePixelRatio', config.abr.devicePixelRatio, 'must be > 0');
  if (!(config.abr.emergencySafetyFactor > 0)) fail('abr.emergencySafetyFactor', config.abr.emergencySafetyFactor, 'must be > 0');
  for (const k of ['fastHalfLife', 'slowHalfLife', 'latencyHalfLife'] as const) {
    const v = config.abr.estimator[k];
    if (v !== undefined && !(v > 0)) fail(`abr.estimator.${k}`, v, 'must be > 0');
  }
  const schemes = config.manifest?.allowedUriSchemes;
  if (schemes !== undefined && (!Array.isArray(schemes) || schemes.length === 0 || !schemes.every((x) => typeof x === 'string' && /^[a-z][a-z0-9+.-]*$/.test(x)))) {
    fail('manifest.allowedUriSchemes', schemes, 'must be a non-empty array of lowercase scheme names without ":"');
  }
  if (schemes?.includes('javascript')) fail('manifest.allowedUriSchemes', schemes, 'javascript: is never a media URI');
  return config;
}
