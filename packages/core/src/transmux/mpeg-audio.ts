/**
 * MPEG-1/2/2.5 audio frame headers (ISO/IEC 11172-3 §2.4.2.3, 13818-3): the
 * frame size and sample count to cut an MP3 (or MP2) stream into samples.
 */

const BITRATES_KBPS: Record<string, number[]> = {
  // [version 1 | 2][layer 1..3]: index 1..14
  '1-1': [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export interface MpegAudioHeader {
  /** 1 for MPEG-1, 2 for MPEG-2 and MPEG-2.5 (low sampling frequencies). */
  version: 1 | 2;
  layer: 1 | 2 | 3;
  sampleRate: number;
  channels: number;
  frameLength: number;
  samplesPerFrame: number;
}

/** True when `b[at..]` starts with an MPEG audio frame sync (11 bits) and a valid layer. */
export function isMpegAudioSync(b: Uint8Array, at: number): boolean {
  return at + 1 < b.length && b[at] === 0xff && (b[at + 1] & 0xe0) === 0xe0 && (b[at + 1] & 0x06) !== 0;
}

/** Parses the 4-byte header at `at`, or `null` for a reserved/free-format/truncated header. */
export function parseMpegAudioHeader(b: Uint8Array, at: number): MpegAudioHeader | null {
  if (at + 4 > b.length || !isMpegAudioSync(b, at)) return null;
  const versionBits = (b[at + 1] >> 3) & 3;
  if (versionBits === 1) return null; // reserved
  const layer = (4 - ((b[at + 1] >> 1) & 3)) as 1 | 2 | 3;
  const bitrateIndex = b[at + 2] >> 4;
  const rateIndex = (b[at + 2] >> 2) & 3;
  if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const version: 1 | 2 = versionBits === 3 ? 1 : 2;
  const bitrate = BITRATES_KBPS[`${version}-${layer}`][bitrateIndex - 1] * 1000;
  const sampleRate = SAMPLE_RATES[versionBits][rateIndex];
  const padding = (b[at + 2] >> 1) & 1;
  const channels = b[at + 3] >> 6 === 3 ? 1 : 2;
  let frameLength: number;
  let samplesPerFrame: number;
  if (layer === 1) {
    frameLength = (Math.floor((12 * bitrate) / sampleRate) + padding) * 4;
    samplesPerFrame = 384;
  } else {
    const lsf = layer === 3 && version === 2;
    samplesPerFrame = lsf ? 576 : 1152;
    frameLength = Math.floor(((lsf ? 72 : 144) * bitrate) / sampleRate) + padding;
  }
  return { version, layer, sampleRate, channels, frameLength, samplesPerFrame };
}
