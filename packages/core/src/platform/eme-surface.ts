/**
 * The subset of W3C Encrypted Media Extensions the DRM manager needs, so it
 * can be driven by the browser (web adapter) or by a fake CDM in tests that
 * replays Widevine/PlayReady/FairPlay message shapes.
 */
export interface KeySystemConfiguration {
  initDataTypes?: string[];
  audioCapabilities?: { contentType: string; robustness?: string; encryptionScheme?: string | null }[];
  videoCapabilities?: { contentType: string; robustness?: string; encryptionScheme?: string | null }[];
  distinctiveIdentifier?: 'required' | 'optional' | 'not-allowed';
  persistentState?: 'required' | 'optional' | 'not-allowed';
  sessionTypes?: string[];
  label?: string;
}

/** EME key status (MediaKeyStatus). */
export type KeyStatus = 'usable' | 'expired' | 'released' | 'output-restricted' | 'output-downscaled' | 'status-pending' | 'internal-error' | 'usable-in-future';

/** Events of an {@link EmeSession}. */
export interface EmeSessionEvents {
  message(type: 'license-request' | 'license-renewal' | 'license-release' | 'individualization-request', message: ArrayBuffer): void;
  keystatuseschange(statuses: { keyId: Uint8Array; status: KeyStatus }[]): void;
  closed(): void;
}

/** A CDM session (MediaKeySession). */
export interface EmeSession {
  readonly sessionId: string;
  generateRequest(initDataType: string, initData: ArrayBuffer | Uint8Array): Promise<void>;
  load(sessionId: string): Promise<boolean>;
  update(response: ArrayBuffer | Uint8Array): Promise<void>;
  close(): Promise<void>;
  remove(): Promise<void>;
  /** Expiration time in ms since epoch, NaN if none. */
  expiration(): number;
  on<K extends keyof EmeSessionEvents>(event: K, listener: EmeSessionEvents[K]): () => void;
}

/** A CDM instance for one key system (MediaKeys). */
export interface EmeMediaKeys {
  readonly keySystem: string;
  createSession(sessionType?: 'temporary' | 'persistent-license'): EmeSession;
  setServerCertificate(certificate: ArrayBuffer | Uint8Array): Promise<boolean>;
}

/** The platform's EME: key system access, MediaKeys attachment and `encrypted` events. */
export interface EmeSurface {
  /** navigator.requestMediaKeySystemAccess + createMediaKeys; rejects when unsupported. */
  requestMediaKeys(keySystem: string, configurations: KeySystemConfiguration[]): Promise<EmeMediaKeys>;
  /** HTMLMediaElement.setMediaKeys. */
  attach(mediaKeys: EmeMediaKeys | null): Promise<void>;
  /** `encrypted` events from the media element. */
  onEncrypted(listener: (initDataType: string, initData: ArrayBuffer) => void): () => void;
}
