/**
 * Which tracks this platform can play, decided before any SourceBuffer
 * exists — and, for every track left out, why — so a load fails (or a track
 * is missing from `getTracks()`) with a reason instead of a late
 * `addSourceBuffer` exception. Pure: the platform comes in as a
 * {@link MediaTypeProbe} (MSE `isTypeSupported`, optionally MediaCapabilities).
 */
import type { Track } from '../manifest/model.js';

/** Why a track was dropped. */
export type TrackDropReason =
  /** `isTypeSupported('<mime>; codecs="<codecs>"')` said no. */
  | 'UNSUPPORTED_CODEC'
  /** No codecs string, and the platform does not take the bare container type either. */
  | 'UNSUPPORTED_CONTAINER'
  /** Neither codecs nor a container type: nothing to ask the platform about. */
  | 'MISSING_CODECS'
  /** The codec is supported but not at this resolution / frame rate / bitrate (MediaCapabilities). */
  | 'UNSUPPORTED_CONFIGURATION'
  /** A text track in a format the text pipeline does not parse. */
  | 'UNSUPPORTED_TEXT_FORMAT';

/** A track left out, with the reason and the exact type that was asked about. */
export interface DroppedTrack {
  track: Track;
  reason: TrackDropReason;
  /** The content type the platform was asked about (`''` when there was none). */
  contentType: string;
  message: string;
}

/** The outcome of probing: tracks kept in their order, and the ones dropped. */
export interface TrackProbeResult {
  playable: Track[];
  dropped: DroppedTrack[];
}

/** A MediaCapabilities `decodingInfo` configuration (the subset we fill). */
export interface DecodingConfiguration {
  type: 'media-source';
  video?: { contentType: string; width: number; height: number; bitrate: number; framerate: number };
  audio?: { contentType: string; bitrate: number; channels?: string; samplerate?: number };
}

/** The platform's answers. */
export interface MediaTypeProbe {
  /** MSE `MediaSource.isTypeSupported`. */
  isTypeSupported(contentType: string): boolean;
  /** `navigator.mediaCapabilities.decodingInfo`, when the platform has it. */
  decodingInfo?(configuration: DecodingConfiguration): Promise<{ supported: boolean; smooth?: boolean; powerEfficient?: boolean }>;
}

/** Options of {@link probeTracks}. */
export interface TrackProbeOptions {
  /**
   * The type the media will be appended as, when it is not the manifest's
   * (HLS MPEG-TS transmuxed to fMP4). Default: `mime; codecs="codecs"`.
   */
  contentTypeOf?: (track: Track) => string;
}

/** `mime; codecs="…"` as MSE wants it, or the bare mime type without codecs. */
export function contentTypeOf(track: Track): string {
  return track.codecs ? `${track.mimeType}; codecs="${track.codecs}"` : track.mimeType;
}

const TEXT_MIME = /^(text\/vtt|application\/ttml\+xml|application\/xml|text\/xml|application\/x-subrip)$/i;
const MP4_TEXT_CODEC = /^(wvtt|stpp)/i;

/** Whether the text pipeline parses this track (WebVTT, TTML sidecar, wvtt/stpp in MP4). */
function textSupported(track: Track): boolean {
  const mime = track.mimeType.toLowerCase();
  if (TEXT_MIME.test(mime) && !mime.includes('subrip')) return true;
  if (mime === 'application/mp4') return !track.codecs || MP4_TEXT_CODEC.test(track.codecs.trim());
  return false;
}

function drop(track: Track, reason: TrackDropReason, contentType: string, message: string): DroppedTrack {
  return { track, reason, contentType, message: `track ${track.id}: ${message}` };
}

