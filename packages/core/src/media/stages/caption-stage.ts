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
import type { CcTriple } from '../../text/cea/cea608-decoder.js';
import type { CaptionVideoTrack } from '../../text/fmp4-cc-data.js';
import type { SegmentPayload, SegmentStage, StageContext } from '../segment-pipeline.js';

/** The part of `text/fmp4-cc-data.js` the stage uses. */
export interface CaptionExtractorModule {
  captionVideoTrack(init: Uint8Array): CaptionVideoTrack | null;
  ccDataOfFragment(segment: Uint8Array, video: CaptionVideoTrack): CcTriple[];
}

/** Options of {@link createCaptionStage}. */
export interface CaptionStageOptions {
  /**
   * The extractor. Default {@link loadCaptionExtractor} (a dynamic import, its
   * own chunk); the simulator passes the module itself. Extraction never
   * delays an append: the payload passes on at once and its captions follow
   * when the extractor is there (in segment order).
   */
  load?: () => CaptionExtractorModule | Promise<CaptionExtractorModule>;
}

/** Loads the SEI caption extractor as a separate chunk. */
export function loadCaptionExtractor(): Promise<CaptionExtractorModule> {
  return import('../../text/fmp4-cc-data.js');
}

function hasMoov(bytes: Uint8Array): boolean {
  try {
    return findBox(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'moov') !== null;
  } catch {
    return false;
  }
}

/** A caption-extraction stage (one per player; it caches the parsed init per init buffer). */
export function createCaptionStage(options: CaptionStageOptions = {}): SegmentStage {
  const inits = new WeakMap<Uint8Array, CaptionVideoTrack | null>();
  let module: Promise<CaptionExtractorModule> | null = null;
  // Segment order is kept: each segment's extraction runs after the previous one's.
  let chain: Promise<void> = Promise.resolve();
  const videoOf = (m: CaptionExtractorModule, init: Uint8Array): CaptionVideoTrack | null => {
    if (inits.has(init)) return inits.get(init)!;
    let v: CaptionVideoTrack | null = null;
    try {
      v = m.captionVideoTrack(init);
    } catch {
      // Not a readable init: no captions from it (captions are optional; the video plays regardless).
    }
    inits.set(init, v);
    return v;
  };
  const extract = (m: CaptionExtractorModule, payload: SegmentPayload, context: StageContext): void => {
    const ref = payload.ref!;
    // The transmux stage's output carries its init in front; fMP4 media has the track's init beside it.
    const init = hasMoov(payload.data) ? payload.data : payload.initSegment;
    const video = init ? videoOf(m, init) : null;
    if (!video) return;
    let triples;
    try {
      triples = m.ccDataOfFragment(payload.data, video);
    } catch {
      return; // a fragment the extractor cannot read carries no captions for us; its media still goes to the sink
    }
    const offset = payload.timestampOffset ?? ref.timestampOffset;
    for (const t of triples) t.pts += offset;
    context.captions!.push({ start: ref.start, end: ref.end, triples });
  };
  return {
    name: 'captions',
    appliesTo: (track) => track.type === 'video',
    process(payload: SegmentPayload, context: StageContext): SegmentPayload {
      if (!context.captions || payload.kind !== 'media' || !payload.ref) return payload;
      module ??= Promise.resolve((options.load ?? loadCaptionExtractor)());
      const loaded = module;
      chain = chain.then(() => loaded).then((m) => extract(m, payload, context), () => undefined);
      return payload;
    },
  };
}
