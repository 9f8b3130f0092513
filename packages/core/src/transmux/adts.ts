/**
 * AAC in ADTS (ISO/IEC 13818-7 §6.2 / 14496-3 §1.A.2): frame headers →
 * AudioSpecificConfig, sample rate, channels, and the raw frames.
 */

/** Sampling frequencies by sampling_frequency_index (14496-3 Table 1.18). */
export const AAC_SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

export interface AdtsHeader {
  /** Audio object type (profile + 1): 2 = AAC-LC. */
  objectType: number;
  sampleRateIndex: number;
  sampleRate: number;
  channelConfig: number;
  headerLength: number;
  /** Whole frame length, header included. */
  frameLength: number;
  /** Number of AAC raw data blocks (1024 samples each). */
  blocks: number;
}

/** True when `b[at..]` starts with the ADTS syncword and layer 0. */
export function isAdtsSync(b: Uint8Array, at: number): boolean {
  return at + 1 < b.length && b[at] === 0xff && (b[at + 1] & 0xf6) === 0xf0;
}

/** Parses the header at `at`, or `null` if it is not a plausible ADTS header / is truncated. */
export function parseAdtsHeader(b: Uint8Array, at: number): AdtsHeader | null {
  if (at + 7 > b.length || !isAdtsSync(b, at)) return null;
  const protectionAbsent = b[at + 1] & 1;
  const objectType = ((b[at + 2] >> 6) & 3) + 1;
  const sampleRateIndex = (b[at + 2] >> 2) & 0x0f;
  if (sampleRateIndex >= AAC_SAMPLE_RATES.length) return null;
  const channelConfig = ((b[at + 2] & 1) << 2) | (b[at + 3] >> 6);
  const frameLength = ((b[at + 3] & 3) << 11) | (b[at + 4] << 3) | (b[at + 5] >> 5);
  const headerLength = protectionAbsent ? 7 : 9;
  if (frameLength <= headerLength) return null;
  const blocks = (b[at + 6] & 3) + 1;
  return { objectType, sampleRateIndex, sampleRate: AAC_SAMPLE_RATES[sampleRateIndex], channelConfig, headerLength, frameLength, blocks };
}

/** The 2-byte AudioSpecificConfig (14496-3 §1.6.2.1) for an ADTS stream. */
export function audioSpecificConfig(h: AdtsHeader): Uint8Array {
  return Uint8Array.of((h.objectType << 3) | (h.sampleRateIndex >> 1), ((h.sampleRateIndex & 1) << 7) | (h.channelConfig << 3));
}
