import { OfflineError } from '../errors/offline-error.js';
import type { NetworkClient, NetworkRequest } from '../platform/network-client.js';
import { utf8Decode, utf8Encode } from '../drm/bytes.js';

/** What a licence server grants for a download. */
export interface DownloadLicenceGrant {
  /** The licence answer for the CDM (`session.update`). */
  response: Uint8Array;
  /** The server's id of the download licence (renewal and release name it). */
  licenceId: string;
  /** When the offline licence lapses, ms since epoch. */
  expiresAt: number;
}

/**
 * The licence server's download policy, as the offline licence lifecycle
 * needs it. {@link HttpDownloadLicenceService} talks to the reference
 * server; a service with another protocol implements this port.
 * Failures: OfflineError OFFLINE_LICENCE_REFUSED (the server said no:
 * `details.serverCode`, e.g. DOWNLOAD_LIMIT) or OFFLINE_LICENCE_FAILED
 * (no answer, unreadable answer).
 */
export interface DownloadLicenceService {
  /** Exchanges the CDM's licence request (`message`) for a download licence. */
  acquire(keySystem: string, message: Uint8Array): Promise<DownloadLicenceGrant>;
  /** A new expiry for the same licence (no new keys). */
  renew(licenceId: string): Promise<{ expiresAt: number }>;
  /** Frees the download slot; releasing twice is not an error. */
  release(licenceId: string): Promise<void>;
}

/** Where and how {@link HttpDownloadLicenceService} reaches the licence server. */
export interface HttpDownloadLicenceOptions {
  network: NetworkClient;
  /** The download-licence endpoint, e.g. `https://licence.example/license/download`. */
  url: string;
  /** Headers of every call (the playback token: `{ authorization: 'Bearer …' }`); asked each time, so a fresh token can be supplied. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Give up after this long (default 10 s, the DRM licence timeout). */
  timeoutMs?: number;
}

/**
 * The reference server's download-licence protocol: `POST <url>` with the
 * CDM's request (ClearKey: the W3C JSON `{ kids, type }`) → JSON with the
 * licence fields (`keys`), `licenceId` and `expiresAt`;
 * `POST <url>/<id>/renew` → `{ expiresAt }`; `DELETE <url>/<id>`.
 */
export class HttpDownloadLicenceService implements DownloadLicenceService {
  constructor(private readonly o: HttpDownloadLicenceOptions) {}

  async acquire(keySystem: string, message: Uint8Array): Promise<DownloadLicenceGrant> {
    const { json, bytes } = await this.call('POST', this.o.url, message, 'acquire');
    const licenceId = json.licenceId;
    const expiresAt = json.expiresAt;
    if (typeof licenceId !== 'string' || !licenceId || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
      throw new OfflineError('OFFLINE_LICENCE_FAILED', `the ${keySystem} download licence answer has no licenceId/expiresAt`, { details: { keySystem } });
    }
    return { response: bytes, licenceId, expiresAt };
  }

  async renew(licenceId: string): Promise<{ expiresAt: number }> {
    const { json } = await this.call('POST', `${this.o.url}/${encodeURIComponent(licenceId)}/renew`, utf8Encode('{}'), 'renew');
    if (typeof json.expiresAt !== 'number' || !Number.isFinite(json.expiresAt)) throw new OfflineError('OFFLINE_LICENCE_FAILED', 'the licence renewal answer has no expiresAt');
    return { expiresAt: json.expiresAt };
  }

  async release(licenceId: string): Promise<void> {
    await this.call('DELETE', `${this.o.url}/${encodeURIComponent(licenceId)}`, null, 'release');
  }

  private async call(method: 'POST' | 'DELETE', url: string, body: Uint8Array | null, what: string): Promise<{ json: Record<string, unknown>; bytes: Uint8Array }> {
    const headers = { ...(body ? { 'content-type': 'application/json' } : {}), ...((await this.o.headers?.()) ?? {}) };
    const req: NetworkRequest = { url, method, headers, body, kind: 'license', timeoutMs: this.o.timeoutMs ?? 10_000 };
    let status: number;
    let bytes: Uint8Array;
    try {
      const res = await this.o.network.request(req).promise;
      status = res.status;
      bytes = new Uint8Array(res.data);
    } catch (e) {
      throw new OfflineError('OFFLINE_LICENCE_FAILED', `licence ${what} did not reach ${url}: ${(e as Error)?.message ?? e}`, { cause: e, details: { url } });
    }
    let json: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(utf8Decode(bytes));
      if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
    } catch {
      /* judged below: an error status keeps its status, a 2xx must be JSON */
    }
    if (status >= 400) {
      const err = json.error as { code?: unknown; message?: unknown } | undefined;
      const serverCode = typeof err?.code === 'string' ? err.code : undefined;
      throw new OfflineError('OFFLINE_LICENCE_REFUSED', `licence ${what} refused (${status}${serverCode ? ` ${serverCode}` : ''}): ${typeof err?.message === 'string' ? err.message : ''}`.trim(), { details: { status, ...(serverCode ? { serverCode } : {}) } });
    }
    if (!Object.keys(json).length && method === 'POST') throw new OfflineError('OFFLINE_LICENCE_FAILED', `licence ${what} answer is not JSON`, { details: { status } });
    return { json, bytes };
  }
}
