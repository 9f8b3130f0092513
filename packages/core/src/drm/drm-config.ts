/** App-facing DRM configuration (the `drm` section of the player config). */
import type { LicenseRetryPolicy } from './license-client.js';
import type { StreamSessionConfig } from './stream-session.js';

/** Per-key-system advanced settings. */
export interface KeySystemAdvancedConfig {
  videoRobustness?: string[];
  audioRobustness?: string[];
  /** Server certificate (FairPlay: required; Widevine: privacy mode). */
  serverCertificate?: Uint8Array;
  /** Fetched when `serverCertificate` is not given. */
  serverCertificateUri?: string;
  persistentState?: 'required' | 'optional' | 'not-allowed';
  distinctiveIdentifier?: 'required' | 'optional' | 'not-allowed';
  sessionType?: 'temporary' | 'persistent-license';
  /** Extra headers on every license request of this key system. */
  headers?: Record<string, string>;
}

export interface DrmConfig {
  /** License server per key system, e.g. `{ 'org.w3.clearkey': 'https://…/license' }`. */
  servers?: Record<string, string>;
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
  retry?: Partial<LicenseRetryPolicy>;
  /** Stream-session heartbeats and release for services that limit concurrent streams. */
  session?: StreamSessionConfig;
}
