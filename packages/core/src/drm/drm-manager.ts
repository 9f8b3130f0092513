/**
 * The DRM manager: chooses a key system for a presentation, attaches MediaKeys,
 * opens one session per key set (from manifest PSSH/PRO/skd or media `encrypted`
 * events, de-duplicated), runs license exchanges (incl. renewals), tracks key
 * statuses so restricted tracks can be dropped from ABR, and closes sessions on
 * unload. It talks to the platform only through {@link EmeSurface} and
 * {@link NetworkClient}, so it runs against a fake CDM in unit tests.
 */
import type { ContentProtection, Presentation, Track } from '../manifest/model.js';
import type { Clock } from '../platform/clock.js';
import type { EmeSession, EmeSurface, KeyStatus } from '../platform/eme-surface.js';
import type { NetworkClient } from '../platform/network-client.js';
import { EventEmitter } from '../util/event-emitter.js';
import { base64ToBytes, bytesToBase64Url, bytesToHex, hexToBytes, toUint8, utf8Decode, utf8Encode } from './bytes.js';
import type { DrmConfig } from './drm-config.js';
import { DrmError } from './drm-error.js';
import { clearKeyInitData } from './clearkey-init-data.js';
import { CLEARKEY, FAIRPLAY, PLAYREADY, SYSTEM_IDS, sameFamily } from './key-systems.js';
import { selectKeySystem, type ProtectedContentTypes, type SelectedKeySystem } from './key-system-selection.js';
import { RequestEngine } from '../net/request-engine.js';
import { DEFAULT_LICENSE_RETRY, LicenseClient, type DrmRequestTransport } from './license-client.js';
import { parsePlayReadyObject } from './playready.js';
import { buildPsshBox, parsePsshBoxes } from './pssh.js';
import { StreamSession } from './stream-session.js';

/** Events of `DrmManager` (and of any `DrmSession`). */
export interface DrmEvents {
  /** Key statuses changed; `restrictedKeyIds` must not be played (drop their tracks from ABR). */
  keystatuses: { statuses: ReadonlyMap<string, KeyStatus>; restrictedKeyIds: string[] };
  /** A license was obtained (telemetry). */
  license: { keySystem: string; sessionId: string; messageType: string; durationMs: number };
  /** A DRM failure; `severity` says whether playback can continue. */
  error: DrmError;
}

/** One piece of init data and the key ids it covers. */
interface InitData {
  type: string;
  data: Uint8Array;
  keyIds: string[];
}

const RESTRICTED: ReadonlySet<KeyStatus> = new Set<KeyStatus>(['output-restricted', 'output-downscaled', 'internal-error', 'expired', 'released']);

/** Dependencies of {@link DrmManager}. */
export interface DrmManagerDeps {
  eme: EmeSurface;
  /** Stream-session heartbeats, and licences when `requests` is absent. */
  network: NetworkClient;
  clock: Clock;
  /**
   * The player's request engine: licences and certificates then share its
   * retries, timeouts and the app's network filters (kind `license` /
   * `certificate`). Without it the manager runs a private engine over `network`.
   */
  requests?: DrmRequestTransport;
}

/** See file comment. */
export class DrmManager extends EventEmitter<DrmEvents> {
  private selected: SelectedKeySystem | null = null;
  private readonly sessions: { session: EmeSession; keyIds: string[]; off: (() => void)[] }[] = [];
  private readonly seenInitData = new Set<string>();
  private readonly keyStatuses = new Map<string, KeyStatus>();
  private readonly license: LicenseClient;
  private offEncrypted: (() => void) | null = null;
  private destroyed = false;
  private readonly streamSession: StreamSession | null;

  constructor(
    private readonly deps: DrmManagerDeps,
    private readonly config: DrmConfig,
  ) {
    super();
    const transport = deps.requests ?? new RequestEngine({ client: deps.network, clock: deps.clock });
    this.license = new LicenseClient(transport, { ...DEFAULT_LICENSE_RETRY, ...(config.retry ?? {}) });
    this.license.requestFilters.push(...(config.licenseRequestFilters ?? []));
    this.license.responseFilters.push(...(config.licenseResponseFilters ?? []));
    this.streamSession = config.session ? new StreamSession(config.session, deps.network, deps.clock, (e) => this.emit('error', e)) : null;
  }

  /** Request filters of the license exchange (auth headers, body wrapping); starts with `drm.licenseRequestFilters`. */
  get licenseRequestFilters() {
    return this.license.requestFilters;
  }

