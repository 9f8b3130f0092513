import { mergeConfig, type DeepPartial, type DrmConfig, type KeySystemAdvancedConfig, type PlayerConfig } from '@edgeplay/core';
import { bufferSecondsForBudget } from './memory-budget.js';
import type { PlatformProfile } from './platform-profile.js';
import { seekLandingCorrector } from './seek-landing.js';
import { typeSupportFor } from './type-support.js';

/**
 * The Player configuration a profile implies: key-system preference and
 * robustness, resolution cap, gap padding and stall skip, and the buffer goals its memory
 * budget allows at the ladder's peak bitrate and longest segment (when known), merged under the
 * app's own configuration (the app wins) — except the buffer goals: the app's
 * are the upper bound the budget may lower, never raise past the budget (a
 * larger app goal would walk the SourceBuffer into the platform's quota).
 */
export function playerConfigForProfile(profile: PlatformProfile, app: DeepPartial<PlayerConfig> = {}, peakBitsPerSecond?: number, segmentDuration?: number): DeepPartial<PlayerConfig> {
  const requested = { bufferGoal: app.streaming?.bufferGoal ?? 30, backBuffer: app.streaming?.backBuffer ?? 30 };
  const buffer = peakBitsPerSecond ? bufferSecondsForBudget(profile.memory, peakBitsPerSecond, requested, undefined, segmentDuration) : requested;
  const fromProfile: DeepPartial<PlayerConfig> = {
    streaming: {
      bufferGoal: buffer.bufferGoal,
      backBuffer: buffer.backBuffer,
      rebufferGoal: Math.min(2, buffer.bufferGoal),
      gapJumpThreshold: Math.max(0.5, profile.quirks.gapPadding),
      gapPadding: profile.quirks.gapPadding,
      stallSkip: profile.quirks.stallSkip,
    },
    abr: profile.maxResolution ? { maxResolution: profile.maxResolution } : {},
    // Spread: PlayerConfig.drm is being retyped as DrmConfig in core; this stays valid either way.
    drm: { ...drmConfigForProfile(profile) },
  };
  const merged = mergeConfig<DeepPartial<PlayerConfig>>(mergeConfig<DeepPartial<PlayerConfig>>(fromProfile, profile.config ?? {}), app);
  const rebufferGoal = Math.min(merged.streaming?.rebufferGoal ?? 2, buffer.bufferGoal);
  return { ...merged, streaming: { ...merged.streaming, bufferGoal: buffer.bufferGoal, backBuffer: buffer.backBuffer, rebufferGoal } };
}

/**
 * `isTypeSupported` with the profile's known-wrong answers corrected (see
 * {@link typeSupportFor}); `version` is the detected OS version.
 */
export function correctedTypeSupport(profile: PlatformProfile, platform: (mimeCodecs: string) => boolean, version: string | null = null): (mimeCodecs: string) => boolean {
  const correct = typeSupportFor(profile, version);
  return (mimeCodecs) => correct(mimeCodecs, platform(mimeCodecs));
}

/** The web sink's platform corrections for a profile (the shape of `@edgeplay/web`'s `MseSinkQuirks`). */
export interface SinkQuirksForProfile {
  isTypeSupported: (mimeCodecs: string, platformAnswer: boolean) => boolean;
  correctSeekLanding?: (requested: number, landed: number) => number | null;
}

/** What the MediaSource sink does differently on `profile`: corrected type answers, seek landing correction. */
export function sinkQuirksForProfile(profile: PlatformProfile, version: string | null, nowMs: () => number): SinkQuirksForProfile {
  const correctSeekLanding = seekLandingCorrector(profile.quirks.seekDelay, nowMs);
  return { isTypeSupported: typeSupportFor(profile, version), ...(correctSeekLanding ? { correctSeekLanding } : {}) };
}

/** Key-system order and per-system robustness for the profile, as the DRM manager's config. */
export function drmConfigForProfile(profile: PlatformProfile): DrmConfig {
  const advanced: Record<string, KeySystemAdvancedConfig> = {};
  for (const [keySystem, r] of Object.entries(profile.robustness ?? {})) {
    advanced[keySystem] = { ...(r.video ? { videoRobustness: [r.video] } : {}), ...(r.audio ? { audioRobustness: [r.audio] } : {}) };
  }
  return { preferredKeySystems: [...profile.keySystems], ...(Object.keys(advanced).length ? { advanced } : {}) };
}