/** The verdict for one track from `isTypeSupported` alone (null = playable). */
function typeVerdict(track: Track, probe: MediaTypeProbe, typeOf: (t: Track) => string): DroppedTrack | null {
  if (track.type === 'image') return null; // thumbnails are decoded as images, not through MSE
  if (track.type === 'text') return textSupported(track) ? null : drop(track, 'UNSUPPORTED_TEXT_FORMAT', track.mimeType, `text format ${track.mimeType}${track.codecs ? ` (${track.codecs})` : ''} is not parsed`);
  const type = typeOf(track);
  if (!track.mimeType && !track.codecs) return drop(track, 'MISSING_CODECS', '', 'no codecs and no mime type: nothing to probe');
  if (!track.codecs) {
    // Without codecs only the container can be asked about; a platform that knows it will at least demux it.
    return probe.isTypeSupported(type) ? null : drop(track, track.mimeType ? 'UNSUPPORTED_CONTAINER' : 'MISSING_CODECS', type, `no codecs string, and ${type || 'an unknown container'} is not supported`);
  }
  return probe.isTypeSupported(type) ? null : drop(track, 'UNSUPPORTED_CODEC', type, `${type} is not supported by this platform`);
}

/**
 * Splits `tracks` into playable and dropped using `isTypeSupported` (sync).
 * Text tracks are checked against the text pipeline's formats, image tracks kept.
 */
export function probeTracks(tracks: readonly Track[], probe: MediaTypeProbe, options: TrackProbeOptions = {}): TrackProbeResult {
  const typeOf = options.contentTypeOf ?? contentTypeOf;
  const playable: Track[] = [];
  const dropped: DroppedTrack[] = [];
  for (const t of tracks) {
    const verdict = typeVerdict(t, probe, typeOf);
    if (verdict) dropped.push(verdict);
    else playable.push(t);
  }
  return { playable, dropped };
}

/** The MediaCapabilities configuration of an audio/video track. */
export function decodingConfigurationOf(track: Track, contentType: string): DecodingConfiguration | null {
  if (track.type === 'video') {
    // Unknown size or rate: ask about a common one (1280×720 at 30 fps) rather than claiming 0×0, which every platform "supports".
    return { type: 'media-source', video: { contentType, width: track.width ?? 1280, height: track.height ?? 720, bitrate: track.bandwidth, framerate: track.frameRate ?? 30 } };
  }
  if (track.type === 'audio') {
    const audio: NonNullable<DecodingConfiguration['audio']> = { contentType, bitrate: track.bandwidth };
    if (track.channels) audio.channels = String(track.channels);
    if (track.sampleRate) audio.samplerate = track.sampleRate;
    return { type: 'media-source', audio };
  }
  return null;
}

/**
 * {@link probeTracks}, then — when the probe has `decodingInfo` — asks
 * MediaCapabilities about every remaining audio/video track with codecs (one
 * query per distinct configuration). A query that throws (a configuration
 * the browser cannot parse) keeps the track: `isTypeSupported` already said yes.
 */
export async function probeTracksWithCapabilities(tracks: readonly Track[], probe: MediaTypeProbe, options: TrackProbeOptions = {}): Promise<TrackProbeResult> {
  const first = probeTracks(tracks, probe, options);
  const decodingInfo = probe.decodingInfo?.bind(probe);
  if (!decodingInfo) return first;
  const typeOf = options.contentTypeOf ?? contentTypeOf;
  const answers = new Map<string, Promise<boolean | null>>();
  const ask = (config: DecodingConfiguration): Promise<boolean | null> => {
    const key = JSON.stringify(config);
    let a = answers.get(key);
    if (!a) {
      a = decodingInfo(config).then(
        (r) => r.supported,
        () => null,
      );
      answers.set(key, a);
    }
    return a;
  };
  const verdicts = await Promise.all(
    first.playable.map(async (t) => {
      const type = typeOf(t);
      const config = t.codecs ? decodingConfigurationOf(t, type) : null;
      if (!config) return null;
      const supported = await ask(config);
      if (supported !== false) return null;
      const what = config.video ? `${config.video.width}x${config.video.height}@${config.video.framerate} fps, ${config.video.bitrate} bit/s` : `${config.audio!.bitrate} bit/s`;
      return drop(t, 'UNSUPPORTED_CONFIGURATION', type, `${type} is supported, but not at ${what} (MediaCapabilities)`);
    }),
  );
  const playable: Track[] = [];
  const dropped = [...first.dropped];
  first.playable.forEach((t, i) => {
    const v = verdicts[i];
    if (v) dropped.push(v);
    else playable.push(t);
  });
  return { playable, dropped };
}
