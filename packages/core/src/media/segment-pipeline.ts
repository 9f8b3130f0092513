/**
 * The segment path as an explicit pipeline:
 *
 *   fetch → [stages registered at composition] → timestamp mapping / append
 *
 * Each downloaded init or media segment becomes a {@link SegmentPayload} and
 * passes, in registration order, through every {@link SegmentStage} that
 * applies to its track; the last step appends the result to the sink with
 * the payload's `timestampOffset` (and switches the sink buffer to the
 * payload's `mimeCodecs` first when a stage changed the container). With no
 * stages registered, that is exactly today's path. Decryption (HLS
 * AES-128), transmuxing (MPEG-TS → fMP4), probing and timeline mapping are
 * stages: they add a step here instead of a branch in the scheduler.
 *
 * Errors: whatever a stage throws becomes a typed `MediaError`
 * (`SEGMENT_STAGE_FAILED`, `details.stage` names it) and the segment is
 * treated like one the decoder rejected — skipped under the load-error
 * policy's corrupt-segment rule (fatal after `streaming.maxCorruptSegments`
 * in a row). An aborted segment (seek, track switch) aborts `signal`; a
 * stage should stop work and may throw, the result is dropped anyway.
 */
import { isEdgeplayError } from '../errors/edgeplay-error.js';
import { MediaError } from '../errors/media-error.js';
import type { SampleCipher } from '../crypto/sample-cipher.js';
import type { InitSegmentReference, ManifestFormat, SegmentReference, Track } from '../manifest/model.js';
import type { CaptionSink } from '../text/caption-hub.js';
import type { TimelineMapper } from '../timeline/timeline-mapper.js';

/** One segment on its way to the sink. Stages return a (possibly new) payload; they should not mutate the input. */
export interface SegmentPayload {
  kind: 'init' | 'media';
  data: Uint8Array;
  track: Track;
  /** The media segment's reference (absent for init segments). */
  ref?: SegmentReference;
  /** For init payloads: the init section's reference (its `key` is the EXT-X-KEY in force before EXT-X-MAP). */
  initRef?: InitSegmentReference;
  /** `mime; codecs="…"` the sink buffer gets for this data; a transmuxer rewrites it (e.g. TS → fMP4). */
  mimeCodecs?: string;
  /** Seconds added to the media's own timestamps on append (SourceBuffer.timestampOffset); a timeline mapper sets it. */
  timestampOffset?: number;
  /** For media payloads: the source bytes of the init segment in force for this track, when there is one. */
  initSegment?: Uint8Array;
  /**
   * For HLS SAMPLE-AES MPEG-TS media: the segment's key, set by the decrypt
   * stage; the transmux stage decrypts the samples with it between demuxing
   * and muxing. A payload that still has it after the stages is refused.
   */
  sampleCipher?: SampleCipher;
}

/** What a stage may use besides the payload. */
export interface StageContext {
  /** Fetches a key (e.g. HLS `EXT-X-KEY` URI) through the player's request engine: retries, filters, failover. */
  fetchKey(uri: string): Promise<Uint8Array>;
  /** The segment's discontinuity sequence (HLS) / period index (DASH): a change resets a decoder timeline. */
  discontinuity: number;
  /** Aborted when the segment is superseded (seek, track switch, unload). */
  signal: AbortSignal;
  /** The presentation's media-time → playlist-time mapping, shared by its audio, video and text streams (one per load). */
  timeline: TimelineMapper;
  /** Protocol of the presentation (HLS media carries its own clock; DASH states `timestampOffset`). */
  format: ManifestFormat;
  /** The load's closed-caption hub: the caption stage writes the video's CEA-608/708 data here. Absent: captions are not extracted. */
  captions?: CaptionSink;
}

/** A transformation between download and append, registered in `PlayerComponents.segmentStages`. */
export interface SegmentStage {
  /** Names the stage in errors. */
  readonly name: string;
  /** Whether the stage runs for `track`'s segments (e.g. `track.mimeType === 'video/mp2t'`). */
  appliesTo(track: Track): boolean;
  /**
   * The `mime; codecs` this stage's output has for `track`, when it changes
   * the container (TS → fMP4) and can tell from the track alone; `undefined`
   * keeps `type`. Used to create the sink buffer and to ask the platform
   * whether the track plays, before any segment is fetched.
   */
  outputType?(track: Track, type: string): string | undefined;
  /** Transforms the payload. May be async; throw (anything) to reject the segment. */
  process(payload: SegmentPayload, context: StageContext): SegmentPayload | Promise<SegmentPayload>;
}

/**
 * Runs `payload` through the stages that apply to its track, in order.
 * Rejects with `SEGMENT_STAGE_FAILED` (recoverable: the caller's
 * corrupt-segment rule decides) when a stage throws or returns no data.
 */
export async function runSegmentStages(stages: readonly SegmentStage[], payload: SegmentPayload, context: StageContext): Promise<SegmentPayload> {
  let current = payload;
  for (const stage of stages) {
    if (!stage.appliesTo(current.track)) continue;
    let next: SegmentPayload;
    try {
      next = await stage.process(current, context);
    } catch (e) {
      throw stageError(stage, current, isEdgeplayError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e), e);
    }
    if (!next || !(next.data instanceof Uint8Array)) throw stageError(stage, current, 'returned no data');
    current = next;
  }
  return current;
}

function stageError(stage: SegmentStage, payload: SegmentPayload, why: string, cause?: unknown): MediaError {
  const where = payload.ref ? `${payload.ref.uri} (${payload.ref.start}-${payload.ref.end} s)` : `init of ${payload.track.id}`;
  return new MediaError('SEGMENT_STAGE_FAILED', `segment stage ${stage.name} failed on ${where}: ${why}`, {
    severity: 'recoverable',
    details: { stage: stage.name, kind: payload.kind, trackId: payload.track.id, ...(payload.ref ? { uri: payload.ref.uri } : {}) },
    ...(cause === undefined ? {} : { cause }),
  });
}
