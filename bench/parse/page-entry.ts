/**
 * Bundled (esbuild, IIFE) into the benchmark page: exposes Edgeplay's parsers
 * and hls.js's M3U8Parser on `window.benchParsers`. shaka-player and dash.js are
 * loaded from their own dist builds by run.mjs.
 */
import { parseDashManifest } from '../../packages/core/src/dash/index.js';
import { parseHlsManifest, parseHlsMediaPlaylist } from '../../packages/core/src/hls/index.js';
import { M3U8Parser } from 'hls.js';

(globalThis as unknown as { benchParsers: unknown }).benchParsers = {
  edgeplay: {
    dash: (text: string, url: string) => parseDashManifest(text, { manifestUrl: url }),
    hlsMedia: (text: string, url: string) => parseHlsMediaPlaylist(text, { playlistUrl: url }),
    hlsMultivariant: (text: string, url: string) => parseHlsManifest(text, { manifestUrl: url }),
  },
  hlsjs: {
    // The two entry points hls.js's PlaylistLoader calls on a loaded playlist.
    hlsMedia: (text: string, url: string) => M3U8Parser.parseLevelPlaylist(text, url, 0, 'main' as never, 0, null),
    hlsMultivariant: (text: string, url: string) => M3U8Parser.parseMasterPlaylist(text, url),
  },
};
