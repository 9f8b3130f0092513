/**
 * The DOM-free part of the package (profiles, detection, budgets, stall
 * ladder, key tables): importable in Node, workers and tests without the web
 * adapter.
 */
export { detectPlatform, currentEnvironment, type DetectedPlatform, type RuntimeEnvironment } from './detect-platform.js';
export { PLATFORM_PROFILES } from './profiles.js';
export { withOverrides, type PlatformId, type PlatformProfile, type PlatformQuirks, type MemoryBudget, type CapabilityCorrection, type PlatformMatch } from './platform-profile.js';
export { playerConfigForProfile, drmConfigForProfile, correctedTypeSupport, sinkQuirksForProfile, type SinkQuirksForProfile } from './profile-config.js';
export { typeSupportFor, hdrTransferOf, codecsOf } from './type-support.js';
export { seekLandingCorrector, SEEK_LANDING_TOLERANCE_S } from './seek-landing.js';
export { platformMaxResolution, type Resolution, type ResolutionEnvironment } from './platform-resolution.js';
export { componentsForProfile } from './profile-components.js';
export { PlatformAbrStrategy, codecFamilyOf, type PlatformTrackLimits } from './platform-abr-strategy.js';
export { bufferSecondsForBudget, estimatedBufferedBytes, type BufferSeconds } from './memory-budget.js';
export { StallRecoveryLadder, DEFAULT_STALL_LADDER, type StallRecoveryStep, type StallRecoveryAction, type StallRecoveryStats, type PlaybackObservation } from './stall-recovery.js';
export { keyTableFor, remoteActionOf, requestRemoteKeys, TIZEN_KEYS_TO_REGISTER, HBBTV_KEYSET, type RemoteAction, type KeyInput } from './remote-keys.js';
