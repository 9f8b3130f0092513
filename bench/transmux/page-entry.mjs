/**
 * Bundled (esbuild, IIFE) into the benchmark page: exposes one function per
 * transmuxer on `window.benchTransmux`, each taking a whole TS segment and
 * returning the number of fMP4 bytes it produced (so a transmuxer that
 * silently produced nothing is caught before it is timed).
 *
 * - edgeplay: createTsTransmuxer (muxed: one init + one moof/mdat with both tracks).
 * - hls.js: its internal Transmuxer (TSDemuxer + MP4Remuxer), driven the way
 *   its transmuxer-interface drives it: configure → push → flush. It is not
 *   exported from the package, so it is bundled from hls.js/src (a plain JS
 *   file, so our tsc does not type-check hls.js's sources).
 * - shaka-player: shaka.transmuxer.TsTransmuxer from the dist build, called for
 *   'video' and for 'audio' as shaka's MediaSourceEngine does for a TS with both.
 */
import { createTsTransmuxer } from '../../packages/core/src/transmux/index.js';
import HlsTransmuxer, { TransmuxConfig, TransmuxState } from '../../node_modules/hls.js/src/demux/transmuxer.ts';
import { ChunkMetadata } from '../../node_modules/hls.js/src/types/transmuxer.ts';

/**
 * The fields of hls.js's config its transmux path reads, at hls.js's defaults
 * (hls.js/src/config.ts; importing that file would pull in the whole player).
 */
const hlsDefaultConfig = {
  maxBufferHole: 0.1,
  enableSoftwareAES: true,
  stretchShortVideoTrack: false,
  maxAudioFramesDrift: 1,
  forceKeyFrameOnDiscontinuity: true,
  handleMpegTsVideoIntegrityErrors: 'process',
  enableEmsgKLVMetadata: false,
  progressive: false,
};

const silent = { trace() {}, debug() {}, log() {}, info() {}, warn() {}, error() {} };
const observer = { emit() {}, on() {}, off() {}, once() {}, removeAllListeners() {}, listeners: () => [], listenerCount: () => 0, trigger() {} };

function edgeplay(bytes) {
  const r = createTsTransmuxer({ mode: 'muxed' }).push(bytes);
  return (r.init ?? []).reduce((n, i) => n + i.data.length, 0) + r.media.reduce((n, m) => n + m.data.length, 0);
}

function hlsjs(bytes, codecs) {
  const t = new HlsTransmuxer(observer, { mpeg: false, mp3: true, ac3: false }, hlsDefaultConfig, '', 'main', silent);
  t.configure(new TransmuxConfig(codecs.audio, codecs.video, undefined, codecs.duration));
  const meta = new ChunkMetadata(0, 0, 0, bytes.byteLength);
  const first = t.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), null, meta, new TransmuxState(true, false, true, false, 0, false));
  const results = [first, ...t.flush(meta)];
  let n = 0;
  for (const { remuxResult: r } of results) {
    if (r.initSegment?.tracks) for (const tr of Object.values(r.initSegment.tracks)) n += tr.initSegment?.byteLength ?? 0;
    for (const track of [r.audio, r.video]) if (track) n += (track.data1?.byteLength ?? 0) + (track.data2?.byteLength ?? 0);
  }
  return n;
}

async function shaka(bytes, codecs) {
  const t = new globalThis.shaka.transmuxer.TsTransmuxer('video/mp2t');
  // The shaka.extern.Stream fields its Mp4Generator reads (mdhd language, tkhd size).
  const stream = { id: 1, codecs: `${codecs.video},${codecs.audio}`, mimeType: 'video/mp2t', type: 'video', language: 'und', width: null, height: null };
  const reference = { discontinuitySequence: 0, startTime: 0, endTime: codecs.duration, getUris: () => ['bench://segment.ts'] };
  let n = 0;
  for (const type of ['video', 'audio']) {
    const out = await t.transmux(bytes, stream, reference, codecs.duration, type);
    n += (out.data?.byteLength ?? 0) + (out.init?.byteLength ?? 0);
  }
  return n;
}

globalThis.benchTransmux = { edgeplay, hlsjs, shaka };
