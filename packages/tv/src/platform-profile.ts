import type { DeepPartial, PlayerConfig } from '@edgeplay/core';
import type { StallRecoveryStep } from './stall-recovery.js';

/** Platforms with a profile of their own. */
export type PlatformId =
  | 'tizen'
  | 'webos'
  | 'vidaa'
  | 'vizio'
  | 'xbox'
  | 'playstation4'
  | 'playstation5'
  | 'chromecast'
  | 'firetv'
  | 'hbbtv'
  | 'webkit-stb'
  | 'chromium-tv'
  | 'desktop';

/** A known-wrong capability answer a platform gives, corrected by the profile. */
export interface CapabilityCorrection {
  /** `mime; codecs=…` prefix the correction applies to (e.g. `video/mp4; codecs="hev1`). */
  mimeCodecsPrefix?: string;
  /** Or: a codec of the `codecs` parameter starting with this (e.g. `opus`), whatever the container. */
  codec?: string;
  /** Only on OS/firmware major versions below this (the detected version; unknown versions are corrected). */
  belowMajorVersion?: number;
  /** What to answer instead of the platform's own `isTypeSupported`. */
  supported: boolean;
  /** Why (a device report, an issue link, a measurement). */
  why: string;
}

/** Per-platform behaviour that differs from a desktop browser, each with the reason it exists. */
export interface PlatformQuirks {
  /**
   * How a codec switch (e.g. AVC → HEVC within one switching set) happens.
   * `change-type`: `SourceBuffer.changeType()`. `same-codec-only`: the
   * platform's changeType is not trusted (advertised but drops frames or
   * fails, as integrators report on TV pipelines) and re-creating the
   * SourceBuffer is no way out either — Chromium-based MSE refuses
   * `addSourceBuffer` once initialised (measured: QuotaExceededError after
   * `removeSourceBuffer`) — so ABR keeps to the codec family it started with.
   */
  codecSwitch: 'change-type' | 'same-codec-only';
  /**
   * `SourceBuffer.mode = 'sequence'` works. Where it does not, the sink
   * refuses the byte streams MSE appends in sequence mode (raw AAC/MP3,
   * "generate timestamps"), so they are transmuxed to fMP4 with explicit
   * timestamps instead (the core transmuxes packed audio already).
   */
  supportsSequenceMode: boolean;
  /**
   * Seek landing correction: > 0 means a seek that lands more than half a
   * second off its target (hardware pipelines snapping to an earlier
   * keyframe land "seconds early", reported on Tizen and webOS) is re-issued
   * once, at most once every `seekDelay` seconds (slow pipelines would loop
   * otherwise; shaka-player waits 1 s on Linux Chromecasts). 0: no correction.
   */
  seekDelay: number;
  /** A gap jump lands this far inside the next buffered range (hardware decoders stall again at a range edge), s. */
  gapPadding: number;
  /**
   * How far the core nudges a decoder stuck with data ahead, s; 0 = never
   * (pipelines where a seek while stalled wedges the decoder: the profile's
   * verified ladder pauses/plays instead).
   */
  stallSkip: number;
  /** Key IDs in licence requests are byte-swapped (PlayReady GUID order). */
  byteSwappedKeyIds: boolean;
  /** Session type to ask for persistent licences (some consoles only accept one). */
  persistentSessionType: 'persistent-license' | null;
}

/** Byte budgets for buffered media, so the SourceBuffer never reaches the platform's quota. */
export interface MemoryBudget {
  /** Bytes of video+audio kept ahead of the playhead. */
  forwardBytes: number;
  /** Bytes kept behind the playhead. */
  backBytes: number;
  /** Why these numbers (the platform's observed SourceBuffer limit). */
  why: string;
}

/** How a platform is recognised. Any rule matching is enough. */
export interface PlatformMatch {
  /** User-agent patterns. */
  userAgent?: readonly RegExp[];
  /** Global objects only this runtime defines (`tizen`, `webOS`, `PalmSystem`, `oipfObjectFactory`…). */
  globals?: readonly string[];
  /** Extracts the OS/firmware version from the user agent. */
  version?: RegExp;
}

/**
 * A TV/console runtime profile: versioned data, not code. `detectPlatform`
 * picks one; `playerConfigForProfile` turns it into Player configuration;
 * apps may override any field at runtime (`withOverrides`).
 */
export interface PlatformProfile {
  id: PlatformId;
  /** Human name, for diagnostics. */
  name: string;
  /** Bumped whenever the data of this profile changes (reported in stats/telemetry). */
  revision: number;
  match: PlatformMatch;
  /** Key systems in order of preference, as EME names. */
  keySystems: readonly string[];
  /** Robustness to ask for per key system, when the platform needs it spelled out. */
  robustness?: Readonly<Record<string, { video?: string; audio?: string }>>;
  /** Largest decodable picture (null: ask the platform / screen). */
  maxResolution: { width: number; height: number } | null;
  /** HDR transfer functions the panel is known to handle. */
  hdr: readonly ('pq' | 'hlg')[];
  capabilityCorrections: readonly CapabilityCorrection[];
  quirks: PlatformQuirks;
  memory: MemoryBudget;
  /** Stall-recovery ladder, tried in order, each judged by the playhead really moving. */
  stallRecovery: readonly StallRecoveryStep[];
  /** Extra Player configuration for this platform. */
  config?: DeepPartial<PlayerConfig>;
}

/** Copy of `profile` with `overrides` applied field by field (nested objects merged one level). */
export function withOverrides(profile: PlatformProfile, overrides: Partial<PlatformProfile>): PlatformProfile {
  return {
    ...profile,
    ...overrides,
    quirks: { ...profile.quirks, ...overrides.quirks },
    memory: { ...profile.memory, ...overrides.memory },
    match: { ...profile.match, ...overrides.match },
  };
}
