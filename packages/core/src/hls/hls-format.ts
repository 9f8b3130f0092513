import type { FormatContext, FormatSession, ManifestParser } from '../manifest/manifest-parser.js';
import type { Presentation, Track } from '../manifest/model.js';
import { resolveUri } from '../manifest/resolve.js';
import { mergeSegmentIndex, type SegmentIndex } from '../manifest/segment-index.js';
import { hlsReloadDelay, parseHlsMediaPlaylist, type HlsMediaPlaylist } from './media-playlist-parser.js';
import { applyMediaPlaylist, parseHlsManifest } from './multivariant-parser.js';

// Pure: a bundle that registers no such format drops the module entirely (rollup keeps unannotated `new` calls).
const decoder = /* @__PURE__ */ new TextDecoder();

/**
 * HLS as a {@link ManifestParser}: multivariant (or bare media) playlist
 * parsing, media playlists loaded per track on first use, and live refresh
 * reloading each loaded media playlist per {@link hlsReloadDelay}.
 */
export const hlsFormat: ManifestParser = {
  name: 'hls',
  sniff: (head) => head.startsWith('#EXTM3U'),
  matchesPath: (path) => path.endsWith('.m3u8') || path.endsWith('.m3u'),
  open: (context) => new HlsSession(context),
};

class HlsSession implements FormatSession {
  private readonly playlists = new Map<string, HlsMediaPlaylist>();
  private readonly playlistUris = new Map<string, string>();

  constructor(private readonly context: FormatContext) {}

  parse(text: string, finalUrl: string): Presentation {
    const p = parseHlsManifest(text, { manifestUrl: finalUrl });
    if (p.type === 'live') {
      // A bare live media playlist: remember it as the track's playlist so refreshes reload it.
      for (const period of p.periods) {
        for (const set of period.switchingSets) {
          for (const track of set.tracks) {
            if (!track.segmentIndex) continue;
            this.playlistUris.set(track.id, finalUrl);
            this.playlists.set(track.id, parseHlsMediaPlaylist(text, { playlistUrl: finalUrl }));
          }
        }
      }
    }
    return p;
  }

  fetchIndex(track: Track, presentation: Presentation): Promise<SegmentIndex> | null {
    const src = track.indexSource;
    if (src.kind !== 'hls-media-playlist') return null;
    return this.fetchPlaylist(track, src.uri).then((playlist) => {
      applyMediaPlaylist(presentation, track, playlist);
      return playlist.segmentIndex;
    });
  }

  async refresh(p: Presentation, tracks: readonly Track[]): Promise<number> {
    if (p.type !== 'live') return Infinity;
    let delay = Infinity;
    for (const track of tracks) {
      const previous = this.playlists.get(track.id);
      if (!previous) continue;
      const uri = this.playlistUris.get(track.id)!;
      const next = await this.fetchPlaylist(track, uri);
      mergeSegmentIndex(track, next.segmentIndex);
      delay = Math.min(delay, hlsReloadDelay(previous, next));
      if (next.endList) p.type = 'vod';
    }
    return delay === Infinity && p.type === 'live' ? Math.max(1, p.minimumUpdatePeriod ?? 2) : delay;
  }

  private async fetchPlaylist(track: Track, uri: string): Promise<HlsMediaPlaylist> {
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(uri);
    const res = await this.context.fetch(
      absolute || !track.baseUrls.length
        ? { url: absolute ? uri : resolveUri(uri, this.context.manifestUrl), kind: 'media-playlist' }
        : { uri, baseUrls: track.baseUrls, kind: 'media-playlist' },
    );
    const text = decoder.decode(res.data);
    const previous = this.playlists.get(track.id) ?? this.timelineSibling(parseHlsMediaPlaylist(text, { playlistUrl: res.url }));
    const playlist = parseHlsMediaPlaylist(text, { playlistUrl: res.url, ...(previous ? { previous } : {}) });
    this.playlists.set(track.id, playlist);
    this.playlistUris.set(track.id, uri);
    return playlist;
  }

  /**
   * For a live track's first playlist: an already loaded playlist of another
   * track whose media sequence range overlaps it, to place its segments on
   * the same timeline. Without it a variant first loaded after the window
   * moved started its own timeline at 0 one segment later, so the same media
   * sequence number sat at another time in each variant and a switch skipped
   * (or repeated) a segment's worth of playlist time — with the first
   * variant's media-time mapping shared, that is a segment-sized hole in the
   * buffer. Variants of one presentation number their segments alike
   * (RFC 8216 §6.2.1: the same content, the same media sequence number).
   */
  private timelineSibling(fresh: HlsMediaPlaylist): HlsMediaPlaylist | undefined {
    if (fresh.endList || !fresh.segments.length) return undefined;
    const first = fresh.segments[0]!.sequence;
    const last = fresh.segments[fresh.segments.length - 1]!.sequence;
    for (const other of this.playlists.values()) {
      if (!other.segments.length) continue;
      const oFirst = other.segments[0]!.sequence;
      const oLast = other.segments[other.segments.length - 1]!.sequence;
      if (first <= oLast + 1 && last >= oFirst) return other;
    }
    return undefined;
  }
}
