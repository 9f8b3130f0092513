/** HLS: multivariant and media playlist parsing into the presentation model. */
export { parseHlsManifest, applyMediaPlaylist, type HlsParseOptions } from './multivariant-parser.js';
export { parseHlsMediaPlaylist, hlsReloadDelay, type HlsMediaPlaylist, type HlsMediaPlaylistOptions } from './media-playlist-parser.js';
export { hlsFormat } from './hls-format.js';
