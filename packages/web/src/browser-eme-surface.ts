/**
 * EmeSurface over the browser's EME: requestMediaKeySystemAccess, MediaKeys,
 * MediaKeySession and the element's `encrypted` event. The
 * eme-encryption-scheme-polyfill is installed once, so `encryptionScheme`
 * (cenc/cbcs) in configurations is honoured on browsers that ignore it.
 */
import type { EmeMediaKeys, EmeSession, EmeSessionEvents, EmeSurface, KeyStatus, KeySystemConfiguration } from '@edgeplay/core';
import EmeEncryptionSchemePolyfill from 'eme-encryption-scheme-polyfill';

let polyfilled = false;

class BrowserEmeSession implements EmeSession {
  constructor(private readonly s: MediaKeySession) {}

  get sessionId(): string {
    return this.s.sessionId;
  }

  generateRequest(initDataType: string, initData: ArrayBuffer | Uint8Array): Promise<void> {
    return this.s.generateRequest(initDataType, initData as BufferSource);
  }

  load(sessionId: string): Promise<boolean> {
    return this.s.load(sessionId);
  }

  update(response: ArrayBuffer | Uint8Array): Promise<void> {
    return this.s.update(response as BufferSource);
  }

  close(): Promise<void> {
    return this.s.close();
  }

  remove(): Promise<void> {
    return this.s.remove();
  }

  expiration(): number {
    return this.s.expiration;
  }

  on<K extends keyof EmeSessionEvents>(event: K, listener: EmeSessionEvents[K]): () => void {
    let handler: (e: Event) => void;
    if (event === 'message') {
      handler = (e) => (listener as EmeSessionEvents['message'])((e as MediaKeyMessageEvent).messageType as Parameters<EmeSessionEvents['message']>[0], (e as MediaKeyMessageEvent).message);
      this.s.addEventListener('message', handler);
      return () => this.s.removeEventListener('message', handler);
    }
    if (event === 'keystatuseschange') {
      handler = () => {
        const out: { keyId: Uint8Array; status: KeyStatus }[] = [];
        this.s.keyStatuses.forEach((status, keyId) => {
          const id = keyId instanceof ArrayBuffer ? new Uint8Array(keyId) : new Uint8Array(keyId.buffer, keyId.byteOffset, keyId.byteLength);
          out.push({ keyId: id, status: status as KeyStatus });
        });
        (listener as EmeSessionEvents['keystatuseschange'])(out);
      };
      this.s.addEventListener('keystatuseschange', handler);
      return () => this.s.removeEventListener('keystatuseschange', handler);
    }
    let active = true;
    void this.s.closed.then(() => {
      if (active) (listener as EmeSessionEvents['closed'])();
    });
    return () => {
      active = false;
    };
  }
}

class BrowserMediaKeys implements EmeMediaKeys {
  constructor(
    readonly keySystem: string,
    readonly native: MediaKeys,
  ) {}

  createSession(sessionType: 'temporary' | 'persistent-license' = 'temporary'): EmeSession {
    return new BrowserEmeSession(this.native.createSession(sessionType));
  }

  setServerCertificate(certificate: ArrayBuffer | Uint8Array): Promise<boolean> {
    return this.native.setServerCertificate(certificate as BufferSource);
  }
}

/** The core's EmeSurface over the browser's EME on a video element (with the encryption-scheme polyfill). */
export class BrowserEmeSurface implements EmeSurface {
  constructor(private readonly video: HTMLVideoElement) {
    if (!polyfilled) {
      polyfilled = true;
      EmeEncryptionSchemePolyfill.install();
    }
  }

  async requestMediaKeys(keySystem: string, configurations: KeySystemConfiguration[]): Promise<EmeMediaKeys> {
    if (!navigator.requestMediaKeySystemAccess) throw new Error('EME is not available (insecure context or unsupported browser)');
    const access = await navigator.requestMediaKeySystemAccess(keySystem, configurations as MediaKeySystemConfiguration[]);
    return new BrowserMediaKeys(keySystem, await access.createMediaKeys());
  }

  async attach(mediaKeys: EmeMediaKeys | null): Promise<void> {
    await this.video.setMediaKeys(mediaKeys ? (mediaKeys as BrowserMediaKeys).native : null);
  }

  onEncrypted(listener: (initDataType: string, initData: ArrayBuffer) => void): () => void {
    const handler = (e: MediaEncryptedEvent) => {
      if (e.initData) listener(e.initDataType, e.initData);
    };
    this.video.addEventListener('encrypted', handler);
    return () => this.video.removeEventListener('encrypted', handler);
  }
}
