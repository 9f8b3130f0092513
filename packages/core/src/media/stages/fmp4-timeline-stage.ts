/**
 * The timeline stage for HLS fMP4: a segment's first `tfdt` (decode time, in
 * the init segment's mdhd timescale) is mapped onto the playlist timeline by
 * the presentation's {@link TimelineMapper}, as the transmux stage does for
 * TS with the first PTS. Live fMP4 carries the source's `tfdt` (hours, days),
 * and every `EXT-X-DISCONTINUITY` (ads, splices, a new EXT-X-MAP) restarts
 * it; appending with `timestampOffset = 0` would put the media far from the
 * playhead or over earlier media.
 *
 * DASH is left alone (`StageContext.format`): its manifest states the offset
 * (period start − presentationTimeOffset), which `SegmentReference.timestampOffset`
 * already carries. A segment without a readable init or `tfdt` passes through
 * unchanged (the append then says what is wrong with it).
 */
import { BoxFormatError, toDataView } from '../../mp4/box-reader.js';
import { parseInitTracks } from '../../mp4/fragment.js';
import { firstTfdt } from '../../timeline/first-tfdt.js';
import type { SegmentStage } from '../segment-pipeline.js';

const FMP4_MIME = /^(video|audio)\/mp4$/i;

/** Track ID → mdhd timescale of an init segment, or null when it is not a readable fMP4 init. */
function timescales(init: Uint8Array): Map<number, number> | null {
  try {
    return new Map(parseInitTracks(toDataView(init)).map((t) => [t.trackId, t.timescale]));
  } catch (e) {
    if (e instanceof BoxFormatError || e instanceof RangeError) return null;
    throw e;
  }
}

/** A stage mapping HLS fMP4 media time to playlist time. */
export function createFmp4TimelineStage(): SegmentStage {
  // Init segments are few and stay alive in the scheduler's cache: parse each once.
  const scales = new WeakMap<Uint8Array, Map<number, number> | null>();
  return {
    name: 'fmp4-timeline',
    appliesTo: (track) => FMP4_MIME.test(track.mimeType),
    process(payload, context) {
      const { ref, initSegment } = payload;
      if (context.format !== 'hls' || payload.kind !== 'media' || !ref || !initSegment) return payload;
      let map = scales.get(initSegment);
      if (map === undefined) {
        map = timescales(initSegment);
        scales.set(initSegment, map);
      }
      if (!map) return payload;
      let seconds: number | null;
      try {
        seconds = firstTfdt(payload.data, map);
      } catch {
        return payload; // malformed moof: the sink rejects the segment with its own error
      }
      if (seconds === null) return payload;
      const mapping = context.timeline.map(
        { discontinuity: context.discontinuity, start: ref.start, ...(ref.programDateTime !== undefined ? { programDateTime: ref.programDateTime } : {}) },
        { seconds, wraps: false },
      );
      return { ...payload, timestampOffset: mapping.timestampOffset };
    },
  };
}
