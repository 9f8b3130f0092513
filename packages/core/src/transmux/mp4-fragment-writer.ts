/**
 * Writes one movie fragment (moof + mdat, ISO/IEC 14496-12 §8.8) holding a run
 * of samples for each given track: tfhd with default-base-is-moof, a 64-bit
 * tfdt (unwrapped MPEG-2 times exceed 2^32 ticks after ~13 h at 90 kHz) and a
 * trun with per-sample duration, size, flags and composition offset.
 */
import { writeHeader, writeU32 } from './box-writer.js';
import type { EncodedSample } from './types.js';

/** Sample flags (§8.8.3.1): sync = depends on nothing; non-sync = depends on others + is_non_sync_sample. */
const SYNC_FLAGS = 0x02000000;
const NON_SYNC_FLAGS = 0x01010000;

export interface FragmentTrack {
  id: number;
  /** Decode time of the first sample, in the track timescale. */
  baseDecodeTime: number;
  samples: readonly EncodedSample[];
}

const TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800; // data-offset, duration, size, flags, cto

function trafSize(t: FragmentTrack): number {
  const tfhd = 16;
  const tfdt = 20;
  const trun = 20 + 16 * t.samples.length;
  return 8 + tfhd + tfdt + trun;
}

/** Serialises the fragment with sequence number `sequence`. Tracks without samples are skipped. */
export function writeFragment(sequence: number, tracks: readonly FragmentTrack[]): Uint8Array {
  const used = tracks.filter((t) => t.samples.length > 0);
  let moofSize = 8 + 16; // moof header + mfhd
  let mdatPayload = 0;
  for (const t of used) {
    moofSize += trafSize(t);
    for (const s of t.samples) mdatPayload += s.size;
  }
  const out = new Uint8Array(moofSize + 8 + mdatPayload);
  const view = new DataView(out.buffer);
  writeHeader(out, 0, moofSize, 'moof');
  writeHeader(out, 8, 16, 'mfhd');
  writeU32(out, 20, sequence);
  let at = 24;
  let dataOffset = moofSize + 8;
  for (const t of used) {
    const size = trafSize(t);
    writeHeader(out, at, size, 'traf');
    writeHeader(out, at + 8, 16, 'tfhd');
    writeU32(out, at + 16, 0x020000); // default-base-is-moof
    writeU32(out, at + 20, t.id);
    writeHeader(out, at + 24, 20, 'tfdt');
    writeU32(out, at + 32, 0x01000000); // version 1
    const hi = Math.floor(t.baseDecodeTime / 2 ** 32);
    writeU32(out, at + 36, hi);
    writeU32(out, at + 40, t.baseDecodeTime - hi * 2 ** 32);
    const trunAt = at + 44;
    writeHeader(out, trunAt, 20 + 16 * t.samples.length, 'trun');
    writeU32(out, trunAt + 8, 0x01000000 | TRUN_FLAGS); // version 1: signed composition offsets
    writeU32(out, trunAt + 12, t.samples.length);
    writeU32(out, trunAt + 16, dataOffset);
    let s = trunAt + 20;
    for (const sample of t.samples) {
      writeU32(out, s, sample.duration);
      writeU32(out, s + 4, sample.size);
      writeU32(out, s + 8, sample.key ? SYNC_FLAGS : NON_SYNC_FLAGS);
      view.setInt32(s + 12, sample.cts);
      s += 16;
      dataOffset += sample.size;
    }
    at += size;
  }
  writeHeader(out, at, 8 + mdatPayload, 'mdat');
  at += 8;
  for (const t of used) {
    for (const sample of t.samples) {
      const d = sample.data;
      if (d instanceof Uint8Array) {
        out.set(d, at);
        at += d.length;
        continue;
      }
      for (const nal of d.nalUnits) {
        const len = nal.length;
        out[at] = len >>> 24;
        out[at + 1] = len >>> 16;
        out[at + 2] = len >>> 8;
        out[at + 3] = len;
        out.set(nal, at + 4);
        at += 4 + len;
      }
    }
  }
  return out;
}
