import type { NetworkFilters } from '../net/network-filters.js';
import type { Clock } from '../platform/clock.js';
import type { EmeSurface } from '../platform/eme-surface.js';
import type { KeyValueStorage } from '../platform/key-value-storage.js';
import type { MediaSink } from '../platform/media-sink.js';
import type { NetworkHints } from '../platform/network-hints.js';
import type { NetworkClient } from '../platform/network-client.js';
import type { TextRenderer } from '../platform/text-renderer.js';

/** What apps may do to the network: filters on every request and response (auth tokens, signing, logging). */
export type PlayerNetwork = NetworkFilters;

/** Platform bindings a Player runs on. */
export interface PlayerDeps {
  clock: Clock;
  network: NetworkClient;
  sink: MediaSink;
  eme?: EmeSurface;
  textRenderer?: TextRenderer;
  /** Persistent storage across sessions; the last throughput estimate is kept there for the next session's first decision. None: nothing persists. */
  storage?: KeyValueStorage;
  /** The platform's network hints (the browser's `navigator.connection.downlink`), evidence for the first decision. */
  networkHints?: NetworkHints;
}

/** Options of `Player.load`. */
export interface LoadOptions {
  /** Start position, seconds (VOD; ignored for live, which starts near the edge). */
  startTime?: number;
}
