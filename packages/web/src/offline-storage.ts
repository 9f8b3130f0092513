/**
 * Offline downloads in the browser: the core {@link DownloadManager} over
 * IndexedDB and `fetch`, and the network client that plays stored titles
 * (`offline:<id>`) through the same Player.
 */
import { DownloadManager, OfflineNetworkClient, defaultManifestFormats, downloadedTracksOnly, systemClock, type DeepPartial, type DownloadManagerOptions, type NetworkClient, type OfflineStore, type PlayerComponents, type PlayerConfig } from '@edgeplay/core';
import { browserPlayer, browserPlayerDeps, type WebPlayer } from './create-player.js';
import { FetchNetworkClient } from './fetch-network-client.js';
import { IndexedDbOfflineStore } from './indexeddb-offline-store.js';

/** What {@link createOfflineStorage} returns. */
export interface OfflineStorage {
  /** estimate / store / resume / list / remove / verify. */
  readonly manager: DownloadManager;
  readonly store: OfflineStore;
  /** The NetworkClient a Player uses to play stored titles (`player.load('offline:<id>')`); other requests go to the network. */
  readonly network: NetworkClient;
  /** A player on `video` that plays stored titles (`load('offline:<id>')`) and, for anything not stored, the network. */
  createPlayer(video: HTMLVideoElement, config?: DeepPartial<PlayerConfig>, components?: Partial<PlayerComponents>): WebPlayer;
}

/** Downloads into IndexedDB (database `edgeplay-offline` unless `store` is given). */
export function createOfflineStorage(options: { store?: OfflineStore } & Partial<Pick<DownloadManagerOptions, 'parallelism' | 'requestFilters' | 'quotaShare'>> = {}): OfflineStorage {
  const store = options.store ?? new IndexedDbOfflineStore();
  const fetchClient = new FetchNetworkClient();
  const manager = new DownloadManager({ network: fetchClient, clock: systemClock, store, ...options });
  const network = new OfflineNetworkClient(store, fetchClient, systemClock);
  return { manager, store, network, createPlayer: (video, config, components) =>
    browserPlayer(browserPlayerDeps(video, { network }), config, { ...components, manifestParsers: downloadedTracksOnly(components?.manifestParsers ?? defaultManifestFormats(), () => network.playing()) }) };
}
