/**
 * The container an HLS track is assumed to have before its media playlist is
 * loaded (the multivariant playlist does not say; `applyMediaPlaylist` sets the
 * real one from the segments). The guess decides the platform check at track
 * selection, which runs before any media playlist is fetched, so it should be
 * the container the codecs are nearly always carried in: fMP4 for most, but
 * MPEG-1/2 audio (MP3) is carried as packed audio (audio-only) or in MPEG-TS
 * (with video) — a `video/mp4; codecs="…,mp4a.40.34"` guess would drop such a
 * variant on Chromium, which plays MP3 only as `audio/mpeg` or in MP2T.
 */
import { isMpegAudioCodec } from '../manifest/mpeg-audio-codec.js';

/** The assumed mime type of a `type` track with `codecs` (comma-separated) until its media playlist says otherwise. */
export function assumedMimeType(type: 'video' | 'audio' | 'text', codecs: string): string {
  if (type === 'text') return 'text/vtt';
  const list = codecs.split(',').map((c) => c.trim()).filter((c) => c.length > 0);
  if (list.some(isMpegAudioCodec)) return list.every(isMpegAudioCodec) ? 'audio/mpeg' : 'video/mp2t';
  return type === 'audio' ? 'audio/mp4' : 'video/mp4';
}
