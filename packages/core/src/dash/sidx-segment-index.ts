/**
 * Builds the segment index of a DASH SegmentBase representation from the bytes
 * of its `indexRange` (a `sidx` box, ISO/IEC 14496-12 §8.16.3).
 */
import { ManifestError } from '../errors/manifest-error.js';
import type { IndexSource, SegmentReference } from '../manifest/model.js';
import { ListSegmentIndex, type SegmentIndex } from '../manifest/segment-index.js';
import { BoxFormatError, findBox, toDataView } from '../mp4/box-reader.js';
import { parseSidx } from '../mp4/sidx.js';

/** The `IndexSource` variant this function consumes. */
export type SidxIndexSource = Extract<IndexSource, { kind: 'sidx' }>;

/**
 * Parses the sidx found in `data` (the bytes of `source.indexRange`, or a
 * larger prefix of the file starting at byte 0 of that range) into segment
 * references with absolute byte ranges.
 *
 * Hierarchical sidx (reference_type 1) would need further fetches; it is
 * rejected with `MANIFEST_UNSUPPORTED` rather than producing a wrong index.
 * @throws ManifestError `MANIFEST_SIDX_INVALID` / `MANIFEST_UNSUPPORTED`.
 */
export function segmentIndexFromSidx(data: ArrayBuffer | Uint8Array, source: SidxIndexSource): SegmentIndex {
  const view = toDataView(data);
  try {
    const box = findBox(view, 'sidx');
    if (!box) throw new ManifestError('MANIFEST_SIDX_INVALID', 'no sidx box in the index range', `bytes ${source.indexRange.start}-${source.indexRange.end ?? ''}`);
    const sidx = parseSidx(view, box);
    const refs: SegmentReference[] = [];
    // Byte offsets are relative to the first byte after the sidx box (its "anchor point") in the
    // file holding it; a separate index file (RepresentationIndex) anchors them at the media's byte 0.
    let offset = source.indexUri ? sidx.firstOffset : source.indexRange.start + box.end + sidx.firstOffset;
    let time = sidx.earliestPresentationTime;
    for (let i = 0; i < sidx.references.length; i++) {
      const r = sidx.references[i]!;
      if (r.referenceType === 1) {
        throw new ManifestError('MANIFEST_UNSUPPORTED', 'hierarchical sidx (reference_type 1) is not supported', `sidx reference ${i}`);
      }
      if (r.referencedSize === 0) throw new ManifestError('MANIFEST_SIDX_INVALID', 'sidx reference of size 0', `sidx reference ${i}`);
      const start = source.timestampOffset + time / sidx.timescale;
      let end = source.timestampOffset + (time + r.subsegmentDuration) / sidx.timescale;
      if (source.periodEnd !== null && i === sidx.references.length - 1 && end > source.periodEnd) end = Math.max(start, source.periodEnd);
      if (source.periodEnd !== null && start >= source.periodEnd) break;
      refs.push({
        start,
        end,
        uri: source.uri,
        byteRange: { start: offset, end: offset + r.referencedSize - 1 },
        init: source.init,
        timestampOffset: source.timestampOffset,
        sequence: i + 1,
        discontinuity: 0,
      });
      offset += r.referencedSize;
      time += r.subsegmentDuration;
    }
    return new ListSegmentIndex(refs);
  } catch (e) {
    if (e instanceof ManifestError) throw e;
    if (e instanceof BoxFormatError || e instanceof RangeError) throw new ManifestError('MANIFEST_SIDX_INVALID', `sidx is malformed: ${e.message}`);
    throw e;
  }
}
