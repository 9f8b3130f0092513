/**
 * Bundle entry of a page that plays clear content only (measured by
 * `npm run size`): the player without the DRM module (DrmManager, key
 * systems, licence formats) and without the browser EME binding. Protected
 * content is refused at load with a `DrmError` `DRM_NOT_REGISTERED`; use
 * the full entry for protected titles. HLS AES-128 and DASH SEA segment
 * decryption are not EME and still play.
 *
 * Builds the platform deps itself rather than through `browserPlayerDeps`
 * so that nothing here imports `BrowserEmeSurface`.
 */
import { systemClock, type DeepPartial, type ModularPlayer, type PlayerConfig } from '@edgeplay/core';
import { browserModularPlayer, type CreatePlayerOptions } from '../create-player.js';
import { FetchNetworkClient } from '../fetch-network-client.js';
import { MseMediaSink } from '../mse-media-sink.js';
import { VideoTextTrackRenderer } from '../video-text-track-renderer.js';
import { noDrmEntryComponents } from './entry-components.js';

/** The player returned by this entry's {@link createPlayer}. */
export type WebPlayer = ModularPlayer;

/** Like the main `createPlayer`, without DRM. */
export function createPlayer(video: HTMLVideoElement, config?: DeepPartial<PlayerConfig>, options: CreatePlayerOptions = {}): WebPlayer {
  const deps = { clock: systemClock, network: options.network ?? new FetchNetworkClient(), sink: new MseMediaSink(video), textRenderer: options.textRenderer ?? new VideoTextTrackRenderer(video) };
  return browserModularPlayer(deps, config, noDrmEntryComponents);
}
