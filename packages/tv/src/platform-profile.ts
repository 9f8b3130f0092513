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
  mimeCodecsPrefix: string;
  /** What to answer instead of the platform's own `isTypeSupported`. */
  supported: boolean;
  /** Why (a device report, an issue link, a measurement). */
  why: string;
}

/** Per-platform behaviour that differs from a desktop browser, each with the reason it exists. */
export interface PlatformQuirks {
  /**
   * Codec switches re-create the SourceBuffer instead of `changeType()`
   * (implementations that advertise it but drop frames or fail on it).
   */
  recreateSourceBufferOnCodecSwitch: boolean;
  /** `SourceBuffer.mode = 'sequence'` works. */
  supportsSequenceMode: boolean;
  /**
   * Seconds to add to a seek target: hardware pipelines that snap to the
   * previous keyframe land early (reported on webOS and Tizen: seeks "seconds early").
   */
  seekDelay: number;
  /** Holes smaller than this are padded/jumped (hardware decoders stall on tiny gaps). */
  gapPadding: number;
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
  };
}
