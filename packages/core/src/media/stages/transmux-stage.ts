/**
 * The transmux stage: HLS MPEG-TS and packed audio (raw ADTS / MP3 / AC-3
 * with an ID3 timestamp) → fMP4, and the mapping of their media clock onto
 * the playlist timeline.
 *
 * Every media segment of a TS / packed-audio track is pushed through that
 * track's transmuxer (one per track: it keeps PMT, parameter sets, the 33-bit
 * unwrap reference and audio continuity across segments). The output is
 * `init ‖ moof+mdat` — the track's latest init segment is prepended to every
 * fragment, because after a switch back to this track (or a seek) the buffer
 * may hold another track's init, and MSE takes an identical init as a no-op —
 * with `mimeCodecs` rewritten to the fMP4 type, which the scheduler switches
 * the buffer to (`changeType`) before appending.
 *
 * `timestampOffset` comes from the presentation's {@link TimelineMapper}
 * (`StageContext.timeline`): the first PTS of the first segment of each
 * discontinuity sequence lands at that segment's playlist start, and every
 * later segment of the sequence (other variants, the other media type, live
 * reloads) shares the offset, with 33-bit rollover unwrapped.
 *
 * HLS SAMPLE-AES: when the decrypt stage gave the payload a `sampleCipher`,
 * the segment goes through `demux` → sample decryption → `mux` instead of
 * `push` (the transmuxer's only async-capable seam; its hot loops stay sync).
 *
 * The transmuxer module is injected (`load`) so the web binding can import it
 * lazily (DASH-only pages do not carry it) while Node tests and the simulator
 * pass it statically (a dynamic import resolves on the real event loop,
 * outside the virtual clock).
 */
import { MediaError } from '../../errors/media-error.js';
import type { Track } from '../../manifest/model.js';
import type * as Transmux from '../../transmux/index.js';
import { decryptDemuxedSamples } from '../../crypto/ts-sample-decryption.js';
import type { SegmentPayload, SegmentStage, StageContext } from '../segment-pipeline.js';

/** The part of `transmux/index.js` this stage uses. */
export type TransmuxModule = Pick<typeof Transmux, 'createTsTransmuxer' | 'createPackedAudioTransmuxer'>;

/** Options of {@link createTransmuxStage}. */
export interface TransmuxStageOptions {
  /**
   * The transmuxer module. Default {@link loadTransmuxModule} (a dynamic
   * import: its own chunk, fetched on the first TS segment). The simulator
   * and virtual-clock tests pass the module itself.
   */
  load?: () => TransmuxModule | Promise<TransmuxModule>;
  /**
   * Leave MPEG-TS to a platform that has a native `video/mp2t` SourceBuffer
   * (Chromium) instead of transmuxing. Default false: one code path on every
   * platform, and the timeline mapping works the same everywhere.
   */
  nativeMp2t?: boolean;
}

/** Loads the transmuxer as a separate chunk, so DASH/fMP4-only pages never fetch it. */
export function loadTransmuxModule(): Promise<TransmuxModule> {
  return import('../../transmux/index.js');
}

/** Containers the stage converts, by the mime type the HLS parser gives the track. */
const TS_MIME = 'video/mp2t';
const PACKED_AUDIO_MIME = new Set(['audio/aac', 'audio/mpeg', 'audio/ac3']);

/** Whether `track`'s segments are MPEG-TS or packed audio (what this stage converts). */
export function needsTransmux(track: Track, nativeMp2t = false): boolean {
  const mime = track.mimeType.toLowerCase();
  return (mime === TS_MIME && !nativeMp2t) || PACKED_AUDIO_MIME.has(mime);
}

