/**
 * The caption stage: CEA-608/708 `cc_data` out of every video media segment
 * (H.264/HEVC SEI `user_data_registered_itu_t_t35`, GA94), handed to the
 * load's caption hub (`StageContext.captions`) on the presentation timeline.
 *
 * It runs last, on fMP4: after the transmux stage, MPEG-TS is fMP4 too (its
 * SEI NAL units are kept in the samples), so one extractor serves HLS TS, HLS
 * fMP4 and DASH, and the sample times it reads are the ones appended —
 * `payload.timestampOffset` (the TimelineMapper's mapping for HLS, the
 * manifest's for DASH) moves them onto the presentation timeline.
 *
 * Captions are optional: a fragment the extractor cannot read yields no
 * captions, never a rejected segment. The payload passes through unchanged.
 */
import { findBox } from '../../mp4/box-reader.js';
import { captionVideoTrack, ccDataOfFragment, type CaptionVideoTrack } from '../../text/fmp4-cc-data.js';
import type { SegmentPayload, SegmentStage, StageContext } from '../segment-pipeline.js';

function hasMoov(bytes: Uint8Array): boolean {
  try {
    return findBox(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'moov') !== null;
  } catch {
    return false;
  }
}

/** A caption-extraction stage (one per player; it caches the parsed init per init buffer). */
export function createCaptionStage(): SegmentStage {
  const inits = new WeakMap<Uint8Array, CaptionVideoTrack | null>();
  const videoOf = (init: Uint8Array): CaptionVideoTrack | null => {
    if (inits.has(init)) return inits.get(init)!;
    let v: CaptionVideoTrack | null = null;
    try {
      v = captionVideoTrack(init);
    } catch {
      // Not a readable init: no captions from it (captions are optional; the video plays regardless).
    }
    inits.set(init, v);
    return v;
  };
  return {
    name: 'captions',
    appliesTo: (track) => track.type === 'video',
    process(payload: SegmentPayload, context: StageContext): SegmentPayload {
      const sink = context.captions;
      const ref = payload.ref;
      if (!sink || payload.kind !== 'media' || !ref) return payload;
      // The transmux stage's output carries its init in front; fMP4 media has the track's init beside it.
      const init = hasMoov(payload.data) ? payload.data : payload.initSegment;
      const video = init ? videoOf(init) : null;
      if (!video) return payload;
      let triples;
      try {
        triples = ccDataOfFragment(payload.data, video);
      } catch {
        return payload; // a fragment the extractor cannot read carries no captions for us; its media still goes to the sink
      }
      const offset = payload.timestampOffset ?? ref.timestampOffset;
      for (const t of triples) t.pts += offset;
      sink.push({ start: ref.start, end: ref.end, triples });
      return payload;
    },
  };
}
