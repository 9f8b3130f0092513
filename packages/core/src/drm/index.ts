/** DRM: key system selection, init data, license exchange and sessions over an abstract EME surface. */
export { DrmManager, type DrmEvents, type DrmManagerDeps } from './drm-manager.js';
export type { DrmConfig, KeySystemAdvancedConfig } from './drm-config.js';
export { DrmError, type DrmErrorCode } from './drm-error.js';
export { selectKeySystem, candidateKeySystems, hasAppClearKeys, buildConfiguration, type SelectedKeySystem, type ProtectedContentTypes } from './key-system-selection.js';
export { LicenseClient, DEFAULT_LICENSE_RETRY, type LicenseRequest, type LicenseResponse, type LicenseRequestFilter, type LicenseResponseFilter, type LicenseRetryPolicy } from './license-client.js';
export { clearKeyInitData, type KeyIdsInitData } from './clearkey-init-data.js';
export { parsePsshBoxes, buildPsshBox, type PsshBox } from './pssh.js';
export { parsePlayReadyObject, extractPlayReadyChallenge, type PlayReadyHeader } from './playready.js';
export { CLEARKEY, WIDEVINE, PLAYREADY, PLAYREADY_RECOMMENDATION, FAIRPLAY, SYSTEM_IDS } from './key-systems.js';
export { StreamSession, type StreamSessionConfig } from './stream-session.js';
