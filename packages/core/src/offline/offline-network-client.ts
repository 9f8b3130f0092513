import { NetworkError } from '../errors/network-error.js';
import type { NetworkClient, NetworkRequest, NetworkResponse, PendingRequest, TransferObserver } from '../platform/network-client.js';
import type { Clock } from '../platform/clock.js';
import { checksum } from './checksum.js';
import { MANIFEST_KEY } from './download-manager.js';
import type { DownloadRecord } from './download-record.js';
import type { OfflineStore } from './offline-store.js';
import { resourceKey } from './resource-key.js';

/** The URI scheme of stored titles: `player.load('offline:<download id>')`. */
export const OFFLINE_SCHEME = 'offline:';

/**
 * A NetworkClient that plays stored downloads through the same Player (ABR,
 * buffering, text and DRM code paths are the online ones): `offline:<id>`
 * answers with the stored manifest under its original URL, and every request
 * under that download's pathway base URLs is answered from storage, whichever
 * cache URL the player picks. Everything else (licence renewals, telemetry)
 * goes to `inner`. A resource whose checksum no longer matches answers as a
 * failed request (`OFFLINE_RESOURCE_CORRUPT` in the details), never as
 * corrupt media.
 */
export class OfflineNetworkClient implements NetworkClient {
  private active: { record: DownloadRecord; checksums: Map<string, string> } | null = null;

  /** The download being played (after `offline:<id>` was served), or null. */
  playing(): DownloadRecord | null {
    return this.active?.record ?? null;
  }

  constructor(
    private readonly store: OfflineStore,
    private readonly inner: NetworkClient | null,
    private readonly clock: Clock,
  ) {}

  request(req: NetworkRequest, observer?: TransferObserver): PendingRequest {
    if (req.url.startsWith(OFFLINE_SCHEME)) return this.answer(req, () => this.openManifest(req.url.slice(OFFLINE_SCHEME.length)), observer);
    const a = this.active;
    if (a && a.record.bases.some((b) => req.url.startsWith(b))) {
      const key = resourceKey(req.url, a.record.bases, req.byteRange);
      return this.answer(req, () => this.resource(a, key, req), observer);
    }
    if (this.inner) return this.inner.request(req, observer);
    const promise = Promise.reject(new NetworkError('CONNECTION_FAILED', `offline: no network for ${req.url}`, { url: req.url, attempt: 1, kind: req.kind }));
    promise.catch(() => undefined);
    return { promise, abort: () => undefined };
  }

  private async openManifest(id: string): Promise<{ url: string; data: Uint8Array }> {
    const record = await this.store.getRecord(decodeURIComponent(id));
    if (!record) throw new NetworkError('HTTP_ERROR', `no stored download ${id}`, { url: `${OFFLINE_SCHEME}${id}`, attempt: 1, kind: 'manifest', status: 404 });
    // Defence for apps that load `offline:` directly instead of through a licence check: the typed reason is in the details.
    if (record.licence && record.licence.expiresAt <= this.clock.wallNow()) {
      throw new NetworkError('HTTP_ERROR', `the offline licence of download ${id} has expired`, { url: `${OFFLINE_SCHEME}${id}`, attempt: 1, kind: 'manifest', status: 403, offline: 'OFFLINE_LICENCE_EXPIRED' });
    }
    const data = await this.store.getResource(record.id, MANIFEST_KEY);
    if (!data) throw new NetworkError('HTTP_ERROR', `download ${id} has no stored manifest`, { url: `${OFFLINE_SCHEME}${id}`, attempt: 1, kind: 'manifest', status: 404 });
    this.active = { record, checksums: new Map(record.resources.filter((r) => r.checksum).map((r) => [r.key, r.checksum!])) };
    return { url: record.manifestUrl, data };
  }

  private async resource(a: NonNullable<OfflineNetworkClient['active']>, key: string, req: NetworkRequest): Promise<{ url: string; data: Uint8Array }> {
    const data = await this.store.getResource(a.record.id, key);
    if (!data) throw new NetworkError('HTTP_ERROR', `not downloaded: ${req.url}`, { url: req.url, attempt: 1, kind: req.kind, status: 404, offline: 'OFFLINE_RESOURCE_MISSING' });
    const expected = a.checksums.get(key);
    if (expected && checksum(data) !== expected) {
      throw new NetworkError('HTTP_ERROR', `stored copy of ${req.url} is corrupt (checksum)`, { url: req.url, attempt: 1, kind: req.kind, status: 500, offline: 'OFFLINE_RESOURCE_CORRUPT' });
    }
    return { url: req.url, data };
  }

  private answer(req: NetworkRequest, read: () => Promise<{ url: string; data: Uint8Array }>, observer?: TransferObserver): PendingRequest {
    const start = this.clock.now();
    let aborted = false;
    const promise = read().then(({ url, data }): NetworkResponse => {
      if (aborted) throw new NetworkError('ABORTED', `aborted ${req.url}`, { url: req.url, attempt: 1, kind: req.kind });
      const now = this.clock.now();
      observer?.onHeaders?.(200, now);
      observer?.onProgress?.(data.byteLength, data.byteLength, now, data);
      const body = data.buffer.byteLength === data.byteLength ? data.buffer : data.slice().buffer;
      // fromCache: storage reads are not network throughput samples.
      return { url, status: 200, headers: {}, data: body as ArrayBuffer, bytes: data.byteLength, timing: { requestStart: start, firstByte: now, end: now }, fromCache: true };
    });
    promise.catch(() => undefined);
    return { promise, abort: () => { aborted = true; } };
  }
}
