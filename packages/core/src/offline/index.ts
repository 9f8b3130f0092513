export { DownloadManager, MANIFEST_KEY, type DownloadManagerOptions, type DownloadEstimate, type DownloadProgress, type DownloadEvents, type DownloadOperation } from './download-manager.js';
export type { DownloadRecord, DownloadResource, DownloadState } from './download-record.js';
export { storedBytes, expectedBytes, playableUntil } from './download-record.js';
export { pickTracks, type TrackPreferences } from './download-plan.js';
export { MemoryOfflineStore, type OfflineStore } from './offline-store.js';
export { OfflineNetworkClient, OFFLINE_SCHEME } from './offline-network-client.js';
export { resourceKey } from './resource-key.js';
export { checksum } from './checksum.js';
export { downloadedTracksOnly, keepDownloaded } from './downloaded-tracks-only.js';
