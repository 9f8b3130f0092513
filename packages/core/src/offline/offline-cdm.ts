import type { EmeMediaKeys, EmeSession, EmeSurface, KeySystemConfiguration } from '../platform/eme-surface.js';
import type { ProtectedContentTypes } from '../drm/key-system-selection.js';
import { toUint8 } from '../drm/bytes.js';

/** Init data for a licence request (`cenc` pssh boxes or ClearKey `keyids`). */
export interface OfflineInitData {
  type: string;
  data: Uint8Array;
}

/**
 * What the offline licence lifecycle needs of a CDM: persistent-license
 * sessions (created at download time, removed at deletion). ClearKey in
 * Chromium has none, which {@link OfflineLicences} handles by keeping the
 * licence answer instead.
 */
export interface OfflineCdm {
  /** Whether `keySystem` offers persistent-license sessions for these content types. */
  persistentSupported(keySystem: string, types: ProtectedContentTypes): Promise<boolean>;
  /** Runs a licence exchange in a new persistent session and returns its id (the CDM keeps the licence). */
  createPersistentSession(keySystem: string, types: ProtectedContentTypes, init: OfflineInitData, exchange: (message: Uint8Array) => Promise<Uint8Array>): Promise<string>;
  /** Deletes a stored persistent session (its licence) from the CDM; false when the CDM holds none by that id. */
  removePersistentSession(keySystem: string, types: ProtectedContentTypes, sessionId: string): Promise<boolean>;
}

/**
 * {@link OfflineCdm} over the platform's {@link EmeSurface}: MediaKeys with
 * `persistentState: required` and `sessionTypes: ['persistent-license']`
 * (cached per key system), no media element needed.
 */
export class EmeOfflineCdm implements OfflineCdm {
  private readonly keys = new Map<string, Promise<EmeMediaKeys | null>>();

  constructor(private readonly eme: EmeSurface) {}

  async persistentSupported(keySystem: string, types: ProtectedContentTypes): Promise<boolean> {
    return (await this.mediaKeys(keySystem, types)) !== null;
  }

  async createPersistentSession(keySystem: string, types: ProtectedContentTypes, init: OfflineInitData, exchange: (message: Uint8Array) => Promise<Uint8Array>): Promise<string> {
    const keys = await this.mediaKeys(keySystem, types);
    if (!keys) throw new Error(`${keySystem} has no persistent-license sessions here`);
    const session = keys.createSession('persistent-license');
    try {
      const message = new Promise<Uint8Array>((resolve) => {
        const off = session.on('message', (type, data) => {
          if (type !== 'license-request') return;
          off();
          resolve(toUint8(data));
        });
      });
      await session.generateRequest(init.type, init.data);
      await session.update(await exchange(await message));
      return session.sessionId;
    } finally {
      // Closing keeps a persistent licence stored; it only frees the CDM's memory.
      await session.close().catch(() => undefined);
    }
  }

  async removePersistentSession(keySystem: string, types: ProtectedContentTypes, sessionId: string): Promise<boolean> {
    const keys = await this.mediaKeys(keySystem, types);
    if (!keys) return false;
    const session: EmeSession = keys.createSession('persistent-license');
    if (!(await session.load(sessionId))) return false;
    await session.remove();
    await session.close().catch(() => undefined);
    return true;
  }

  private mediaKeys(keySystem: string, types: ProtectedContentTypes): Promise<EmeMediaKeys | null> {
    const id = `${keySystem}|${types.video.join()}|${types.audio.join()}`;
    let p = this.keys.get(id);
    if (!p) {
      const config: KeySystemConfiguration = {
        initDataTypes: ['cenc', 'keyids'],
        videoCapabilities: types.video.map((contentType) => ({ contentType })),
        audioCapabilities: types.audio.map((contentType) => ({ contentType })),
        persistentState: 'required',
        sessionTypes: ['persistent-license'],
      };
      p = this.eme.requestMediaKeys(keySystem, [config]).catch(() => null);
      this.keys.set(id, p);
    }
    return p;
  }
}
