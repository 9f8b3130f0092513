import { ManifestError } from '../errors/manifest-error.js';
import { parseDashManifest } from '../dash/index.js';
import { segmentIndexFromSidx, segmentIndexFromWebm } from '../dash/index.js';
import { applyMediaPlaylist, parseHlsManifest, parseHlsMediaPlaylist, hlsReloadDelay, type HlsMediaPlaylist } from '../hls/index.js';
import type { Presentation, SegmentReference, Track } from '../manifest/model.js';
import type { SegmentIndex } from '../manifest/segment-index.js';
import { ListSegmentIndex } from '../manifest/segment-index.js';
import { resolveUri } from '../manifest/resolve.js';
import type { Clock } from '../platform/clock.js';
import type { RequestEngine } from '../net/request-engine.js';

/** DASH or HLS, from the body first (servers mislabel), then the URL. */
export function detectFormat(text: string, url: string): 'dash' | 'hls' {
  const head = text.slice(0, 2048).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('#EXTM3U')) return 'hls';
  if (head.startsWith('<') && /<MPD[\s>]/.test(head)) return 'dash';
  const path = url.split(/[?#]/)[0]!.toLowerCase();
  if (path.endsWith('.m3u8') || path.endsWith('.m3u')) return 'hls';
  if (path.endsWith('.mpd')) return 'dash';
  throw new ManifestError('MANIFEST_WRONG_FORMAT', `cannot tell whether ${url} is DASH or HLS (no #EXTM3U or <MPD> at the start)`);
}

const decoder = new TextDecoder();

/**
 * Fetches and parses manifests and the per-track indexes they point to (HLS
 * media playlists, DASH sidx), and refreshes live ones: DASH re-fetches the
 * MPD every minimumUpdatePeriod and merges segments by sequence into the
 * existing indexes; HLS reloads each loaded media playlist per
 * {@link hlsReloadDelay}.
 */
export class ManifestLoader {
  private readonly playlists = new Map<string, HlsMediaPlaylist>();
  private readonly playlistUris = new Map<string, string>();
  private readonly loading = new Map<string, Promise<SegmentIndex>>();
  private presentation: Presentation | null = null;
  private url = '';

  constructor(
    private readonly engine: RequestEngine,
    private readonly clock: Clock,
  ) {}

  /** Fetches and parses the manifest at `url`. */
  async load(url: string): Promise<Presentation> {
    this.url = url;
    this.playlists.clear();
    this.playlistUris.clear();
    this.loading.clear();
    const res = await this.engine.fetch({ url, kind: 'manifest' }).promise;
    const text = decoder.decode(res.data);
    const finalUrl = res.url || url;
    const p = detectFormat(text, finalUrl) === 'dash'
      ? parseDashManifest(text, { manifestUrl: finalUrl, now: this.clock.wallNow() })
      : parseHlsManifest(text, { manifestUrl: finalUrl });
    this.presentation = p;
    if (p.format === 'hls' && p.type === 'live') {
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

  /** The track's segment index, fetching the HLS playlist or sidx on first use. */
  ensureIndex(track: Track): Promise<SegmentIndex> {
    if (track.segmentIndex) return Promise.resolve(track.segmentIndex);
    let p = this.loading.get(track.id);
    if (!p) {
      p = this.fetchIndex(track).finally(() => this.loading.delete(track.id));
      this.loading.set(track.id, p);
    }
    return p;
  }

  private async fetchIndex(track: Track): Promise<SegmentIndex> {
    const src = track.indexSource;
    if (src.kind === 'hls-media-playlist') {
      const playlist = await this.fetchPlaylist(track, src.uri);
      if (this.presentation) applyMediaPlaylist(this.presentation, track, playlist);
      else track.segmentIndex = playlist.segmentIndex;
      return playlist.segmentIndex;
    }
    if (src.kind === 'sidx') {
      const indexing = this.engine.fetch({ uri: src.indexUri ?? src.uri, baseUrls: track.baseUrls, kind: 'index', byteRange: src.indexRange }).promise;
      if (src.container === 'webm') {
        // WebM Cues count positions from the Segment's data start and ticks of Info/TimecodeScale: both are in the init range.
        if (!src.init) throw new ManifestError('MANIFEST_WEBM_CUES_INVALID', `track ${track.id}: WebM SegmentBase needs an Initialization range to read its Cues`);
        const init = this.engine.fetch({ uri: src.init.uri || src.uri, baseUrls: track.baseUrls, kind: 'init', ...(src.init.byteRange ? { byteRange: src.init.byteRange } : {}) }).promise;
        const [i, x] = await Promise.all([init, indexing]);
        track.segmentIndex = segmentIndexFromWebm(i.data, x.data, src);
        return track.segmentIndex;
      }
      track.segmentIndex = segmentIndexFromSidx((await indexing).data, src);
      return track.segmentIndex;
    }
    throw new ManifestError('MANIFEST_NO_PLAYABLE_CONTENT', `track ${track.id} has an inline index source but no segment index`);
  }

  private async fetchPlaylist(track: Track, uri: string): Promise<HlsMediaPlaylist> {
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(uri);
    const res = await this.engine.fetch(absolute || !track.baseUrls.length ? { url: absolute ? uri : resolveUri(uri, this.url), kind: 'media-playlist' } : { uri, baseUrls: track.baseUrls, kind: 'media-playlist' }).promise;
    const previous = this.playlists.get(track.id);
    const playlist = parseHlsMediaPlaylist(decoder.decode(res.data), { playlistUrl: res.url, ...(previous ? { previous } : {}) });
    this.playlists.set(track.id, playlist);
    this.playlistUris.set(track.id, uri);
    return playlist;
  }

  /**
   * Live refresh of whatever `tracks` need. Returns the delay until the next
   * refresh, seconds (Infinity when the stream ended).
   */
  async refresh(tracks: readonly Track[]): Promise<number> {
    const p = this.presentation;
    if (!p || p.type !== 'live') return Infinity;
    if (p.format === 'dash') {
      const res = await this.engine.fetch({ url: p.manifestUrl || this.url, kind: 'manifest' }).promise;
      const next = parseDashManifest(decoder.decode(res.data), { manifestUrl: res.url || this.url, now: this.clock.wallNow() });
      mergeDashPresentation(p, next);
      return p.type === 'live' ? Math.max(1, p.minimumUpdatePeriod ?? p.maxSegmentDuration ?? 2) : Infinity;
    }
    let delay = Infinity;
    for (const track of tracks) {
      const previous = this.playlists.get(track.id);
      if (!previous) continue;
      const uri = this.playlistUris.get(track.id)!;
      const next = await this.fetchPlaylist(track, uri);
      mergeIndex(track, next.segmentIndex);
      delay = Math.min(delay, hlsReloadDelay(previous, next));
      if (next.endList) p.type = 'vod';
    }
    return delay === Infinity && p.type === 'live' ? Math.max(1, p.minimumUpdatePeriod ?? 2) : delay;
  }
}

/** Appends segments newer than the index's last into it (or replaces non-list indexes). */
function mergeIndex(track: Track, fresh: SegmentIndex): void {
  const current = track.segmentIndex;
  if (current instanceof ListSegmentIndex) {
    const refs: SegmentReference[] = [];
    for (let i = 0; i < fresh.length; i++) refs.push(fresh.get(i)!);
    current.mergeNewer(refs);
    if (refs.length) current.evictBefore(refs[0]!.start);
  } else {
    track.segmentIndex = fresh;
  }
}

/** Folds a re-fetched live MPD into the presentation the engine holds (tracks keep their identity). */
export function mergeDashPresentation(into: Presentation, next: Presentation): void {
  into.type = next.type;
  into.duration = next.duration;
  into.minimumUpdatePeriod = next.minimumUpdatePeriod;
  into.publishTime = next.publishTime;
  const byId = new Map<string, Track>();
  for (const period of next.periods) for (const set of period.switchingSets) for (const t of set.tracks) byId.set(`${period.id}/${t.id}`, t);
  for (const period of into.periods) {
    for (const set of period.switchingSets) {
      for (const t of set.tracks) {
        const fresh = byId.get(`${period.id}/${t.id}`);
        if (fresh?.segmentIndex) mergeIndex(t, fresh.segmentIndex);
      }
    }
  }
  const known = new Set(into.periods.map((p) => p.id));
  for (const period of next.periods) if (!known.has(period.id)) into.periods.push(period);
  const prev = into.periods.find((p) => p.id === next.periods[next.periods.length - 1]?.id);
  if (prev) prev.duration = next.periods[next.periods.length - 1]!.duration;
}
