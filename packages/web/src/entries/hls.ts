/**
 * Bundle entry of an HLS-only page (measured by `npm run size`): a player
 * with the HLS parsers and stages and without the MPD parser or the WebM
 * Cues reader (see entry-components.ts). A DASH URL fails with
 * `MANIFEST_WRONG_FORMAT`.
 */
import type { DeepPartial, ModularPlayer, PlayerConfig } from '@edgeplay/core';
import { browserModularPlayer, browserPlayerDeps, type CreatePlayerOptions } from '../create-player.js';
import { hlsEntryComponents } from './entry-components.js';

/** The player returned by this entry's {@link createPlayer}. */
export type WebPlayer = ModularPlayer;

/** Like the main `createPlayer`, for HLS only. */
export function createPlayer(video: HTMLVideoElement, config?: DeepPartial<PlayerConfig>, options: CreatePlayerOptions = {}): WebPlayer {
  return browserModularPlayer(browserPlayerDeps(video, options), config, hlsEntryComponents);
}
