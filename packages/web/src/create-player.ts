/**
 * `createPlayer(video, config, components?)`: the core Player bound to this
 * browser — fetch for the network, MediaSource for the sink, EME for DRM, a
 * TextTrack for subtitles, the system clock — composed of the default
 * components unless `components` replaces some (ABR strategy, estimator,
 * pathway selector, load-error policy, buffer policy, manifest parsers,
 * segment stages, text, telemetry).
 */
import { ModularPlayer, Player, attachCmcd, systemClock, type DeepPartial, type MediaError, type NetworkClient, type ModularPlayerComponents, type PlayerComponents, type PlayerConfig, type PlayerDeps, type TextRenderer } from '@edgeplay/core';
import { BrowserEmeSurface } from './browser-eme-surface.js';
import { FetchNetworkClient } from './fetch-network-client.js';
import { LocalKeyValueStorage } from './local-key-value-storage.js';
import { NetworkInformationHints } from './network-information-hints.js';
import { MseMediaSink, type MseSinkQuirks } from './mse-media-sink.js';
import { VideoTextTrackRenderer } from './video-text-track-renderer.js';
import { webSegmentStages } from './web-segment-stages.js';
import type { WorkerLike } from './worker-transmuxer-port.js';

/** The player returned by {@link createPlayer}. */
export type WebPlayer = Player;

/** Platform choices of {@link createPlayer}. */
export interface CreatePlayerOptions {
  /**
   * Where subtitles go. Default: a TextTrack on the video (VTTCue). Pass an
   * `OverlayTextRenderer` for TTML styling, region boxes and image subtitles.
   */
  textRenderer?: TextRenderer;
  /** Where requests go. Default: `fetch`. Offline playback passes the storage-backed client. */
  network?: NetworkClient;
  /**
   * Where MPEG-TS / packed audio is transmuxed. Default: a Web Worker running
   * `edgeplay-transmux-worker.js` from next to this module (main thread where
   * `Worker` is missing or the worker fails, reported as a recoverable
   * `TRANSMUX_WORKER_FAILED` error). `false`: main thread; a function: your own worker.
   */
  transmuxWorker?: boolean | (() => WorkerLike);
  /** Platform corrections of the MediaSource sink (type-support answers, seek landing); `@edgeplay/tv` passes its profile's. */
  sinkQuirks?: MseSinkQuirks;
}

/**
 * Creates a player for `video`.
 * @example
 * const player = createPlayer(document.querySelector('video')!, { streaming: { bufferGoal: 30 } });
 * await player.load('https://cdn.example.com/title/manifest.mpd');
 * @example
 * // A DASH-only player with its own ABR strategy:
 * const custom = createPlayer(video, {}, { manifestParsers: [dashFormat], abrStrategy: new MyStrategy() });
 */
export function createPlayer(video: HTMLVideoElement, config?: DeepPartial<PlayerConfig>, components?: Partial<PlayerComponents>, options: CreatePlayerOptions = {}): WebPlayer {
  return browserPlayer(browserPlayerDeps(video, options), config, components, options.transmuxWorker);
}

/** A Player on browser `deps`, with CMCD per `config.cmcd` (off by default; read per request, so `configure()` switches it). */
export function browserPlayer(deps: PlayerDeps, config?: DeepPartial<PlayerConfig>, components?: Partial<PlayerComponents>, transmuxWorker: CreatePlayerOptions['transmuxWorker'] = true): WebPlayer {
  let report: (e: MediaError) => void = () => undefined;
  const player = new Player(deps, config, { segmentStages: webSegmentStages({ transmuxWorker, onWorkerFallback: (e) => report(e) }), ...components });
  report = (e) => player.reportRecoverable(e);
  attachCmcd(player);
  return player;
}

/**
 * A ModularPlayer on browser `deps` with only the modules in `components`
 * (the DASH-only, HLS-only and no-DRM entries), CMCD as in {@link browserPlayer}.
 */
export function browserModularPlayer(deps: PlayerDeps, config: DeepPartial<PlayerConfig> | undefined, components: (onWorkerFallback: (e: MediaError) => void) => ModularPlayerComponents): ModularPlayer {
  let report: (e: MediaError) => void = () => undefined;
  const player = new ModularPlayer(deps, config, components((e) => report(e)));
  report = (e) => player.reportRecoverable(e);
  attachCmcd(player);
  return player;
}

/** The browser platform a Player runs on: the system clock, MediaSource on `video`, EME, localStorage, the Network Information API, and the options' network and subtitle renderer. */
export function browserPlayerDeps(video: HTMLVideoElement, options: CreatePlayerOptions = {}): PlayerDeps {
  return {
    clock: systemClock,
    network: options.network ?? new FetchNetworkClient(),
    sink: new MseMediaSink(video, options.sinkQuirks),
    eme: new BrowserEmeSurface(video),
    textRenderer: options.textRenderer ?? new VideoTextTrackRenderer(video),
    // The start prior's evidence: the last session's estimate (localStorage) and navigator.connection.downlink.
    storage: new LocalKeyValueStorage(),
    networkHints: new NetworkInformationHints(),
  };
}
