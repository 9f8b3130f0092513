/** RFC 6381 / HLS spellings of MPEG-1/2 audio: mp4a.40.32-34 (layer 1-3 AOTs), mp4a.6B / mp4a.69 (OTIs), mp3. */
const MPEG_AUDIO_CODEC = /^(mp4a\.40\.3[234]|mp4a\.6b|mp4a\.69|mp3)$/i;

/** Whether `codec` (one RFC 6381 entry) names MPEG-1/2 audio (MP3/MP2). */
export function isMpegAudioCodec(codec: string): boolean {
  return MPEG_AUDIO_CODEC.test(codec.trim());
}
