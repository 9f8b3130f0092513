/**
 * A fake CDM behind the EmeSurface contract that replays the message shapes
 * real CDMs produce (W3C ClearKey JSON, opaque Widevine bytes, PlayReady's
 * UTF-16LE PlayReadyKeyMessage with a base64 SOAP challenge and HTTP headers,
 * FairPlay SPC after a server certificate), so the DRM manager's per-key-system
 * handling is exercised without a real CDM (Chromium here only has ClearKey).
 */
import type { EmeMediaKeys, EmeSession, EmeSessionEvents, EmeSurface, KeyStatus, KeySystemConfiguration } from '../../src/platform/eme-surface.js';
import type { Clock, TimerHandle } from '../../src/platform/clock.js';
import type { NetworkRequest } from '../../src/platform/network-client.js';
import { ScriptedNetwork, type LoggedRequest } from '../../../../test/support/fake-network.js';
import { bytesToBase64, bytesToBase64Url, bytesToHex, hexToBytes, utf8Decode, utf8Encode } from '../../src/drm/bytes.js';
import { parsePsshBoxes } from '../../src/drm/pssh.js';

export function utf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[i * 2] = s.charCodeAt(i) & 0xff;
    out[i * 2 + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
}

export const PLAYREADY_CHALLENGE = '<soap:Envelope><soap:Body><AcquireLicense>challenge</AcquireLicense></soap:Body></soap:Envelope>';

export class FakeSession implements EmeSession {
  sessionId = '';
  closed = false;
  readonly requests: { type: string; data: Uint8Array }[] = [];
  readonly updates: Uint8Array[] = [];
  private readonly listeners: { [K in keyof EmeSessionEvents]: EmeSessionEvents[K][] } = { message: [], keystatuseschange: [], closed: [] };
  keyIds: string[] = [];
  assetId = '';

  constructor(
    readonly keys: FakeMediaKeys,
    readonly type: string,
  ) {}

  async generateRequest(initDataType: string, initData: ArrayBuffer | Uint8Array): Promise<void> {
    const data = initData instanceof Uint8Array ? initData : new Uint8Array(initData);
    this.requests.push({ type: initDataType, data });
    this.sessionId = `s${++this.keys.cdm.sessionCounter}`;
    const ks = this.keys.keySystem;
    if (initDataType === 'keyids') this.keyIds = (JSON.parse(utf8Decode(data)) as { kids: string[] }).kids.map((k) => bytesToHex(Uint8Array.from(atob(k.replace(/-/g, '+').replace(/_/g, '/') + '=='.slice(0, (4 - (k.length % 4)) % 4)), (c) => c.charCodeAt(0))));
    else if (initDataType === 'cenc') this.keyIds = parsePsshBoxes(data).flatMap((b) => b.keyIds);
    else if (initDataType === 'skd') {
      // FairPlay key ids are opaque 16-byte values; derive one from the asset id for the statuses.
      this.assetId = utf8Decode(data).slice(6);
      this.keyIds = [bytesToHex(utf8Encode(this.assetId.padEnd(16, '\0').slice(0, 16)))];
    }
    let message: Uint8Array;
    if (ks === 'org.w3.clearkey') message = utf8Encode(JSON.stringify({ kids: this.keyIds.map((k) => bytesToBase64Url(hexToBytes(k))), type: 'temporary' }));
    else if (ks.startsWith('com.microsoft.playready')) {
      const xml = `<PlayReadyKeyMessage type="LicenseAcquisition"><LicenseAcquisition Version="1"><Challenge encoding="base64encoded">${bytesToBase64(utf8Encode(PLAYREADY_CHALLENGE))}</Challenge><HttpHeaders><HttpHeader><name>Content-Type</name><value>text/xml; charset=utf-8</value></HttpHeader><HttpHeader><name>SOAPAction</name><value>"http://schemas.microsoft.com/DRM/2007/03/protocols/AcquireLicense"</value></HttpHeader></HttpHeaders></LicenseAcquisition></PlayReadyKeyMessage>`;
      message = utf16le(xml);
    } else if (ks === 'com.apple.fps') {
      if (!this.keys.certificate) throw new Error('InvalidStateError: no server certificate');
      message = utf8Encode(`SPC(${this.assetId})`);
    } else message = new Uint8Array([0x08, 0x04, 0x12, 0x10, ...hexToBytes(this.keyIds[0] ?? '00'.repeat(16))]); // Widevine-like protobuf
    queueMicrotask(() => this.emitMessage('license-request', message));
  }

