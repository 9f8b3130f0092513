/**
 * Bundle entry of a DASH-only page (measured by `npm run size`): a player
 * with the DASH parser and without the HLS parsers, the MPEG-TS transmux
 * stage or the HLS timeline stage (see entry-components.ts). An HLS URL
 * fails with `MANIFEST_WRONG_FORMAT`.
 */
import type { DeepPartial, ModularPlayer, PlayerConfig } from '@edgeplay/core';
import { browserModularPlayer, browserPlayerDeps, type CreatePlayerOptions } from '../create-player.js';
import { dashEntryComponents } from './entry-components.js';

/** The player returned by this entry's {@link createPlayer}. */
export type WebPlayer = ModularPlayer;

/** Like the main `createPlayer`, for DASH only. */
export function createPlayer(video: HTMLVideoElement, config?: DeepPartial<PlayerConfig>, options: CreatePlayerOptions = {}): WebPlayer {
  return browserModularPlayer(browserPlayerDeps(video, options), config, dashEntryComponents);
}
