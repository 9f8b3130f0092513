/**
 * Offline downloads in the browser: the core {@link DownloadManager} over
 * IndexedDB and `fetch`, and the network client that plays stored titles
 * (`offline:<id>`) through the same Player.
 */
import { DownloadManager, OfflineNetworkClient, systemClock, type DownloadManagerOptions, type NetworkClient, type OfflineStore } from '@edgeplay/core';
import { FetchNetworkClient } from './fetch-network-client.js';
import { IndexedDbOfflineStore } from './indexeddb-offline-store.js';

/** What {@link createOfflineStorage} returns. */
export interface OfflineStorage {
  /** estimate / store / resume / list / remove / verify. */
  readonly manager: DownloadManager;
  readonly store: OfflineStore;
  /** The NetworkClient a Player uses to play stored titles (`player.load('offline:<id>')`); other requests go to the network. */
  readonly network: NetworkClient;
}

/** Downloads into IndexedDB (database `edgeplay-offline` unless `store` is given). */
export function createOfflineStorage(options: { store?: OfflineStore } & Partial<Pick<DownloadManagerOptions, 'parallelism' | 'requestFilters' | 'quotaShare'>> = {}): OfflineStorage {
  const store = options.store ?? new IndexedDbOfflineStore();
  const fetchClient = new FetchNetworkClient();
  const manager = new DownloadManager({ network: fetchClient, clock: systemClock, store, ...options });
  return { manager, store, network: new OfflineNetworkClient(store, fetchClient, systemClock) };
}
