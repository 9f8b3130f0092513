/** Types of players.mjs. */
import type { PlayerName } from './matrix.mjs';
export declare const PLAYERS_BY_PROTOCOL: { hls: readonly PlayerName[]; dash: readonly PlayerName[] };
export declare const PLAYER_PAGES: Record<PlayerName, { head: string; script: string; module: boolean }>;
export declare function pageHtml(player: PlayerName, instrumentation: string): string;
