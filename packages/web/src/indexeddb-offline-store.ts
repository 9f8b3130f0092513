/**
 * {@link OfflineStore} on IndexedDB, through `idb` (Jake Archibald's promise
 * wrapper: ~1.2 KB brotli, typed, maintained since 2016) rather than
 * hand-written request/transaction plumbing. Two object stores: `records`
 * (one per download, rewritten as it progresses) and `resources` keyed by
 * `[downloadId, key]`, so removing a download is one key-range delete.
 * Asks the browser for persistent storage (`navigator.storage.persist()`)
 * once, so downloads are not evicted under storage pressure.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { OfflineError, type DownloadRecord, type OfflineStore, type PendingRelease } from '@edgeplay/core';

/** 2: the `releases` store (licence lifecycle). */
const VERSION = 2;

export class IndexedDbOfflineStore implements OfflineStore {
  private db: Promise<IDBPDatabase> | null = null;
  private persisted: Promise<boolean> | null = null;

  constructor(private readonly name = 'edgeplay-offline') {}

  /** Whether the browser granted persistent storage (asked once). */
  persist(): Promise<boolean> {
    this.persisted ??= (navigator.storage?.persist?.() ?? Promise.resolve(false)).catch(() => false);
    return this.persisted;
  }

  private open(): Promise<IDBPDatabase> {
    this.db ??= openDB(this.name, VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore('records', { keyPath: 'id' });
          db.createObjectStore('resources');
        }
        if (oldVersion < 2) db.createObjectStore('releases', { keyPath: 'licenceId' });
      },
    }).catch((e: unknown) => {
      this.db = null;
      throw new OfflineError('OFFLINE_STORAGE_FAILED', `IndexedDB ${this.name} could not be opened: ${(e as Error)?.message ?? e}`, { cause: e });
    });
    return this.db;
  }

  private async run<T>(what: string, fn: (db: IDBPDatabase) => Promise<T>): Promise<T> {
    const db = await this.open();
    try {
      return await fn(db);
    } catch (e) {
      if (e instanceof OfflineError) throw e;
      const name = (e as { name?: string })?.name;
      throw new OfflineError(name === 'QuotaExceededError' ? 'OFFLINE_QUOTA_EXCEEDED' : 'OFFLINE_STORAGE_FAILED', `IndexedDB ${what} failed: ${(e as Error)?.message ?? e}`, { cause: e });
    }
  }

  async putRecord(record: DownloadRecord): Promise<void> {
    void this.persist();
    await this.run('record write', (db) => db.put('records', record));
  }

  getRecord(id: string): Promise<DownloadRecord | null> {
    return this.run('record read', async (db) => ((await db.get('records', id)) as DownloadRecord | undefined) ?? null);
  }

  listRecords(): Promise<DownloadRecord[]> {
    return this.run('record list', (db) => db.getAll('records') as Promise<DownloadRecord[]>);
  }

  async deleteRecord(id: string): Promise<void> {
    await this.run('record delete', (db) => db.delete('records', id));
  }

  async putResource(downloadId: string, key: string, data: Uint8Array): Promise<void> {
    await this.run('resource write', (db) => db.put('resources', data, [downloadId, key]));
  }

  getResource(downloadId: string, key: string): Promise<Uint8Array | null> {
    return this.run('resource read', async (db) => ((await db.get('resources', [downloadId, key])) as Uint8Array | undefined) ?? null);
  }

  async deleteResources(downloadId: string): Promise<void> {
    // Every [downloadId, *] key: arrays compare element-wise, and [] sorts after every string.
    await this.run('resource delete', (db) => db.delete('resources', IDBKeyRange.bound([downloadId], [downloadId, []])));
  }

  listResourceOwners(): Promise<string[]> {
    return this.run('resource owners', async (db) => {
      // One key per owner: after each hit, jump past every [owner, *] key instead of walking them.
      const owners: string[] = [];
      let cursor = await db.transaction('resources').store.openKeyCursor();
      while (cursor) {
        const owner = (cursor.key as [string, string])[0];
        owners.push(owner);
        cursor = await cursor.continue([owner, []]);
      }
      return owners;
    });
  }

  async putPendingRelease(release: PendingRelease): Promise<void> {
    await this.run('release write', (db) => db.put('releases', release));
  }

  listPendingReleases(): Promise<PendingRelease[]> {
    return this.run('release list', (db) => db.getAll('releases') as Promise<PendingRelease[]>);
  }

  async deletePendingRelease(licenceId: string): Promise<void> {
    await this.run('release delete', (db) => db.delete('releases', licenceId));
  }

  async estimate(): Promise<{ usage: number; quota: number } | null> {
    const e = await navigator.storage?.estimate?.().catch(() => null);
    return e && typeof e.usage === 'number' && typeof e.quota === 'number' ? { usage: e.usage, quota: e.quota } : null;
  }
}
