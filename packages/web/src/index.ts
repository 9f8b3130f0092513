/**
 * @packageDocumentation
 * Edgeplay for browsers: {@link createPlayer} binds the core engine to an
 * HTMLVideoElement, MediaSource/ManagedMediaSource, fetch and EME.
 */
export { createPlayer, type CreatePlayerOptions, type WebPlayer } from './create-player.js';
export { FetchNetworkClient } from './fetch-network-client.js';
export { MseMediaSink } from './mse-media-sink.js';
export { MseSourceBuffer } from './mse-source-buffer.js';
export { BrowserEmeSurface } from './browser-eme-surface.js';
export { VideoTextTrackRenderer } from './video-text-track-renderer.js';
export { OverlayTextRenderer } from './overlay-text-renderer.js';
export { layoutCue, runCss, type OverlayCueLayout, type OverlayRun } from './text-overlay-layout.js';
export * from '@edgeplay/core';
export const version = '0.1.0';
