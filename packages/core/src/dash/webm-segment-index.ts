/**
 * Builds the segment index of a DASH SegmentBase WebM representation
 * (`video/webm`, `audio/webm`; the WebM on-demand profile YouTube-style VP9/Opus
 * uses): the Cues in `indexRange` give each Cluster's time and position, the
 * init range gives the Segment's data offset and TimecodeScale. The result is
 * the same {@link SegmentIndex} the sidx path builds: one reference per
 * Cluster, byte ranges into the media file.
 */
import { ManifestError } from '../errors/manifest-error.js';
import type { SegmentReference } from '../manifest/model.js';
import { ListSegmentIndex, type SegmentIndex } from '../manifest/segment-index.js';
import { toDataView } from '../mp4/box-reader.js';
import { EbmlError } from '../webm/ebml-reader.js';
import { parseWebmCues, parseWebmInit } from '../webm/webm-index.js';
import type { SidxIndexSource } from './sidx-segment-index.js';

/** Most Cue points accepted: a 3-hour title with 1-s clusters has ~11 k. */
export const MAX_WEBM_CUE_POINTS = 200_000;

/**
 * @param init bytes of `source.init.byteRange` (EBML header + Segment head up to the first Cluster)
 * @param index bytes of `source.indexRange` (the Cues element)
 * @throws ManifestError MANIFEST_WEBM_CUES_INVALID when either is malformed or empty.
 */
export function segmentIndexFromWebm(init: ArrayBuffer | Uint8Array, index: ArrayBuffer | Uint8Array, source: SidxIndexSource): SegmentIndex {
  const where = `bytes ${source.indexRange.start}-${source.indexRange.end ?? ''}`;
  try {
    const info = parseWebmInit(toDataView(init), source.init?.byteRange?.start ?? 0);
    const points = parseWebmCues(toDataView(index), info, MAX_WEBM_CUE_POINTS);
    if (!points.length) throw new EbmlError('Cues hold no CuePoint');
    // Cues written after the Clusters (ffmpeg -dash 1 does) end the last Cluster; else it runs to the end of the file.
    const cuesAt = source.indexUri ? null : source.indexRange.start;
    const refs: SegmentReference[] = [];
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      const next = points[i + 1];
      const start = source.timestampOffset + p.time;
      if (source.periodEnd !== null && start >= source.periodEnd) break;
      let end: number;
      if (next) end = source.timestampOffset + next.time;
      else if (info.duration !== null) end = source.timestampOffset + info.duration;
      else if (source.periodEnd !== null) end = source.periodEnd;
      else throw new EbmlError('the last Cluster has no end: no Duration in Info and no period end');
      if (source.periodEnd !== null && end > source.periodEnd) end = source.periodEnd;
      if (!(end > start)) throw new EbmlError(`Cue ${i} at ${p.time} s does not end after it starts`);
      const byteEnd = next ? next.clusterOffset - 1 : cuesAt !== null && cuesAt > p.clusterOffset ? cuesAt - 1 : null;
      refs.push({ start, end, uri: source.uri, byteRange: { start: p.clusterOffset, end: byteEnd }, init: source.init, timestampOffset: source.timestampOffset, sequence: i + 1, discontinuity: 0 });
    }
    return new ListSegmentIndex(refs);
  } catch (e) {
    if (e instanceof EbmlError || e instanceof RangeError) throw new ManifestError('MANIFEST_WEBM_CUES_INVALID', `WebM index is malformed: ${e.message}`, where, { cause: e });
    throw e;
  }
}
