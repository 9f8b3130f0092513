import type { ManifestParser, FormatContext, FormatSession } from '../manifest/manifest-parser.js';
import type { Presentation, Track } from '../manifest/model.js';
import { mergeSegmentIndex, type SegmentIndex } from '../manifest/segment-index.js';
import { parseDashManifest } from './mpd-parser.js';
import { segmentIndexFromSidx } from './sidx-segment-index.js';
import { segmentIndexFromWebm } from './webm-segment-index.js';
import { ManifestError } from '../errors/manifest-error.js';

// Pure: a bundle that registers no such format drops the module entirely (rollup keeps unannotated `new` calls).
const decoder = /* @__PURE__ */ new TextDecoder();

/**
 * DASH as a {@link ManifestParser}: MPD parsing, SegmentBase sidx indexes,
 * and live refresh by re-fetching the MPD every minimumUpdatePeriod and
 * merging segments by sequence into the existing indexes.
 */
export const dashFormat: ManifestParser = {
  name: 'dash',
  sniff: (head) => head.startsWith('<') && /<MPD[\s>]/.test(head),
  matchesPath: (path) => path.endsWith('.mpd'),
  open: (context) => new DashSession(context),
};

class DashSession implements FormatSession {
  constructor(private readonly context: FormatContext) {}

  parse(text: string, finalUrl: string): Presentation {
    return parseDashManifest(text, { manifestUrl: finalUrl, now: this.context.wallNow() });
  }

  fetchIndex(track: Track): Promise<SegmentIndex> | null {
    const src = track.indexSource;
    if (src.kind !== 'sidx') return null;
    // RepresentationIndex: the index lives in a file of its own (`indexUri`).
    const indexing = this.context.fetch({ uri: src.indexUri ?? src.uri, baseUrls: track.baseUrls, kind: 'index', byteRange: src.indexRange });
    if (src.container === 'webm') {
      // WebM Cues count positions from the Segment's data start and ticks of Info/TimecodeScale: both are in the init range.
      if (!src.init) return Promise.reject(new ManifestError('MANIFEST_WEBM_CUES_INVALID', `track ${track.id}: WebM SegmentBase needs an Initialization range to read its Cues`));
      const init = this.context.fetch({ uri: src.init.uri || src.uri, baseUrls: track.baseUrls, kind: 'init', ...(src.init.byteRange ? { byteRange: src.init.byteRange } : {}) });
      return Promise.all([init, indexing]).then(([i, x]) => (track.segmentIndex = segmentIndexFromWebm(i.data, x.data, src)));
    }
    return indexing.then((res) => (track.segmentIndex = segmentIndexFromSidx(res.data, src)));
  }

  async refresh(p: Presentation): Promise<number> {
    if (p.type !== 'live') return Infinity;
    const res = await this.context.fetch({ url: p.manifestUrl || this.context.manifestUrl, kind: 'manifest' });
    const next = parseDashManifest(decoder.decode(res.data), { manifestUrl: res.url || this.context.manifestUrl, now: this.context.wallNow() });
    mergeDashPresentation(p, next);
    return p.type === 'live' ? Math.max(1, p.minimumUpdatePeriod ?? p.maxSegmentDuration ?? 2) : Infinity;
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
        if (fresh?.segmentIndex) mergeSegmentIndex(t, fresh.segmentIndex);
      }
    }
  }
  const known = new Set(into.periods.map((p) => p.id));
  for (const period of next.periods) if (!known.has(period.id)) into.periods.push(period);
  const prev = into.periods.find((p) => p.id === next.periods[next.periods.length - 1]?.id);
  if (prev) prev.duration = next.periods[next.periods.length - 1]!.duration;
}
