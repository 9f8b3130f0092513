/**
 * Where the transmux stage's transmuxers run: a small async interface so the
 * web binding can run them in a Web Worker (segment bytes transferred, not
 * copied) while Node, the simulator and platforms without workers run them
 * in-thread. The stage keeps the policy (which transmuxer, which output,
 * timeline mapping); a port only pushes bytes.
 */
import type * as Transmux from '../../transmux/index.js';

/** The part of `transmux/index.js` the in-thread port uses. */
export type TransmuxModule = Pick<typeof Transmux, 'createTsTransmuxer' | 'createPackedAudioTransmuxer'>;

/** Which transmuxer one track needs. */
export interface TransmuxerSpec {
  /** MPEG-TS, or packed audio (raw ADTS / MP3 / AC-3 behind an ID3 timestamp). */
  container: 'ts' | 'packed-audio';
  /** TS only: one fMP4 for all tracks, or one per track type. */
  mode: Transmux.TransmuxMode;
  /** Split mode / packed audio: MP3 as raw frames for `audio/mpeg`. */
  rawMpegAudio: boolean;
}

/** One track's transmuxer behind a port; push results arrive asynchronously. */
export interface AsyncTransmuxer {
  /**
   * Transmuxes one whole segment. The bytes may be transferred to another
   * thread: the caller must not use `segment` afterwards.
   * @throws (rejects) MediaError `TRANSMUX_INVALID` / `MEDIA_UNSUPPORTED` as the transmuxer does.
   */
  push(segment: Uint8Array, options: Transmux.PushOptions): Promise<Transmux.TransmuxResult>;
  /** Forgets continuity state (seek, error). */
  reset(): void;
  /**
   * HLS SAMPLE-AES over TS: demux, decrypt the samples (async, WebCrypto),
   * mux. Only in-thread transmuxers have it (the demuxed samples and the key
   * stay on this thread); the transmux stage uses the in-thread port for such
   * streams.
   */
  pushDecrypting?(segment: Uint8Array, options: Transmux.PushOptions, decrypt: (demuxed: Transmux.DemuxedSegment) => Promise<Transmux.DemuxedSegment>): Promise<Transmux.TransmuxResult>;
}

/** Makes transmuxers; see {@link inThreadTransmuxerPort}. */
export interface TransmuxerPort {
  create(spec: TransmuxerSpec): AsyncTransmuxer | Promise<AsyncTransmuxer>;
}

/** Creates the transmuxer of `spec` from the module itself. */
export function createTransmuxer(m: TransmuxModule, spec: TransmuxerSpec): Transmux.TsTransmuxer | Transmux.PackedAudioTransmuxer {
  return spec.container === 'ts' ? m.createTsTransmuxer({ mode: spec.mode, rawMpegAudio: spec.rawMpegAudio }) : m.createPackedAudioTransmuxer({ rawMpegAudio: spec.rawMpegAudio });
}

/**
 * Runs transmuxers on the calling thread. `load` gives the module: a dynamic
 * import (its own chunk) on the web, the module itself in Node tests and the
 * simulator (a dynamic import resolves outside the virtual clock).
 */
export function inThreadTransmuxerPort(load: () => TransmuxModule | Promise<TransmuxModule>): TransmuxerPort {
  let module: Promise<TransmuxModule> | null = null;
  return {
    async create(spec) {
      module ??= Promise.resolve(load());
      const t = createTransmuxer(await module, spec);
      return {
        push: (segment, options) => {
          try {
            return Promise.resolve(t.push(segment, options));
          } catch (e) {
            return Promise.reject(e);
          }
        },
        reset: () => t.reset(),
        ...('demux' in t ? { pushDecrypting: async (segment: Uint8Array, options: Transmux.PushOptions, decrypt: (d: Transmux.DemuxedSegment) => Promise<Transmux.DemuxedSegment>) => t.mux(await decrypt(t.demux(segment, options))) } : {}),
      };
    },
  };
}