  emitMessage(type: 'license-request' | 'license-renewal', message: Uint8Array): void {
    for (const l of this.listeners.message) l(type, message.buffer.slice(message.byteOffset, message.byteOffset + message.byteLength) as ArrayBuffer);
  }

  setStatuses(statuses: { keyId: string; status: KeyStatus }[]): void {
    for (const l of this.listeners.keystatuseschange) l(statuses.map((s) => ({ keyId: hexToBytes(s.keyId), status: s.status })));
  }

  async load(): Promise<boolean> {
    return false;
  }

  async update(response: ArrayBuffer | Uint8Array): Promise<void> {
    const bytes = response instanceof Uint8Array ? response : new Uint8Array(response);
    this.updates.push(bytes);
    if (this.keys.rejectUpdates) throw new Error('TypeError: invalid license');
    this.setStatuses(this.keyIds.map((keyId) => ({ keyId, status: 'usable' as KeyStatus })));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async remove(): Promise<void> {}

  expiration(): number {
    return NaN;
  }

  on<K extends keyof EmeSessionEvents>(event: K, listener: EmeSessionEvents[K]): () => void {
    (this.listeners[event] as EmeSessionEvents[K][]).push(listener);
    return () => {
      const list = this.listeners[event] as EmeSessionEvents[K][];
      list.splice(list.indexOf(listener), 1);
    };
  }
}

export class FakeMediaKeys implements EmeMediaKeys {
  readonly sessions: FakeSession[] = [];
  certificate: Uint8Array | null = null;
  rejectUpdates = false;

  constructor(
    readonly cdm: FakeEme,
    readonly keySystem: string,
  ) {}

  createSession(sessionType: 'temporary' | 'persistent-license' = 'temporary'): EmeSession {
    const s = new FakeSession(this, sessionType);
    this.sessions.push(s);
    return s;
  }

  async setServerCertificate(certificate: ArrayBuffer | Uint8Array): Promise<boolean> {
    this.certificate = certificate instanceof Uint8Array ? certificate : new Uint8Array(certificate);
    return true;
  }
}

export class FakeEme implements EmeSurface {
  sessionCounter = 0;
  readonly attempts: { keySystem: string; configurations: KeySystemConfiguration[] }[] = [];
  attached: FakeMediaKeys | null = null;
  lastKeys: FakeMediaKeys | null = null;
  private encrypted: ((type: string, data: ArrayBuffer) => void)[] = [];

  constructor(private readonly supported: string[]) {}

  async requestMediaKeys(keySystem: string, configurations: KeySystemConfiguration[]): Promise<EmeMediaKeys> {
    this.attempts.push({ keySystem, configurations });
    if (!this.supported.includes(keySystem)) throw new Error(`NotSupportedError: ${keySystem} is not supported`);
    this.lastKeys = new FakeMediaKeys(this, keySystem);
    return this.lastKeys;
  }

  async attach(mediaKeys: EmeMediaKeys | null): Promise<void> {
    this.attached = mediaKeys as FakeMediaKeys | null;
  }

  onEncrypted(listener: (initDataType: string, initData: ArrayBuffer) => void): () => void {
    this.encrypted.push(listener);
    return () => (this.encrypted = this.encrypted.filter((l) => l !== listener));
  }

  fireEncrypted(type: string, data: Uint8Array): void {
    for (const l of this.encrypted) l(type, data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
  }
}

/**
 * A licence server in memory, the DRM suites' preset of the shared test-kit network: `handler`
 * (given the 1-based request count) decides each answer, possibly asynchronously; no clock,
 * and every status is resolved — the licence path reads statuses itself.
 */
export class FakeNetwork extends ScriptedNetwork {
  constructor(handler: (req: NetworkRequest, n: number) => { status: number; body: Uint8Array | string } | Promise<{ status: number; body: Uint8Array | string }>) {
    super({ httpErrors: 'resolve' }, (req, ctx) => handler(req, ctx.index + 1));
  }

  /** Every request the server saw, in order. */
  get requests(): LoggedRequest[] {
    return this.log;
  }
}

/** A clock whose timers fire immediately (retries and back-off without waiting). */
export const instantClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  setTimeout: (cb: () => void, ms: number): TimerHandle => (ms >= 10_000 ? setTimeout(cb, 1e9) : setTimeout(cb, 0)),
  clearTimeout: (h: TimerHandle) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
