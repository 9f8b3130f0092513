import { mergeConfig, type DeepPartial, type DrmConfig, type KeySystemAdvancedConfig, type PlayerConfig } from '@edgeplay/core';
import { bufferSecondsForBudget } from './memory-budget.js';
import type { PlatformProfile } from './platform-profile.js';

/**
 * The Player configuration a profile implies: key-system preference and
 * robustness, resolution cap, gap padding, and the buffer goals its memory
 * budget allows at the ladder's peak bitrate (when known), merged under the
 * app's own configuration (the app wins).
 */
export function playerConfigForProfile(profile: PlatformProfile, app: DeepPartial<PlayerConfig> = {}, peakBitsPerSecond?: number): DeepPartial<PlayerConfig> {
  const requested = { bufferGoal: app.streaming?.bufferGoal ?? 30, backBuffer: app.streaming?.backBuffer ?? 30 };
  const buffer = peakBitsPerSecond ? bufferSecondsForBudget(profile.memory, peakBitsPerSecond, requested) : requested;
  const fromProfile: DeepPartial<PlayerConfig> = {
    streaming: {
      bufferGoal: buffer.bufferGoal,
      backBuffer: buffer.backBuffer,
      rebufferGoal: Math.min(2, buffer.bufferGoal),
      gapJumpThreshold: Math.max(0.5, profile.quirks.gapPadding),
    },
    abr: profile.maxResolution ? { maxResolution: profile.maxResolution } : {},
    // Spread: PlayerConfig.drm is being retyped as DrmConfig in core; this stays valid either way.
    drm: { ...drmConfigForProfile(profile) },
  };
  return mergeConfig<DeepPartial<PlayerConfig>>(mergeConfig<DeepPartial<PlayerConfig>>(fromProfile, profile.config ?? {}), app);
}

/**
 * `isTypeSupported` with the profile's known-wrong answers corrected: the
 * first correction whose prefix matches wins, otherwise the platform answers.
 */
export function correctedTypeSupport(profile: PlatformProfile, platform: (mimeCodecs: string) => boolean): (mimeCodecs: string) => boolean {
  return (mimeCodecs) => {
    const fix = profile.capabilityCorrections.find((c) => mimeCodecs.startsWith(c.mimeCodecsPrefix));
    return fix ? fix.supported : platform(mimeCodecs);
  };
}

/** Key-system order and per-system robustness for the profile, as the DRM manager's config. */
export function drmConfigForProfile(profile: PlatformProfile): DrmConfig {
  const advanced: Record<string, KeySystemAdvancedConfig> = {};
  for (const [keySystem, r] of Object.entries(profile.robustness ?? {})) {
    advanced[keySystem] = { ...(r.video ? { videoRobustness: [r.video] } : {}), ...(r.audio ? { audioRobustness: [r.audio] } : {}) };
  }
  return { preferredKeySystems: [...profile.keySystems], ...(Object.keys(advanced).length ? { advanced } : {}) };
}
