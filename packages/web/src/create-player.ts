/**
 * `createPlayer(video, config)`: the core Player bound to this browser — fetch
 * for the network, MediaSource for the sink, EME for DRM, a TextTrack for
 * subtitles, the system clock.
 */
import { Player, systemClock, type DeepPartial, type PlayerConfig, type TextRenderer } from '@edgeplay/core';
import { BrowserEmeSurface } from './browser-eme-surface.js';
import { FetchNetworkClient } from './fetch-network-client.js';
import { MseMediaSink } from './mse-media-sink.js';
import { VideoTextTrackRenderer } from './video-text-track-renderer.js';

/** The player returned by {@link createPlayer}. */
export type WebPlayer = Player;

/** Platform choices of {@link createPlayer}. */
export interface CreatePlayerOptions {
  /**
   * Where subtitles go. Default: a TextTrack on the video (VTTCue). Pass an
   * `OverlayTextRenderer` for TTML styling, region boxes and image subtitles.
   */
  textRenderer?: TextRenderer;
}

/**
 * Creates a player for `video`.
 * @example
 * const player = createPlayer(document.querySelector('video')!, { streaming: { bufferGoal: 30 } });
 * await player.load('https://cdn.example.com/title/manifest.mpd');
 */
export function createPlayer(video: HTMLVideoElement, config?: DeepPartial<PlayerConfig>, options: CreatePlayerOptions = {}): WebPlayer {
  return new Player(
    {
      clock: systemClock,
      network: new FetchNetworkClient(),
      sink: new MseMediaSink(video),
      eme: new BrowserEmeSurface(video),
      textRenderer: options.textRenderer ?? new VideoTextTrackRenderer(video),
    },
    config,
  );
}