  /** Response filters of the license exchange (unwrapping); starts with `drm.licenseResponseFilters`. */
  get licenseResponseFilters() {
    return this.license.responseFilters;
  }

  /** The chosen key system, once {@link attach} resolved. */
  get keySystem(): string | null {
    return this.selected?.keySystem ?? null;
  }

  /**
   * Prepares DRM for `presentation`: nothing to do for clear content; otherwise
   * selects a key system, attaches MediaKeys, installs the server certificate
   * and opens sessions for the init data the manifest carries. Media
   * `encrypted` events are handled from then on.
   * @throws DrmError (DRM_NO_KEY_SYSTEM, DRM_NO_LICENSE_SERVER, DRM_SERVER_CERTIFICATE_FAILED, DRM_SESSION_FAILED…).
   */
  async attach(presentation: Presentation): Promise<void> {
    const tracks = presentation.periods.flatMap((p) => p.switchingSets.flatMap((s) => s.tracks));
    const protections = [...presentation.sessionKeys, ...tracks.flatMap((t) => t.contentProtection)];
    if (protections.length === 0) return;
    const types: ProtectedContentTypes = { video: [], audio: [] };
    for (const t of tracks) {
      if (!t.contentProtection.length || (t.type !== 'video' && t.type !== 'audio')) continue;
      const ct = `${t.mimeType}; codecs="${t.codecs}"`;
      if (!types[t.type].includes(ct)) types[t.type].push(ct);
    }
    this.selected = await selectKeySystem(this.deps.eme, protections, types, this.config);
    const stored = this.config.persistentSessionIds ?? [];
    if (!this.selected.licenseUrl && !(this.selected.keySystem === CLEARKEY && this.config.clearKeys) && !stored.length) {
      throw new DrmError('DRM_NO_LICENSE_SERVER', `no license server for ${this.selected.keySystem}: configure drm.servers['${this.selected.keySystem}']`);
    }
    await this.deps.eme.attach(this.selected.mediaKeys);
    await this.installServerCertificate();
    this.offEncrypted = this.deps.eme.onEncrypted((type, data) => {
      void this.addInitData(type, toUint8(data)).catch((e) => this.emit('error', asDrmError(e)));
    });
    // Offline playback: the stored sessions hold every key; no licence exchange at all.
    for (const id of stored) {
      if (!(await this.loadPersistentSession(id))) throw new DrmError('DRM_SESSION_FAILED', `persistent session ${id} is not stored on this device`);
    }
    if (stored.length) return;
    for (const init of this.initDataFromManifest(protections)) await this.openSession(init);
  }

  /**
   * Init data found in media (an `encrypted` event, a new PSSH mid-stream for
   * key rotation). Opens a new session unless the same init data or key set is
   * already covered.
   */
  async addInitData(type: string, data: Uint8Array): Promise<void> {
    if (!this.selected || this.destroyed || this.config.persistentSessionIds?.length) return;
    const init = this.describeInitData(type, data);
    if (init) await this.openSession(init);
  }

  /** Whether a track is currently unplayable because of its keys' status. */
  isTrackRestricted(track: Pick<Track, 'contentProtection'>): boolean {
    const kids = new Set(track.contentProtection.flatMap((c) => c.defaultKeyIds));
    for (const kid of kids) {
      const status = this.keyStatuses.get(kid);
      if (status && RESTRICTED.has(status)) return true;
    }
    return false;
  }

  /** Key status per key id (lowercase hex). */
  get statuses(): ReadonlyMap<string, KeyStatus> {
    return this.keyStatuses;
  }

  /** Loads a persistent-license session stored earlier (offline playback). */
  async loadPersistentSession(sessionId: string): Promise<boolean> {
    if (!this.selected) throw new DrmError('DRM_SESSION_FAILED', 'no key system selected yet');
    const session = this.selected.mediaKeys.createSession('persistent-license');
    const entry = this.track(session, []);
    try {
      return await session.load(sessionId);
    } catch (e) {
      entry.off.forEach((f) => f());
      throw new DrmError('DRM_SESSION_FAILED', `could not load persistent session ${sessionId}: ${(e as Error)?.message ?? e}`, { cause: e });
    }
  }

