/**
 * Offline downloads in the browser: the core {@link DownloadManager} over
 * IndexedDB and `fetch`, the licence lifecycle of encrypted titles
 * (download licence from the licence server; a persistent session where the
 * CDM has them, else the kept licence answer), and the network client that
 * plays stored titles (`offline:<id>`) through the same Player.
 */
import {
  DownloadManager, EmeOfflineCdm, HttpDownloadLicenceService, OfflineLicences, OfflineNetworkClient, assertLicencePlayable, defaultManifestFormats, offlineDrmConfig, downloadedTracksOnly, systemClock,
  type DeepPartial, type DownloadLicenceService, type DownloadManagerOptions, type NetworkClient, type OfflineStore, type Player, type PlayerComponents, type PlayerConfig,
} from '@edgeplay/core';
import { BrowserEmeSurface } from './browser-eme-surface.js';
import { browserPlayer, browserPlayerDeps, type WebPlayer } from './create-player.js';
import { FetchNetworkClient } from './fetch-network-client.js';
import { IndexedDbOfflineStore } from './indexeddb-offline-store.js';

/** What {@link createOfflineStorage} returns. */
export interface OfflineStorage {
  /** estimate / store / resume / list / remove / verify / getLicence / renewLicence / cleanUp. */
  readonly manager: DownloadManager;
  readonly store: OfflineStore;
  /** The licence lifecycle (null when no licence service was configured: only clear titles can be stored). */
  readonly licences: OfflineLicences | null;
  /** The NetworkClient a Player uses to play stored titles (`player.load('offline:<id>')`); other requests go to the network. */
  readonly network: NetworkClient;
  /** A player on `video` that plays stored titles and, for anything not stored, the network. */
  createPlayer(video: HTMLVideoElement, config?: DeepPartial<PlayerConfig>, components?: Partial<PlayerComponents>): WebPlayer;
  /**
   * Plays download `id` on a player from {@link createPlayer}: checks the
   * licence (rejects with OfflineError OFFLINE_LICENCE_EXPIRED when it lapsed),
   * configures DRM from the stored licence, then loads `offline:<id>`.
   */
  play(player: Player, id: string, startTime?: number): Promise<void>;
}

/** Options of {@link createOfflineStorage}. */
export interface OfflineStorageOptions extends Partial<Pick<DownloadManagerOptions, 'parallelism' | 'requestFilters' | 'quotaShare'>> {
  store?: OfflineStore;
  /**
   * The licence server's download policy, for encrypted titles: the
   * reference server's endpoint (`{ url, headers }`, headers carrying the
   * playback token) or any {@link DownloadLicenceService}.
   */
  licence?: { url: string; headers?: () => Record<string, string> | Promise<Record<string, string>> } | DownloadLicenceService;
}

/** Downloads into IndexedDB (database `edgeplay-offline` unless `store` is given). */
export function createOfflineStorage(options: OfflineStorageOptions = {}): OfflineStorage {
  const { store: given, licence, ...knobs } = options;
  const store = given ?? new IndexedDbOfflineStore();
  const fetchClient = new FetchNetworkClient();
  const service = !licence ? null : 'acquire' in licence ? licence : new HttpDownloadLicenceService({ network: fetchClient, url: licence.url, ...(licence.headers ? { headers: licence.headers } : {}) });
  // MediaKeys need no element until playback: a detached <video> is enough for the EME surface.
  const licences = service ? new OfflineLicences({ service, clock: systemClock, store, cdm: new EmeOfflineCdm(new BrowserEmeSurface(document.createElement('video'))) }) : null;
  const manager = new DownloadManager({ network: fetchClient, clock: systemClock, store, ...knobs, ...(licences ? { licences } : {}) });
  const network = new OfflineNetworkClient(store, fetchClient, systemClock);
  return {
    manager, store, licences, network,
    createPlayer: (video, config, components) =>
      browserPlayer(browserPlayerDeps(video, { network }), config, { ...components, manifestParsers: downloadedTracksOnly(components?.manifestParsers ?? defaultManifestFormats(), () => network.playing()) }),
    async play(player, id, startTime) {
      const record = await manager.get(id);
      assertLicencePlayable(record, systemClock.wallNow());
      if (record.licence) player.configure({ drm: offlineDrmConfig(record) });
      await player.load(`offline:${encodeURIComponent(id)}`, startTime === undefined ? {} : { startTime });
    },
  };
}
