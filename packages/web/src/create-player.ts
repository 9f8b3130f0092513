/**
 * `createPlayer(video, config, components?)`: the core Player bound to this
 * browser — fetch for the network, MediaSource for the sink, EME for DRM, a
 * TextTrack for subtitles, the system clock — composed of the default
 * components unless `components` replaces some (ABR strategy, estimator,
 * pathway selector, load-error policy, buffer policy, manifest parsers,
 * segment stages, text, telemetry).
 */
import { Player, attachCmcd, createCaptionStage, createDecryptStage, createFmp4TimelineStage, createTransmuxStage, systemClock, type DeepPartial, type SegmentStage, type NetworkClient, type PlayerComponents, type PlayerConfig, type PlayerDeps, type TextRenderer } from '@edgeplay/core';
import { BrowserEmeSurface } from './browser-eme-surface.js';
import { FetchNetworkClient } from './fetch-network-client.js';
import { MseMediaSink } from './mse-media-sink.js';
import { VideoTextTrackRenderer } from './video-text-track-renderer.js';
import { WebCryptoPort } from './webcrypto-port.js';

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
  return browserPlayer(browserPlayerDeps(video, options), config, components);
}

/** A Player on browser `deps`, with CMCD per `config.cmcd` (off by default; read per request, so `configure()` switches it). */
export function browserPlayer(deps: PlayerDeps, config?: DeepPartial<PlayerConfig>, components?: Partial<PlayerComponents>): WebPlayer {
  const player = new Player(deps, config, { segmentStages: webSegmentStages(), ...components });
  attachCmcd(player);
  return player;
}

/** The browser platform a Player runs on: the system clock, MediaSource on `video`, EME, and the options' network and subtitle renderer. */
export function browserPlayerDeps(video: HTMLVideoElement, options: CreatePlayerOptions = {}): PlayerDeps {
  return {
    clock: systemClock,
    network: options.network ?? new FetchNetworkClient(),
    sink: new MseMediaSink(video),
    eme: new BrowserEmeSurface(video),
    textRenderer: options.textRenderer ?? new VideoTextTrackRenderer(video),
  };
}

/**
 * The segment stages of a browser Player: HLS AES-128 / AES-256 / AES-256-CTR
 * and DASH SEA decryption on WebCrypto, then MPEG-TS / packed audio → fMP4
 * (on the main thread; the transmuxer chunk loads on the first TS segment),
 * the HLS fMP4 first-tfdt → playlist-time mapping, and CEA-608/708 caption
 * extraction from the video (last, on the fMP4 that is appended). Fresh per Player (each has its own key
 * cache). Pass your own `segmentStages` to replace them.
 */
export function webSegmentStages(): SegmentStage[] {
  return [createDecryptStage({ cryptoPort: () => new WebCryptoPort() }), createTransmuxStage(), createFmp4TimelineStage(), createCaptionStage()];
}