  /** Closes every session and detaches MediaKeys. Safe to call twice. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.offEncrypted?.();
    await this.streamSession?.stop();
    const closing = this.sessions.splice(0).map(async (s) => {
      s.off.forEach((f) => f());
      await s.session.close().catch(() => undefined);
    });
    await Promise.all(closing);
    if (this.selected) await this.deps.eme.attach(null).catch(() => undefined);
    this.removeAllListeners();
  }

  private async installServerCertificate(): Promise<void> {
    const ks = this.selected!.keySystem;
    const adv = this.config.advanced?.[ks] ?? (ks.startsWith(PLAYREADY) ? this.config.advanced?.[PLAYREADY] : undefined);
    let cert = adv?.serverCertificate;
    if (!cert && adv?.serverCertificateUri) cert = await this.license.fetchCertificate(adv.serverCertificateUri);
    if (!cert) {
      if (ks === FAIRPLAY) throw new DrmError('DRM_SERVER_CERTIFICATE_FAILED', 'FairPlay needs a server certificate (drm.advanced["com.apple.fps"].serverCertificate or serverCertificateUri)');
      return;
    }
    try {
      await this.selected!.mediaKeys.setServerCertificate(cert);
    } catch (e) {
      throw new DrmError('DRM_SERVER_CERTIFICATE_FAILED', `the CDM refused the server certificate: ${(e as Error)?.message ?? e}`, { cause: e });
    }
  }

  /** Init data for the selected key system from ContentProtection / EXT-X-KEY signalling. */
  private initDataFromManifest(protections: readonly ContentProtection[]): InitData[] {
    const ks = this.selected!.keySystem;
    const out: InitData[] = [];
    for (const p of protections) {
      if (p.keySystem && !sameFamily(p.keySystem, ks)) continue;
      if (ks === FAIRPLAY) {
        if (p.keyUri?.startsWith('skd://')) out.push({ type: 'skd', data: utf8Encode(p.keyUri), keyIds: [p.keyUri.slice(6).toLowerCase()] });
        continue;
      }
      for (const b64 of p.pssh) {
        let bytes: Uint8Array;
        try {
          bytes = base64ToBytes(b64);
        } catch (e) {
          throw new DrmError('DRM_INIT_DATA_INVALID', 'cenc:pssh is not base64', { cause: e });
        }
        const init = this.describeInitData('cenc', bytes);
        if (init) out.push(init);
      }
      if (p.playReadyObject && ks.startsWith(PLAYREADY) && !p.pssh.length) {
        const header = parsePlayReadyObject(p.playReadyObject);
        out.push({ type: 'cenc', data: buildPsshBox('9a04f079-9840-4286-ab92-e65be0885f95', [], base64ToBytes(p.playReadyObject)), keyIds: header.keyIds });
      }
    }
    // ClearKey content often signals only default KIDs: EME's 'keyids' init data is built from them.
    if (ks === CLEARKEY && out.length === 0) {
      const keyIds = clearKeyInitData(protections, this.config.clearKeys);
      if (keyIds) out.push(keyIds);
    }
    return out;
  }

  /** Keeps only the pssh boxes of the selected system; returns null when none apply. */
  private describeInitData(type: string, data: Uint8Array): InitData | null {
    const ks = this.selected!.keySystem;
    if (type !== 'cenc') return { type, data, keyIds: [] };
    const boxes = parsePsshBoxes(data).filter((b) => {
      const system = SYSTEM_IDS[b.systemId];
      return system !== undefined && sameFamily(system, ks);
    });
    if (!boxes.length) return null;
    const keyIds = [...new Set(boxes.flatMap((b) => b.keyIds))];
    const joined = new Uint8Array(boxes.reduce((n, b) => n + b.box.length, 0));
    let o = 0;
    for (const b of boxes) {
      joined.set(b.box, o);
      o += b.box.length;
    }
    return { type, data: joined, keyIds };
  }

  private async openSession(init: InitData): Promise<void> {
    // De-duplicate: identical init data, or a key set already covered by a session.
    const fingerprint = `${init.type}:${bytesToHex(init.data)}`;
    if (this.seenInitData.has(fingerprint)) return;
    if (init.keyIds.length && this.sessions.some((s) => init.keyIds.every((k) => s.keyIds.includes(k)))) return;
    this.seenInitData.add(fingerprint);
    const ks = this.selected!.keySystem;
    const sessionType = this.config.advanced?.[ks]?.sessionType ?? 'temporary';
    let session: EmeSession;
    try {
      session = this.selected!.mediaKeys.createSession(sessionType);
    } catch (e) {
      throw new DrmError('DRM_SESSION_FAILED', `could not create a ${sessionType} session: ${(e as Error)?.message ?? e}`, { cause: e });
    }
    this.track(session, init.keyIds);
    try {
      await session.generateRequest(init.type, init.data);
    } catch (e) {
      throw new DrmError('DRM_SESSION_FAILED', `generateRequest(${init.type}) failed: ${(e as Error)?.message ?? e}`, { cause: e });
    }
  }

