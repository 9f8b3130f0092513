/**
 * @packageDocumentation
 * Edgeplay for browsers: {@link createPlayer} binds the core engine to an
 * HTMLVideoElement, MediaSource/ManagedMediaSource, fetch and EME.
 */
export { createPlayer, type WebPlayer } from './create-player.js';
export { FetchNetworkClient } from './fetch-network-client.js';
export { MseMediaSink } from './mse-media-sink.js';
export { MseSourceBuffer } from './mse-source-buffer.js';
export { BrowserEmeSurface } from './browser-eme-surface.js';
export { IndexedDbOfflineStore } from './indexeddb-offline-store.js';
export { createOfflineStorage, type OfflineStorage } from './offline-storage.js';
export { VideoTextTrackRenderer } from './video-text-track-renderer.js';
export * from '@edgeplay/core';
export const version = '0.1.0';
