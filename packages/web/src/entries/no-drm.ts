/**
 * Bundle entry of a page that plays clear content only (measured by
 * `npm run size`): the player without the browser EME binding and its
 * encryption-scheme polyfill. Protected content then plays as if clear (the
 * Player starts no DRM without an EME surface), so decoding fails with a
 * media error; use the full entry for protected titles.
 *
 * Composes the Player itself rather than through `createPlayer` so that
 * nothing here imports `BrowserEmeSurface`. The core DRM manager is still in
 * the bundle until the Player takes DRM as an optional component.
 */
import { Player, attachCmcd, systemClock, type DeepPartial, type PlayerConfig } from '@edgeplay/core';
import { FetchNetworkClient } from '../fetch-network-client.js';
import { MseMediaSink } from '../mse-media-sink.js';
import { VideoTextTrackRenderer } from '../video-text-track-renderer.js';

/** Like the main `createPlayer`, without DRM. */
export function createPlayer(video: HTMLVideoElement, config?: DeepPartial<PlayerConfig>): Player {
  const player = new Player({ clock: systemClock, network: new FetchNetworkClient(), sink: new MseMediaSink(video), textRenderer: new VideoTextTrackRenderer(video) }, config);
  attachCmcd(player);
  return player;
}