  private track(session: EmeSession, keyIds: string[]) {
    const entry = { session, keyIds: [...keyIds], off: [] as (() => void)[] };
    entry.off.push(
      session.on('message', (type, message) => {
        void this.onMessage(session, type, message).catch((e) => this.emit('error', asDrmError(e)));
      }),
      session.on('keystatuseschange', (statuses) => this.onKeyStatuses(entry, statuses)),
    );
    this.sessions.push(entry);
    return entry;
  }

  private async onMessage(session: EmeSession, type: 'license-request' | 'license-renewal' | 'license-release' | 'individualization-request', message: ArrayBuffer): Promise<void> {
    if (this.destroyed) return;
    const ks = this.selected!.keySystem;
    const started = this.deps.clock.now();
    let response: Uint8Array;
    // Keys the app holds win over a license URL merely signalled in the manifest; a configured server wins over both.
    if (ks === CLEARKEY && this.config.clearKeys && Object.keys(this.config.clearKeys).length && !this.config.servers?.[CLEARKEY]) {
      response = localClearKeyLicense(message, this.config.clearKeys);
    } else {
      const url = this.selected!.licenseUrl!;
      const headers = this.config.advanced?.[ks]?.headers ?? {};
      response = await this.license.acquire(ks, url, message, { messageType: type, sessionId: session.sessionId }, headers);
    }
    if (this.destroyed) return;
    try {
      await session.update(response);
    } catch (e) {
      throw new DrmError('DRM_LICENSE_UPDATE_FAILED', `the CDM rejected the license: ${(e as Error)?.message ?? e}`, { cause: e });
    }
    this.emit('license', { keySystem: ks, sessionId: session.sessionId, messageType: type, durationMs: this.deps.clock.now() - started });
    this.streamSession?.start();
  }

  private onKeyStatuses(entry: { keyIds: string[] }, statuses: { keyId: Uint8Array; status: KeyStatus }[]): void {
    for (const { keyId, status } of statuses) {
      const kid = bytesToHex(keyId);
      this.keyStatuses.set(kid, status);
      if (!entry.keyIds.includes(kid)) entry.keyIds.push(kid);
      if (status === 'internal-error') {
        this.emit('error', new DrmError('DRM_KEY_INTERNAL_ERROR', `the CDM reported internal-error for key ${kid}`, { details: { keyId: kid } }));
      } else if (status === 'expired') {
        this.emit('error', new DrmError('DRM_KEY_EXPIRED', `key ${kid} expired`, { severity: 'recoverable', details: { keyId: kid } }));
      }
    }
    const restrictedKeyIds = [...this.keyStatuses].filter(([, s]) => RESTRICTED.has(s)).map(([k]) => k);
    this.emit('keystatuses', { statuses: this.keyStatuses, restrictedKeyIds });
  }
}

/** W3C ClearKey license built from keys the app holds (EME §9.1.4 JSON Web Key set). */
function localClearKeyLicense(message: ArrayBuffer, keys: Record<string, string>): Uint8Array {
  let request: { kids?: string[] };
  try {
    request = JSON.parse(utf8Decode(message)) as { kids?: string[] };
  } catch (e) {
    throw new DrmError('DRM_LICENSE_REQUEST_FAILED', 'ClearKey license request is not JSON', { cause: e });
  }
  const out: { kty: 'oct'; kid: string; k: string }[] = [];
  for (const kidB64 of request.kids ?? []) {
    const kidHex = bytesToHex(base64ToBytes(kidB64));
    const key = keys[kidHex] ?? keys[kidHex.toUpperCase()];
    if (key) out.push({ kty: 'oct', kid: kidB64, k: bytesToBase64Url(hexToBytes(key)) });
  }
  if (!out.length) throw new DrmError('DRM_LICENSE_REJECTED', `no local ClearKey key for requested key ids`, { details: { kids: request.kids } });
  return utf8Encode(JSON.stringify({ keys: out, type: 'temporary' }));
}

function asDrmError(e: unknown): DrmError {
  if (e instanceof DrmError) return e;
  return new DrmError('DRM_SESSION_FAILED', (e as Error)?.message ?? String(e), { cause: e });
}
