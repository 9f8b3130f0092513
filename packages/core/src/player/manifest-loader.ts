import { ManifestError } from '../errors/manifest-error.js';
import { detectManifestFormat, type FormatSession, type ManifestParser } from '../manifest/manifest-parser.js';
import type { Presentation, Track } from '../manifest/model.js';
import type { SegmentIndex } from '../manifest/segment-index.js';
import type { Clock } from '../platform/clock.js';
import type { RequestEngine } from '../net/request-engine.js';

const decoder = new TextDecoder();

/**
 * Fetches and parses manifests through the registered {@link ManifestParser}s,
 * and the per-track indexes they point to (HLS media playlists, DASH sidx),
 * and refreshes live ones. Format-specific work is the format session's.
 */
export class ManifestLoader {
  private readonly loading = new Map<string, Promise<SegmentIndex>>();
  private presentation: Presentation | null = null;
  private session: FormatSession | null = null;

  constructor(
    private readonly engine: RequestEngine,
    private readonly clock: Clock,
    private readonly formats: readonly ManifestParser[],
  ) {}

  /** Fetches and parses the manifest at `url`. */
  async load(url: string): Promise<Presentation> {
    this.loading.clear();
    this.presentation = null;
    const res = await this.engine.fetch({ url, kind: 'manifest' }).promise;
    const text = decoder.decode(res.data);
    const finalUrl = res.url || url;
    const format = detectManifestFormat(text, finalUrl, this.formats);
    const session = format.open({
      fetch: (request) => this.engine.fetch(request).promise,
      wallNow: () => this.clock.wallNow(),
      manifestUrl: url,
    });
    this.session = session;
    this.presentation = session.parse(text, finalUrl);
    return this.presentation;
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

  private fetchIndex(track: Track): Promise<SegmentIndex> {
    const pending = this.session && this.presentation ? this.session.fetchIndex(track, this.presentation) : null;
    return pending ?? Promise.reject(new ManifestError('MANIFEST_NO_PLAYABLE_CONTENT', `track ${track.id} has an index source (${track.indexSource.kind}) no registered format loads`));
  }

  /**
   * Live refresh of whatever `tracks` need. Returns the delay until the next
   * refresh, seconds (Infinity when the stream ended).
   */
  refresh(tracks: readonly Track[]): Promise<number> {
    const p = this.presentation;
    if (!p || !this.session || p.type !== 'live') return Promise.resolve(Infinity);
    return this.session.refresh(p, tracks);
  }
}

export { detectFormat } from './manifest-formats.js';
