import type { DownloadRecord, PendingRelease } from './download-record.js';

/**
 * Where downloads live: records (one per title, small, rewritten as the
 * download progresses) and resources (manifest, playlists, init and media
 * segments, each written once). The web adapter implements it on IndexedDB;
 * tests and the simulator use {@link MemoryOfflineStore}.
 */
export interface OfflineStore {
  putRecord(record: DownloadRecord): Promise<void>;
  getRecord(id: string): Promise<DownloadRecord | null>;
  listRecords(): Promise<DownloadRecord[]>;
  deleteRecord(id: string): Promise<void>;
  putResource(downloadId: string, key: string, data: Uint8Array): Promise<void>;
  getResource(downloadId: string, key: string): Promise<Uint8Array | null>;
  /** Deletes every resource of a download. */
  deleteResources(downloadId: string): Promise<void>;
  /** Bytes used and available (`navigator.storage.estimate()` on the web); null when unknown. */
  estimate(): Promise<{ usage: number; quota: number } | null>;
  /** Download ids that own at least one resource (finds resources a crash left without a record). */
  listResourceOwners(): Promise<string[]>;
  /** Licence releases queued while offline (kept after their record is gone). */
  putPendingRelease(release: PendingRelease): Promise<void>;
  listPendingReleases(): Promise<PendingRelease[]>;
  deletePendingRelease(licenceId: string): Promise<void>;
}

/** An in-memory {@link OfflineStore} with an optional quota (tests, simulator, Node). */
export class MemoryOfflineStore implements OfflineStore {
  private readonly records = new Map<string, DownloadRecord>();
  private readonly resources = new Map<string, Map<string, Uint8Array>>();
  private readonly releases = new Map<string, PendingRelease>();

  constructor(private readonly quotaBytes: number | null = null) {}

  async putRecord(record: DownloadRecord): Promise<void> {
    this.records.set(record.id, structuredClone(record));
  }

  async getRecord(id: string): Promise<DownloadRecord | null> {
    const r = this.records.get(id);
    return r ? structuredClone(r) : null;
  }

  async listRecords(): Promise<DownloadRecord[]> {
    return [...this.records.values()].map((r) => structuredClone(r));
  }

  async deleteRecord(id: string): Promise<void> {
    this.records.delete(id);
  }

  async putResource(downloadId: string, key: string, data: Uint8Array): Promise<void> {
    let m = this.resources.get(downloadId);
    if (!m) this.resources.set(downloadId, (m = new Map()));
    m.set(key, data.slice());
  }

  async getResource(downloadId: string, key: string): Promise<Uint8Array | null> {
    return this.resources.get(downloadId)?.get(key)?.slice() ?? null;
  }

  async deleteResources(downloadId: string): Promise<void> {
    this.resources.delete(downloadId);
  }

  async estimate(): Promise<{ usage: number; quota: number } | null> {
    if (this.quotaBytes === null) return null;
    let usage = 0;
    for (const m of this.resources.values()) for (const d of m.values()) usage += d.byteLength;
    return { usage, quota: this.quotaBytes };
  }

  async listResourceOwners(): Promise<string[]> {
    return [...this.resources].filter(([, m]) => m.size > 0).map(([id]) => id);
  }

  async putPendingRelease(release: PendingRelease): Promise<void> {
    this.releases.set(release.licenceId, structuredClone(release));
  }

  async listPendingReleases(): Promise<PendingRelease[]> {
    return [...this.releases.values()].map((r) => structuredClone(r));
  }

  async deletePendingRelease(licenceId: string): Promise<void> {
    this.releases.delete(licenceId);
  }

  /** Test hook: flips a byte of a stored resource (storage corruption). */
  corrupt(downloadId: string, key: string): boolean {
    const d = this.resources.get(downloadId)?.get(key);
    if (!d || d.byteLength === 0) return false;
    d[d.byteLength >> 1]! ^= 0xff;
    return true;
  }
}
