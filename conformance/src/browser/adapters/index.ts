/** The player adapters by name (`player=` on the runner URL, `--player` on the CLI). */
import type { AdapterFactory } from './player-adapter.js';
import { edgeplayAdapter } from './edgeplay-adapter.js';
import { dashjsAdapter, hlsjsAdapter, shakaAdapter } from './peer-adapters.js';

export const ADAPTERS: Record<string, AdapterFactory> = {
  edgeplay: edgeplayAdapter,
  shaka: shakaAdapter,
  hlsjs: hlsjsAdapter,
  dashjs: dashjsAdapter,
};
