/** App-facing DRM configuration (the `drm` section of the player config). */
import type { LicenseRequestFilter, LicenseResponseFilter, LicenseRetryPolicy } from './license-client.js';
import type { StreamSessionConfig } from './stream-session.js';

/** Per-key-system advanced settings. */
export interface KeySystemAdvancedConfig {
  /** EME robustness levels for video, most preferred first (e.g. `HW_SECURE_ALL`). */
  videoRobustness?: string[];
  /** EME robustness levels for audio, most preferred first. */
  audioRobustness?: string[];
  /** Server certificate (FairPlay: required; Widevine: privacy mode). */
  serverCertificate?: Uint8Array;
  /** Fetched when `serverCertificate` is not given. */
  serverCertificateUri?: string;
  /** EME `persistentState` requirement. */
  persistentState?: 'required' | 'optional' | 'not-allowed';
  /** EME `distinctiveIdentifier` requirement. */
  distinctiveIdentifier?: 'required' | 'optional' | 'not-allowed';
  /** Session type of new sessions (`persistent-license` for offline). */
  sessionType?: 'temporary' | 'persistent-license';
  /** Extra headers on every license request of this key system. */
  headers?: Record<string, string>;
}

/** The `drm` section of the player config. */
export interface DrmConfig {
  /** License server per key system, e.g. `{ 'org.w3.clearkey': 'https://…/license' }`. */
  servers?: Record<string, string>;
  /** Per-key-system settings (robustness, certificate, headers...), keyed by key system id. */
  advanced?: Record<string, KeySystemAdvancedConfig>;
  /** Try these first, in order. */
  preferredKeySystems?: string[];
  /**
   * ClearKey keys held by the app (kid hex → key hex): no license server
   * needed. When set, ClearKey is tried first whatever the content signals
   * (CENC packaged for Widevine/PlayReady decrypts with the same keys), with
   * the content's default KIDs; the signalled systems remain fallbacks.
   */
  clearKeys?: Record<string, string>;
  /**
   * Persistent-license sessions to load at attach instead of requesting
   * licences (offline playback of a download whose CDM kept its licence):
   * no licence server is needed and no new session is opened.
   */
  persistentSessionIds?: string[];
  /** Retry and timeout of licence and server-certificate requests. */
  retry?: Partial<LicenseRetryPolicy>;
  /**
   * Run on every licence request, in order, before it goes to the request
   * engine (whose network filters then see it as kind `license`).
   */
  licenseRequestFilters?: LicenseRequestFilter[];
  /** Run on every successful licence answer, in order, before the CDM sees it. */
  licenseResponseFilters?: LicenseResponseFilter[];
  /** Stream-session heartbeats and release for services that limit concurrent streams. */
  session?: StreamSessionConfig;
}
