/** The subtitle module of the full player (`PlayerComponents.textModule`). */
import { TextStreamer } from '../text/text-streamer.js';
import type { TextModule } from './player-components.js';

/** WebVTT, wvtt and TTML / IMSC (stpp) subtitles through a `TextStreamer` per text track shown. */
export const defaultTextModule: TextModule = {
  start(options) {
    const streamer = new TextStreamer(options);
    streamer.start();
    return streamer;
  },
};
