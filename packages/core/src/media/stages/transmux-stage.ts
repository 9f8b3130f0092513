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
 * MPEG audio (MP3/MP2) has its own outputs (`transmux-output.ts`): raw
 * frames for an `audio/mpeg` buffer, each append placed by a
 * `timestampOffset` of the playlist time of its first frame (MSE generates the
 * timestamps of such a byte stream from `timestampOffset`, and moves it to the
 * end of what was appended); or, muxed with video on a platform without
 * MP3-in-MP4, the TS itself for the platform's MP2T buffer, with the offset
 * from the same first PTS.
 *
 * HLS SAMPLE-AES: when the decrypt stage gave the payload a `sampleCipher`,
 * the segment goes through `demux` → sample decryption → `mux` instead of
 * `push` (the transmuxer's only async-capable seam; its hot loops stay sync),
 * on the in-thread transmuxer even where a Worker port is injected.
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
import { fmp4Codecs, nativeMp2tType, transmuxOutputKind, type TransmuxOutputKind } from './transmux-output.js';
import { inThreadTransmuxerPort, type AsyncTransmuxer, type TransmuxerPort, type TransmuxModule } from './transmuxer-port.js';

export type { TransmuxModule } from './transmuxer-port.js';

/** Options of {@link createTransmuxStage}. */
export interface TransmuxStageOptions {
  /**
   * The transmuxer module. Default {@link loadTransmuxModule} (a dynamic
   * import: its own chunk, fetched on the first TS segment). The simulator
   * and virtual-clock tests pass the module itself.
   */
  load?: () => TransmuxModule | Promise<TransmuxModule>;
  /**
   * Where the transmuxers run. Default: in-thread over `load`. The web
   * binding passes a Web Worker port (`@edgeplay/web` `createWorkerTransmuxerPort`).
   */
  port?: TransmuxerPort;
  /**
   * Leave MPEG-TS to a platform that has a native `video/mp2t` SourceBuffer
   * (Chromium) instead of transmuxing. Default false: one code path on every
   * platform, and the timeline mapping works the same everywhere.
   */
  nativeMp2t?: boolean;
  /**
   * The platform's `MediaSource.isTypeSupported`, to choose how MPEG audio
   * muxed with video is delivered (see `transmux-output.ts`). Without it,
   * such tracks are transmuxed to fMP4 (`mp4a.6B`).
   */
  canPlay?: (type: string) => boolean;
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
  /** The output kind the transmuxer was made for; a change (codecs discovered) makes a new state. */
  kind: TransmuxOutputKind;
  transmuxer: AsyncTransmuxer;
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
function fmp4Type(track: Track): string | undefined {
  if (!track.codecs) return undefined; // codec discovery fills them from the first segment first
  return `${track.type === 'audio' || track.mimeType.startsWith('audio/') ? 'audio' : 'video'}/mp4; codecs="${fmp4Codecs(track)}"`;
}

/** The sink type of `track` for output `kind`. */
function sinkType(track: Track, kind: TransmuxOutputKind): string | undefined {
  if (kind === 'raw-mpeg-audio') return RAW_MPEG_AUDIO_TYPE;
  if (kind === 'native-mp2t') return nativeMp2tType(track);
  return fmp4Type(track);
}

/** MSE type of raw MPEG audio frames (no codecs parameter: Chromium refuses `audio/mpeg; codecs="mp3"`). */
const RAW_MPEG_AUDIO_TYPE = 'audio/mpeg';

/** A transmux + timeline-mapping stage with per-track transmuxer state. */
export function createTransmuxStage(options: TransmuxStageOptions = {}): SegmentStage {
  const states = new Map<string, TrackState>();
  const inThread = inThreadTransmuxerPort(options.load ?? loadTransmuxModule);
  const port = options.port ?? inThread;

  const kindOf = (track: Track): TransmuxOutputKind => transmuxOutputKind(track, options.canPlay);

  const stateOf = async (track: Track, sampleAes: boolean): Promise<TrackState> => {
    const kind = kindOf(track);
    let s = states.get(track.id);
    if (s?.kind === kind && (!sampleAes || s.transmuxer.pushDecrypting)) return s;
    // Raw MPEG audio needs split mode (the audio on its own, no fMP4 around it); packed audio is split already.
    const ts = track.mimeType.toLowerCase() === TS_MIME;
    const transmuxer = await (sampleAes ? inThread : port).create(
      ts ? { container: 'ts', mode: kind === 'raw-mpeg-audio' ? 'split' : 'muxed', rawMpegAudio: kind === 'raw-mpeg-audio' } : { container: 'packed-audio', mode: 'split', rawMpegAudio: true },
    );
    s = { kind, transmuxer, init: null, discontinuity: null, lastEnd: null };
    states.set(track.id, s);
    return s;
  };

  return {
    name: 'transmux',
    appliesTo: (track) => needsTransmux(track, options.nativeMp2t),
    // The transmuxer keeps the elementary streams' RFC 6381 codecs; only the container changes. Without codecs, discovery fills them first.
    outputType: (track) => sinkType(track, kindOf(track)),
    async process(payload: SegmentPayload, context: StageContext): Promise<SegmentPayload> {
      // TS and packed audio have no init section; an EXT-X-MAP over TS (rare) is TS too and is pushed with its media.
      if (payload.kind === 'init') return { ...payload, data: new Uint8Array(0), mimeCodecs: states.get(payload.track.id)?.init?.mimeType ?? sinkType(payload.track, kindOf(payload.track)) ?? payload.mimeCodecs };
      const ref = payload.ref;
      if (!ref) return payload;
      const state = await stateOf(payload.track, payload.sampleCipher !== undefined);
      const discontinuity = state.discontinuity !== null && state.discontinuity !== context.discontinuity;
      // Not the segment after the previous one (seek, gap): the transmuxer's continuity state does not carry over.
      if (state.lastEnd !== null && Math.abs(ref.start - state.lastEnd) > 0.5 && !discontinuity) state.transmuxer.reset();
      const source = payload.initSegment ? concat(payload.initSegment, payload.data) : payload.data;
      let result: Transmux.TransmuxResult;
      try {
        const cipher = payload.sampleCipher;
        const decrypting = cipher ? state.transmuxer.pushDecrypting : undefined;
        if (cipher && !decrypting) throw new MediaError('ENCRYPTION_UNSUPPORTED', 'SAMPLE-AES needs an in-thread transmuxer', { details: { track: payload.track.id } });
        // A port may transfer the bytes to a worker; the native-MP2T output appends the TS itself, so it sends a copy.
        result = cipher && decrypting
          ? await decrypting(source, { discontinuity }, (demuxed) => decryptDemuxedSamples(cipher, demuxed))
          : await state.transmuxer.push(state.kind === 'native-mp2t' ? source.slice() : source, { discontinuity });
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
      if (state.kind === 'native-mp2t') return { ...clear, data: source, mimeCodecs: nativeMp2tType(payload.track), timestampOffset: mapping.timestampOffset };
      // Raw frames carry no timestamps: the append starts where timestampOffset says (the first frame's playlist time).
      if (state.init.mimeType === RAW_MPEG_AUDIO_TYPE) return { ...clear, data: fragment.data, mimeCodecs: RAW_MPEG_AUDIO_TYPE, timestampOffset: mapping.timestampOffset + result.timing.firstPts };
      return { ...clear, data: concat(state.init.data, fragment.data), mimeCodecs: state.init.mimeType, timestampOffset: mapping.timestampOffset };
    },
  };
}
