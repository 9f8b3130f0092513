/**
 * The subset of W3C Encrypted Media Extensions the DRM manager needs, so it
 * can be driven by the browser (web adapter) or by a fake CDM in tests that
 * replays Widevine/PlayReady/FairPlay message shapes.
 */
export interface KeySystemConfiguration {
  /** Init data formats the app can supply (`cenc`, `keyids`, `sinf`, `skd`...). */
  initDataTypes?: string[];
  /** Audio content types with robustness and encryption scheme. */
  audioCapabilities?: { contentType: string; robustness?: string; encryptionScheme?: string | null }[];
  /** Video content types with robustness and encryption scheme. */
  videoCapabilities?: { contentType: string; robustness?: string; encryptionScheme?: string | null }[];
  /** Whether the CDM may use a distinctive identifier. */
  distinctiveIdentifier?: 'required' | 'optional' | 'not-allowed';
  /** Whether the CDM may persist state. */
  persistentState?: 'required' | 'optional' | 'not-allowed';
  /** Session types needed (`temporary`, `persistent-license`). */
  sessionTypes?: string[];
  /** Free label echoed back by the platform. */
  label?: string;
}

/** EME key status (MediaKeyStatus). */
export type KeyStatus = 'usable' | 'expired' | 'released' | 'output-restricted' | 'output-downscaled' | 'status-pending' | 'internal-error' | 'usable-in-future';

/** Events of an {@link EmeSession}. */
export interface EmeSessionEvents {
  /** The CDM has a message for the licence server. */
  message(type: 'license-request' | 'license-renewal' | 'license-release' | 'individualization-request', message: ArrayBuffer): void;
  /** Key statuses of the session changed. */
  keystatuseschange(statuses: { keyId: Uint8Array; status: KeyStatus }[]): void;
  /** The session was closed (by the app or the CDM). */
  closed(): void;
}

/** A CDM session (MediaKeySession). */
export interface EmeSession {
  /** CDM session id; empty until a request was generated. */
  readonly sessionId: string;
  /** Asks the CDM for a licence request for this init data (a `message` follows). */
  generateRequest(initDataType: string, initData: ArrayBuffer | Uint8Array): Promise<void>;
  /** Loads a stored persistent session; false when none is stored under that id. */
  load(sessionId: string): Promise<boolean>;
  /** Hands the licence server answer to the CDM. */
  update(response: ArrayBuffer | Uint8Array): Promise<void>;
  /** Closes the session (keys become unusable). */
  close(): Promise<void>;
  /** Removes stored licence data (persistent sessions). */
  remove(): Promise<void>;
  /** Expiration time in ms since epoch, NaN if none. */
  expiration(): number;
  /** Subscribes to a session event. Returns an unsubscriber. */
  on<K extends keyof EmeSessionEvents>(event: K, listener: EmeSessionEvents[K]): () => void;
}

/** A CDM instance for one key system (MediaKeys). */
export interface EmeMediaKeys {
  /** Key system id, e.g. `com.widevine.alpha`. */
  readonly keySystem: string;
  /** Creates a CDM session. */
  createSession(sessionType?: 'temporary' | 'persistent-license'): EmeSession;
  /** Installs the licence server certificate (FairPlay, Widevine privacy mode). */
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
