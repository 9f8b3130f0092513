import { base64ToBytes, bytesToBase64, bytesToHex, utf8Decode, utf8Encode } from '../drm/bytes.js';
import { clearKeyInitData } from '../drm/clearkey-init-data.js';
import type { DrmConfig } from '../drm/drm-config.js';
import type { ProtectedContentTypes } from '../drm/key-system-selection.js';
import { CLEARKEY, DEFAULT_PREFERENCE, SYSTEM_IDS, sameFamily } from '../drm/key-systems.js';
import { parsePsshBoxes } from '../drm/pssh.js';
import { OfflineError } from '../errors/offline-error.js';
import type { ContentProtection, Presentation, Track } from '../manifest/model.js';
import type { Clock } from '../platform/clock.js';
import type { DownloadLicence, DownloadRecord, PendingRelease } from './download-record.js';
import type { DownloadLicenceService } from './licence-service.js';
import type { OfflineCdm, OfflineInitData } from './offline-cdm.js';
import type { OfflineStore } from './offline-store.js';

/** Platform pieces of {@link OfflineLicences}. */
export interface OfflineLicencesOptions {
  service: DownloadLicenceService;
  clock: Clock;
  store: OfflineStore;
  /** Persistent-license sessions; without one (or when the CDM has none, as ClearKey in Chromium) the licence answer is kept. */
  cdm?: OfflineCdm;
  /** Key systems to try, in order (default: hardware-backed first, ClearKey last). */
  keySystems?: readonly string[];
}

/** What {@link OfflineLicences.sync} did. */
export interface ReleaseSyncResult {
  released: number;
  pending: number;
}

/**
 * The licence lifecycle of downloads: a download licence at store time (a
 * persistent session where the CDM has them, else the kept licence answer),
 * the expiry check before offline play, renewal without re-downloading, and
 * release at deletion — queued in the store when the server cannot be
 * reached and sent by {@link OfflineLicences.sync} later. Expiry is judged on the wall clock
 * of the {@link Clock} (the virtual clock in tests).
 */
export class OfflineLicences {
  constructor(private readonly o: OfflineLicencesOptions) {}

  /**
   * Obtains the download licence for the chosen tracks of `presentation`;
   * undefined for clear content.
   * @throws OfflineError OFFLINE_LICENCE_REFUSED (e.g. the download limit) or OFFLINE_LICENCE_FAILED.
   */
  async acquire(presentation: Presentation, trackIds: ReadonlySet<string>): Promise<DownloadLicence | undefined> {
    const tracks = presentation.periods.flatMap((p) => p.switchingSets.flatMap((s) => s.tracks)).filter((t) => trackIds.has(t.id));
    const protections = tracks.flatMap((t) => t.contentProtection);
    if (!protections.length) return undefined;
    const types = contentTypes(tracks);
    for (const ks of this.o.keySystems ?? DEFAULT_PREFERENCE) {
      const init = initDataFor(ks, protections);
      if (!init) continue;
      if (this.o.cdm && (await this.o.cdm.persistentSupported(ks, types))) {
        let grant: Awaited<ReturnType<DownloadLicenceService['acquire']>> | undefined;
        const sessionId = await this.o.cdm.createPersistentSession(ks, types, init, async (message) => (grant = await this.o.service.acquire(ks, message)).response).catch((e: unknown) => {
          throw e instanceof OfflineError ? e : new OfflineError('OFFLINE_LICENCE_FAILED', `the ${ks} CDM could not store the licence: ${(e as Error)?.message ?? e}`, { cause: e });
        });
        if (!grant) throw new OfflineError('OFFLINE_LICENCE_FAILED', `the ${ks} CDM sent no licence request`);
        return { keySystem: ks, licenceId: grant.licenceId, expiresAt: grant.expiresAt, sessionId, contentTypes: types };
      }
      if (ks === CLEARKEY) {
        // No persistent sessions: ask with the request a ClearKey CDM would send, and keep the answer.
        const kids = (JSON.parse(utf8Decode(init.data)) as { kids: string[] }).kids;
        const grant = await this.o.service.acquire(ks, utf8Encode(JSON.stringify({ kids, type: 'persistent-license' })));
        clearKeysOf(grant.response); // refuse an answer that could not be played later
        return { keySystem: ks, licenceId: grant.licenceId, expiresAt: grant.expiresAt, response: bytesToBase64(grant.response) };
      }
    }
    throw new OfflineError('OFFLINE_LICENCE_FAILED', 'no key system can hold an offline licence for this title (no persistent-license CDM, and no ClearKey key ids)');
  }

  /** @throws OfflineError OFFLINE_LICENCE_EXPIRED when the download's licence has lapsed. */
  assertPlayable(record: DownloadRecord): void {
    assertLicencePlayable(record, this.o.clock.wallNow());
  }

  /** A new expiry from the server for the same keys; updates `record.licence` (the caller persists it). */
  async renew(record: DownloadRecord): Promise<DownloadLicence> {
    const l = record.licence;
    if (!l) throw new OfflineError('OFFLINE_INVALID_STATE', `download ${record.id} is not encrypted: it has no licence to renew`);
    const { expiresAt } = await this.o.service.renew(l.licenceId);
    l.expiresAt = expiresAt;
    l.renewedAt = this.o.clock.wallNow();
    return l;
  }

