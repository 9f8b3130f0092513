/**
 * Codec discovery for tracks whose manifest names no codecs (an HLS media
 * playlist loaded directly, a variant without `CODECS`: RFC 8216 only says
 * SHOULD). Before the sink buffer exists, the track's first init section (or,
 * without one, its first media segment) is fetched, run through the segment
 * stages (so it is decrypted and, for TS / packed audio, transmuxed), and the
 * codecs are read from what comes out: the transmuxer's fMP4 type, or the
 * fMP4 init's `stsd`. A track whose codecs cannot be determined while the
 * platform refuses its bare container, or that the platform cannot play once
 * they are known, is refused with `MEDIA_TYPE_UNSUPPORTED` naming it — never
 * a bare `addSourceBuffer` failure surfacing as `INVALID_STATE`.
 *
 * Running the first segment through the stages is harmless for the stateful
 * transmux stage: the scheduler's first push of the same segment is not
 * contiguous with it, so the transmuxer starts afresh, and the timeline
 * mapping it established is the one that segment would have established.
 */
import { MediaError } from '../errors/media-error.js';
import type { Track } from '../manifest/model.js';
import { runSegmentStages, type SegmentStage, type StageContext } from '../media/segment-pipeline.js';
import { mimeCodecsOf, sinkTypeOf } from '../media/stream-scheduler.js';
import { toDataView } from '../mp4/box-reader.js';
import type { RequestEngine } from '../net/request-engine.js';
import { initSegmentCodecs } from '../transmux/stsd-codecs.js';

/** What discovery needs from the session. */
export interface CodecDiscoveryEnv {
  engine: RequestEngine;
  stages: readonly SegmentStage[];
  /** Everything of a {@link StageContext} but `fetchKey` and `discontinuity`, which discovery fills per segment. */
  stageContext: Omit<StageContext, 'fetchKey' | 'discontinuity'>;
  isTypeSupported(mimeCodecs: string): boolean;
}

/** Distinct audio/video codecs of an fMP4 init segment's sample entries, or null when it has none (or is not fMP4). */
function stsdCodecs(init: Uint8Array): string | null {
  try {
    const media = initSegmentCodecs(toDataView(init)).filter((p) => p.type === 'video' || p.type === 'audio');
    return media.length ? [...new Set(media.map((p) => p.codec))].join(',') : null;
  } catch {
    return null; // not an fMP4 init (or a damaged one): no codecs from it
  }
}

/**
 * Codec of a bare type that names exactly one: a stage's raw MPEG audio
 * output is `audio/mpeg` without a codecs parameter (Chromium refuses
 * `audio/mpeg; codecs="mp3"`).
 */
const CODEC_OF_BARE_TYPE: Readonly<Record<string, string>> = { 'audio/mpeg': 'mp3' };

/** `codecs="a,b"` of a `mime; codecs="…"` string (or the one codec a bare type like `audio/mpeg` implies), or null. */
export function codecsParameter(mimeCodecs: string | undefined): string | null {
  const m = mimeCodecs ? /codecs\s*=\s*"?([^";]+)"?/i.exec(mimeCodecs) : null;
  return m ? m[1]!.trim() : (CODEC_OF_BARE_TYPE[mimeCodecs?.trim().toLowerCase() ?? ''] ?? null);
}

function unsupported(track: Track, why: string, details: Record<string, unknown> = {}): MediaError {
  return new MediaError('MEDIA_TYPE_UNSUPPORTED', `track ${track.id} (${track.mimeType || 'no mime type'}): ${why}`, {
    severity: 'fatal',
    details: { trackId: track.id, mimeType: track.mimeType, ...details },
  });
}

/**
 * Fills `track.codecs` from its first segment when the manifest gave none,
 * then checks the sink type with the platform. No-op for tracks with codecs
 * (the platform check of those happens at track selection) and for text.
 * @throws MediaError MEDIA_TYPE_UNSUPPORTED naming the track; the stages' and the network's errors as they are.
 */
export async function discoverCodecs(track: Track, env: CodecDiscoveryEnv): Promise<void> {
  if (track.codecs || (track.type !== 'video' && track.type !== 'audio')) return;
  const ref = track.segmentIndex?.get(0) ?? null;
  if (!ref) throw unsupported(track, 'no codecs in the manifest and no segment to discover them from');
  const context: StageContext = {
    ...env.stageContext,
    discontinuity: ref.discontinuity,
    fetchKey: async (uri) => new Uint8Array((await env.engine.fetch({ uri, baseUrls: track.baseUrls, kind: 'key' }).promise).data),
  };
  const fromInit = ref.init !== null && !env.stages.some((s) => s.name === 'transmux' && s.appliesTo(track));
  const target = fromInit ? ref.init! : ref;
  let codecs: string | null = null;
  let failure: unknown = null;
  try {
    const response = await env.engine.fetch({ uri: target.uri, baseUrls: track.baseUrls, kind: fromInit ? 'init' : 'segment', ...(target.byteRange ? { byteRange: target.byteRange } : {}) }).promise;
    const data = new Uint8Array(response.data);
    const payload = await runSegmentStages(
      env.stages,
      fromInit ? { kind: 'init', data, track, initRef: ref.init!, mimeCodecs: mimeCodecsOf(track) } : { kind: 'media', data, track, ref, mimeCodecs: mimeCodecsOf(track), timestampOffset: ref.timestampOffset },
      context,
    );
    codecs = codecsParameter(payload.mimeCodecs) ?? (fromInit ? stsdCodecs(payload.data) : null);
  } catch (e) {
    failure = e; // network / key / transmux error: the scheduler meets it again and handles it under the load-error policy
  }
  if (!codecs) {
    // A platform that takes the bare container demuxes it without codecs (what happened before discovery); others cannot.
    const bare = sinkTypeOf(track, env.stages);
    if (bare && env.isTypeSupported(bare)) return;
    const why = failure ? `its first segment ${target.uri} failed (${failure instanceof Error ? failure.message : String(failure)})` : `none found in ${target.uri}`;
    throw unsupported(track, `no codecs in the manifest, ${why}, and ${bare || 'the bare container'} is not supported`, { uri: target.uri, contentType: bare });
  }
  track.codecs = codecs;
  const type = sinkTypeOf(track, env.stages);
  if (!env.isTypeSupported(type)) throw unsupported(track, `discovered ${type}, which this platform cannot play`, { contentType: type });
}