interface TrackState {
  transmuxer: Transmux.TsTransmuxer | Transmux.PackedAudioTransmuxer;
  /** The latest init segment the transmuxer made (prepended to every fragment). */
  init: Transmux.InitSegment | null;
  /** Discontinuity sequence of the last pushed segment. */
  discontinuity: number | null;
  /** `ref.end` of the last pushed segment: a jump (seek) resets the transmuxer's continuity state. */
  lastEnd: number | null;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The fMP4 type of a TS / packed-audio track: the transmuxer keeps the elementary streams' RFC 6381 codecs, only the container changes. */
function sinkType(track: Track): string | undefined {
  if (!track.codecs) return undefined; // codec discovery fills them from the first segment first
  return `${track.type === 'audio' || track.mimeType.startsWith('audio/') ? 'audio' : 'video'}/mp4; codecs="${track.codecs}"`;
}

/** A transmux + timeline-mapping stage with per-track transmuxer state. */
export function createTransmuxStage(options: TransmuxStageOptions = {}): SegmentStage {
  const states = new Map<string, TrackState>();
  let module: Promise<TransmuxModule> | null = null;

  const stateOf = async (track: Track): Promise<TrackState> => {
    let s = states.get(track.id);
    if (s) return s;
    module ??= Promise.resolve((options.load ?? loadTransmuxModule)());
    const m = await module;
    const transmuxer = track.mimeType.toLowerCase() === TS_MIME ? m.createTsTransmuxer({ mode: 'muxed' }) : m.createPackedAudioTransmuxer();
    s = { transmuxer, init: null, discontinuity: null, lastEnd: null };
    states.set(track.id, s);
    return s;
  };

  return {
    name: 'transmux',
    appliesTo: (track) => needsTransmux(track, options.nativeMp2t),
    // The transmuxer keeps the elementary streams' RFC 6381 codecs; only the container changes. Without codecs, discovery fills them first.
    outputType: sinkType,
    async process(payload: SegmentPayload, context: StageContext): Promise<SegmentPayload> {
      // TS and packed audio have no init section; an EXT-X-MAP over TS (rare) is TS too and is pushed with its media.
      if (payload.kind === 'init') return { ...payload, data: new Uint8Array(0), mimeCodecs: states.get(payload.track.id)?.init?.mimeType ?? sinkType(payload.track) ?? payload.mimeCodecs };
      const ref = payload.ref;
      if (!ref) return payload;
      const state = await stateOf(payload.track);
      const discontinuity = state.discontinuity !== null && state.discontinuity !== context.discontinuity;
      // Not the segment after the previous one (seek, gap): the transmuxer's continuity state does not carry over.
      if (state.lastEnd !== null && Math.abs(ref.start - state.lastEnd) > 0.5 && !discontinuity) state.transmuxer.reset();
      const source = payload.initSegment ? concat(payload.initSegment, payload.data) : payload.data;
      let result: Transmux.TransmuxResult;
      try {
        result = payload.sampleCipher && 'demux' in state.transmuxer
          ? state.transmuxer.mux(await decryptDemuxedSamples(payload.sampleCipher, state.transmuxer.demux(source, { discontinuity })))
          : state.transmuxer.push(source, { discontinuity });
      } catch (e) {
        state.transmuxer.reset();
        state.init = null;
        throw e;
      }
      state.discontinuity = context.discontinuity;
      state.lastEnd = ref.end;
      const init = result.init?.[0];
      if (init) state.init = init;
      const fragment = result.media[0];
      if (!state.init || !fragment || !result.timing) {
        throw new MediaError('TRANSMUX_INVALID', `${ref.uri}: no ${state.init ? 'samples' : 'audio/video stream'} in the segment`, { details: { uri: ref.uri, trackId: payload.track.id } });
      }
      const mapping = context.timeline.map(
        { discontinuity: context.discontinuity, start: ref.start, ...(ref.programDateTime !== undefined ? { programDateTime: ref.programDateTime } : {}) },
        { seconds: result.timing.firstPts, wraps: true },
      );
      const { sampleCipher: _decrypted, ...clear } = payload;
      return { ...clear, data: concat(state.init.data, fragment.data), mimeCodecs: state.init.mimeType, timestampOffset: mapping.timestampOffset };
    },
  };
}
