/**
 * Turns per-track configurations and samples into init segments and movie
 * fragments, in `muxed` (one SourceBuffer: every track in one init and one
 * fragment) or `split` mode (one init + fragment per track type). Emits an
 * init only when a track's configuration object changed since the last one
 * it emitted, so callers can append inits verbatim.
 */
import { writeFragment, type FragmentTrack } from './mp4-fragment-writer.js';
import { writeInitSegment } from './mp4-init-writer.js';
import type { BufferType, EncodedSample, InitSegment, MediaFragment, TrackConfig, TrackInfo, TransmuxMode } from './types.js';

/** Fixed track IDs, so a split and a muxed init describe the same tracks the same way. */
const TRACK_IDS = { video: 1, audio: 2 } as const;

export interface OutputTrack {
  config: TrackConfig;
  /** Samples in decode order, durations filled in. */
  samples: EncodedSample[];
}

function info(id: number, c: TrackConfig): TrackInfo {
  const t: TrackInfo = { type: c.type, id, codecs: c.codec, timescale: c.timescale };
  if (c.width !== undefined) t.width = c.width;
  if (c.height !== undefined) t.height = c.height;
  if (c.channels !== undefined) t.channels = c.channels;
  if (c.sampleRate !== undefined) t.sampleRate = c.sampleRate;
  return t;
}

function initFor(type: BufferType, configs: TrackConfig[]): InitSegment {
  const tracks = configs.map((config) => ({ id: TRACK_IDS[config.type], config }));
  const container = configs.some((c) => c.type === 'video') ? 'video/mp4' : 'audio/mp4';
  return {
    type,
    data: writeInitSegment(tracks),
    tracks: tracks.map(({ id, config }) => info(id, config)),
    mimeType: `${container}; codecs="${configs.map((c) => c.codec).join(',')}"`,
  };
}

/** MPEG-1/2 audio (MP3/MP2) in mp4: object type 0x6b / 0x69. */
function isMpegAudio(c: TrackConfig): boolean {
  return c.codec === 'mp4a.6B' || c.codec === 'mp4a.69';
}

/** Raw MPEG audio frames for an `audio/mpeg` SourceBuffer: no init bytes, MSE generates timestamps from the frames. */
function rawMpegAudio(t: OutputTrack): MediaFragment {
  let size = 0;
  for (const s of t.samples) size += s.size;
  const data = new Uint8Array(size);
  let at = 0;
  for (const s of t.samples) {
    if (s.data instanceof Uint8Array) data.set(s.data, at);
    at += s.size;
  }
  return { type: 'audio', data };
}

export interface CmafOutputOptions {
  /**
   * In `split` mode, hand MP3/MP2 audio out as raw frames for an `audio/mpeg`
   * SourceBuffer instead of fMP4: Chromium builds without MP3-in-MP4 support
   * (Debian's, for one) accept `audio/mpeg` but not `audio/mp4; codecs="mp4a.6B"`.
   * The caller then sets `timestampOffset` to place the frames (timing.firstPts).
   */
  rawMpegAudio?: boolean;
}

export class CmafOutput {
  private readonly emitted = new Map<'video' | 'audio', TrackConfig>();
  private sequence = 1;

  constructor(
    readonly mode: TransmuxMode,
    private readonly options: CmafOutputOptions = {},
  ) {}

  /** Builds the output for one push. `tracks` holds at most one track per type. */
  build(tracks: readonly OutputTrack[]): { init?: InitSegment[]; media: MediaFragment[] } {
    const changed = tracks.filter((t) => this.emitted.get(t.config.type) !== t.config);
    const trackSetChanged = this.emitted.size !== tracks.length;
    let init: InitSegment[] | undefined;
    if (this.mode === 'muxed') {
      if (changed.length > 0 || (trackSetChanged && tracks.length > 0)) init = [initFor('muxed', tracks.map((t) => t.config))];
    } else if (changed.length > 0) {
      init = changed.map((t) => (this.raw(t) ? { ...initFor('audio', [t.config]), data: new Uint8Array(0), mimeType: 'audio/mpeg' } : initFor(t.config.type, [t.config])));
    }
    this.emitted.clear();
    for (const t of tracks) this.emitted.set(t.config.type, t.config);
    const fragmentTracks = (list: readonly OutputTrack[]): FragmentTrack[] =>
      list.map((t) => ({ id: TRACK_IDS[t.config.type], baseDecodeTime: Math.max(0, t.samples[0]?.dts ?? 0), samples: t.samples }));
    const media: MediaFragment[] = [];
    const withSamples = tracks.filter((t) => t.samples.length > 0);
    if (this.mode === 'muxed') {
      if (withSamples.length > 0) media.push({ type: 'muxed', data: writeFragment(this.sequence++, fragmentTracks(withSamples)) });
    } else {
      for (const t of withSamples) media.push(this.raw(t) ? rawMpegAudio(t) : { type: t.config.type, data: writeFragment(this.sequence++, fragmentTracks([t])) });
    }
    return init ? { init, media } : { media };
  }

  private raw(t: OutputTrack): boolean {
    return this.mode === 'split' && this.options.rawMpegAudio === true && isMpegAudio(t.config);
  }

  /** Forget emitted inits (the next build emits fresh ones). */
  reset(): void {
    this.emitted.clear();
  }
}
