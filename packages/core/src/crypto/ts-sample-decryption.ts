/**
 * SAMPLE-AES samples of a demuxed MPEG-TS segment → clear samples, between
 * `TsTransmuxer.demux` and `TsTransmuxer.mux`. Only tracks that came from
 * SAMPLE-AES stream types (0xdb / 0xcf / 0xc1) are touched.
 *
 * Decrypting samples after demuxing (rather than rewriting the TS) is what
 * Apple's format asks for: PES headers, ADTS headers, SPS/PPS/SEI and the
 * first 32 bytes of every slice are clear, so the demuxer and the access-unit
 * parser work on the encrypted stream unchanged, and only the sample bytes
 * differ. The per-unit port calls run concurrently (CBC restarts at the IV
 * for every NAL unit / frame, so the units are independent).
 */
import type { EncodedSample } from '../transmux/types.js';
import type { DemuxedSegment } from '../transmux/ts-transmuxer.js';
import type { SampleCipher } from './sample-cipher.js';

/** NAL length prefix the fragment writer adds per unit (see `EncodedSample.data`). */
const NAL_LENGTH_PREFIX = 4;

async function decryptVideoSample(cipher: SampleCipher, sample: EncodedSample): Promise<void> {
  if (sample.data instanceof Uint8Array) return; // the H.264 parser always gives NAL units
  const units = await Promise.all(sample.data.nalUnits.map((n) => cipher.decryptNalu(n)));
  sample.data = { nalUnits: units };
  sample.size = units.reduce((n, u) => n + NAL_LENGTH_PREFIX + u.length, 0);
}

async function decryptAudioSample(cipher: SampleCipher, sample: EncodedSample): Promise<void> {
  if (!(sample.data instanceof Uint8Array)) return;
  sample.data = await cipher.decryptAudioPayload(sample.data);
}

/**
 * Decrypts, in place, the samples of `segment`'s SAMPLE-AES tracks and marks
 * them clear. Returns `segment`.
 * @throws MediaError DECRYPT_FAILED naming the key URI when the platform's AES fails.
 */
export async function decryptDemuxedSamples(cipher: SampleCipher, segment: DemuxedSegment): Promise<DemuxedSegment> {
  const work: Promise<void>[] = [];
  for (const track of segment.tracks) {
    const type = track.config.type;
    if (!segment.sampleAes[type]) continue;
    for (const s of track.samples) work.push(type === 'video' ? decryptVideoSample(cipher, s) : decryptAudioSample(cipher, s));
  }
  await Promise.all(work);
  segment.sampleAes = { video: false, audio: false };
  return segment;
}