  /**
   * Releases a deleted download's licence: queued in the store first (so a
   * crash or no network loses nothing), then sent; stays queued on failure.
   */
  async release(licence: DownloadLicence): Promise<'released' | 'queued'> {
    const pending: PendingRelease = { licenceId: licence.licenceId, keySystem: licence.keySystem, requestedAt: this.o.clock.wallNow(), attempts: 0, ...(licence.sessionId ? { sessionId: licence.sessionId, contentTypes: licence.contentTypes ?? { video: [], audio: [] } } : {}) };
    await this.o.store.putPendingRelease(pending);
    return (await this.send(pending)) ? 'released' : 'queued';
  }

  /** Sends every queued release (call when back online, and at start). */
  async sync(): Promise<ReleaseSyncResult> {
    let released = 0;
    let pending = 0;
    for (const p of await this.o.store.listPendingReleases()) {
      if (await this.send(p)) released++;
      else pending++;
    }
    return { released, pending };
  }

  private async send(p: PendingRelease): Promise<boolean> {
    try {
      if (p.sessionId && this.o.cdm) {
        await this.o.cdm.removePersistentSession(p.keySystem, p.contentTypes ?? { video: [], audio: [] }, p.sessionId);
        delete p.sessionId;
      }
      await this.o.service.release(p.licenceId);
      await this.o.store.deletePendingRelease(p.licenceId);
      return true;
    } catch {
      p.attempts++;
      await this.o.store.putPendingRelease(p).catch(() => undefined);
      return false;
    }
  }
}

/**
 * Throws OfflineError OFFLINE_LICENCE_EXPIRED when the download's licence
 * lapsed at or before `nowMs` (wall clock); clear content always plays.
 */
export function assertLicencePlayable(record: DownloadRecord, nowMs: number): void {
  const l = record.licence;
  if (l && l.expiresAt <= nowMs) {
    throw new OfflineError('OFFLINE_LICENCE_EXPIRED', `the offline licence of ${record.title ?? record.id} expired at ${new Date(l.expiresAt).toISOString()}; renew it while online`, { details: { id: record.id, expiresAt: l.expiresAt } });
  }
}

/**
 * The `drm` config that plays a download offline: the kept ClearKey keys (a
 * temporary session is re-created from them; no licence server), or the
 * stored persistent session.
 */
export function offlineDrmConfig(record: DownloadRecord): DrmConfig {
  const l = record.licence;
  if (!l) return {};
  if (l.sessionId) return { preferredKeySystems: [l.keySystem], advanced: { [l.keySystem]: { sessionType: 'persistent-license' } }, persistentSessionIds: [l.sessionId] };
  if (!l.response) throw new OfflineError('OFFLINE_LICENCE_FAILED', `download ${record.id} holds neither a session nor a licence`);
  return { preferredKeySystems: [CLEARKEY], clearKeys: clearKeysOf(base64ToBytes(l.response)), persistentSessionIds: [] };
}

/** Content types of the protected audio/video tracks (for MediaKeys configurations). */
function contentTypes(tracks: readonly Track[]): ProtectedContentTypes {
  const types: ProtectedContentTypes = { video: [], audio: [] };
  for (const t of tracks) {
    if (!t.contentProtection.length || (t.type !== 'video' && t.type !== 'audio')) continue;
    const ct = `${t.mimeType}; codecs="${t.codecs}"`;
    if (!types[t.type].includes(ct)) types[t.type].push(ct);
  }
  return types;
}

/** Init data for `ks`: its pssh boxes, or (ClearKey) `keyids` from the default KIDs. */
function initDataFor(ks: string, protections: readonly ContentProtection[]): OfflineInitData | null {
  const boxes: Uint8Array[] = [];
  for (const p of protections) {
    if (p.keySystem && !sameFamily(p.keySystem, ks)) continue;
    for (const b64 of p.pssh) {
      try {
        for (const box of parsePsshBoxes(base64ToBytes(b64))) if (SYSTEM_IDS[box.systemId] && sameFamily(SYSTEM_IDS[box.systemId]!, ks)) boxes.push(box.box);
      } catch {
        /* malformed pssh: the key ids may still serve ClearKey */
      }
    }
  }
  if (ks === CLEARKEY) return clearKeyInitData(protections, undefined);
  if (!boxes.length) return null;
  const data = new Uint8Array(boxes.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of boxes) {
    data.set(b, o);
    o += b.length;
  }
  return { type: 'cenc', data };
}

/** kid hex → key hex of a W3C ClearKey licence (JWK set). */
function clearKeysOf(response: Uint8Array): Record<string, string> {
  let keys: { kid?: unknown; k?: unknown }[] | undefined;
  try {
    keys = (JSON.parse(utf8Decode(response)) as { keys?: { kid?: unknown; k?: unknown }[] }).keys;
  } catch {
    keys = undefined;
  }
  const out: Record<string, string> = {};
  for (const k of Array.isArray(keys) ? keys : []) {
    if (!k || typeof k !== 'object' || typeof k.kid !== 'string' || typeof k.k !== 'string') continue;
    try {
      const kid = bytesToHex(base64ToBytes(k.kid));
      const key = bytesToHex(base64ToBytes(k.k));
      // ClearKey keys and key ids are 16 bytes (W3C EME §9.1.3); anything else cannot decrypt.
      if (kid.length === 32 && key.length === 32) out[kid] = key;
    } catch {
      /* skipped: not base64 */
    }
  }
  if (!Object.keys(out).length) throw new OfflineError('OFFLINE_LICENCE_FAILED', 'the ClearKey licence holds no usable key');
  return out;
}
