/**
 * Software decryption of Common Encryption samples in fragmented MP4
 * (ISO/IEC 23001-7), for HLS `SAMPLE-AES-CTR` (`cenc`) and `SAMPLE-AES`
 * (`cbcs`) with `KEYFORMAT="identity"`, where the player holds a plain AES key
 * and no CDM takes part. Each `traf`'s `senc` gives a sample's IV and its
 * subsamples (clear bytes, protected bytes):
 *
 * - `cenc`: AES-128-CTR over the concatenated protected bytes of a sample,
 *   counter = IV ‖ 0 (8-byte IVs) or the 16-byte IV (§9.1);
 * - `cbcs`: AES-128-CBC, IV reset at each subsample's protected range, with
 *   the `tenc` pattern (typically 1:9 for video: 1 block encrypted, 9 clear;
 *   0:0 = every whole block), a trailing partial block clear (§9.5, §10.4).
 *
 * Samples are decrypted in a copy of the segment; `senc`/`saiz`/`saio` become
 * `free` boxes so the result plays with {@link clearInitSegment}'s init.
 * Not handled (reported as ENCRYPTION_UNSUPPORTED): `cens`/`cbc1`, per-sample
 * key/IV changes through `sgpd`/`sbgp` `seig` sample groups.
 */
import { MediaError } from '../errors/media-error.js';
import { BoxFormatError, findBox, iterateBoxes, type BoxHeader } from '../mp4/box-reader.js';
import { parseFragmentSamples, type InitTrackInfo } from '../mp4/fragment.js';
import { AES_BLOCK, type CryptoPort } from './crypto-port.js';
import type { TrackProtection } from './cenc-protection.js';
import { decryptFailed } from './pkcs7.js';
import { callPort } from './segment-decryption.js';
import { transformRanges, type EncryptedRanges } from './sample-aes.js';

/** One sample's `senc` entry. */
export interface SampleEncryptionEntry {
  iv: Uint8Array;
  /** `[clear, protected]` byte counts; `null` = the whole sample is protected. */
  subsamples: Array<[number, number]> | null;
}

/** Inputs of {@link decryptCencSegment}. */
export interface CencSegmentInput {
  segment: Uint8Array;
  /** The track (from `parseInitTracks` of the init segment) and its protection (from `readTrackProtection`). */
  track: InitTrackInfo;
  protection: TrackProtection;
  key: Uint8Array;
  keyUri: string;
  /** IV when the track has neither per-sample nor constant IVs (HLS EXT-X-KEY IV). */
  fallbackIv?: Uint8Array;
}

/**
 * The segment with every sample of `track` decrypted.
 * @throws MediaError DECRYPT_FAILED (malformed senc, sample/subsample mismatch,
 *   port failure) or ENCRYPTION_UNSUPPORTED (scheme), naming the key URI.
 */
export async function decryptCencSegment(port: CryptoPort, input: CencSegmentInput): Promise<Uint8Array> {
  const { protection: p, keyUri } = input;
  if (p.scheme !== 'cenc' && p.scheme !== 'cbcs') {
    throw new MediaError('ENCRYPTION_UNSUPPORTED', `protection scheme '${p.scheme}' is not decrypted in software`, { details: { method: p.scheme, keyUri } });
  }
  const out = input.segment.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  try {
    const moofs = [...iterateBoxes(view)].filter((b) => b.type === 'moof');
    for (let m = 0; m < moofs.length; m++) {
      const moof = moofs[m]!;
      const end = m + 1 < moofs.length ? moofs[m + 1]!.start : out.length;
      // Samples of this moof only: a view from the moof to the next one keeps moof-relative offsets valid.
      const part = new DataView(out.buffer, out.byteOffset + moof.start, end - moof.start);
      const samples = parseFragmentSamples(part, input.track);
      const entries = readSencOfTrack(view, moof, input.track.trackId, p.perSampleIvSize);
      if (entries === null) continue; // a clear fragment (e.g. a clear lead-in)
      if (entries.length !== samples.length) throw decryptFailed(`senc lists ${entries.length} samples, trun ${samples.length}`, keyUri);
      for (let i = 0; i < samples.length; i++) {
        const sample = samples[i]!.data;
        const e = entries[i]!;
        const iv = e.iv.length ? e.iv : p.constantIv ?? input.fallbackIv;
        if (!iv) throw decryptFailed('no IV: no per-sample IV, no constant IV and none in the playlist', keyUri);
        await decryptSample(port, sample, e.subsamples, iv, input, keyUri);
      }
    }
  } catch (e) {
    if (e instanceof BoxFormatError) throw decryptFailed(`malformed fragment: ${e.message}`, keyUri, e);
    throw e;
  }
  return out;
}

async function decryptSample(port: CryptoPort, sample: Uint8Array, subsamples: SampleEncryptionEntry['subsamples'], iv: Uint8Array, input: CencSegmentInput, keyUri: string): Promise<void> {
  const ranges: EncryptedRanges = [];
  let at = 0;
  for (const [clear, prot] of subsamples ?? [[0, sample.length]]) {
    at += clear;
    if (prot) ranges.push([at, at + prot]);
    at += prot;
  }
  if (at !== sample.length) throw decryptFailed(`subsamples cover ${at} bytes of a ${sample.length}-byte sample`, keyUri);
  const { key, protection: p } = input;
  if (p.scheme === 'cenc') {
    const counter = new Uint8Array(16);
    counter.set(iv.subarray(0, 16));
    await transformRanges(sample, ranges, (d) => callPort(() => port.aesCtrDecrypt(key, counter, d), keyUri));
    return;
  }
  // cbcs: each protected range is its own CBC chain over its pattern's encrypted blocks.
  const iv16 = new Uint8Array(16);
  iv16.set(iv.subarray(0, 16));
  for (const [s, e] of ranges) {
    await transformRanges(sample, patternBlocks(s, e, p.cryptByteBlock, p.skipByteBlock), (d) => callPort(() => port.aesCbcDecrypt(key, iv16, d), keyUri));
  }
}

/** The encrypted blocks of a cbcs protected range `[start, end)`: `crypt` blocks on, `skip` off; 0:0 = all whole blocks. */
export function patternBlocks(start: number, end: number, crypt: number, skip: number): EncryptedRanges {
  const whole = Math.floor((end - start) / AES_BLOCK);
  if (crypt === 0 && skip === 0) return whole ? [[start, start + whole * AES_BLOCK]] : [];
  const out: EncryptedRanges = [];
  for (let b = 0; b < whole; b += crypt + skip) {
    const n = Math.min(crypt, whole - b);
    out.push([start + b * AES_BLOCK, start + (b + n) * AES_BLOCK]);
  }
  return out;
}

/**
 * The `senc` entries of track `trackId` in `moof` (and marks senc/saiz/saio
 * `free`), or `null` when its traf has no senc (clear fragment).
 */
function readSencOfTrack(view: DataView, moof: BoxHeader, trackId: number, ivSize: number): SampleEncryptionEntry[] | null {
  for (const traf of iterateBoxes(view, moof.payloadStart, moof.end)) {
    if (traf.type !== 'traf') continue;
    const tfhd = findBox(view, 'tfhd', traf.payloadStart, traf.end);
    if (!tfhd || tfhd.payloadStart + 8 > tfhd.end || view.getUint32(tfhd.payloadStart + 4) !== trackId) continue;
    if (hasSeigGroup(view, traf)) {
      throw new MediaError('ENCRYPTION_UNSUPPORTED', 'key rotation through seig sample groups is not decrypted in software', { details: { method: 'cenc-seig' } });
    }
    const senc = findBox(view, 'senc', traf.payloadStart, traf.end);
    if (!senc) return null;
    const entries = readSenc(view, senc, ivSize);
    for (const b of iterateBoxes(view, traf.payloadStart, traf.end)) {
      if (b.type === 'senc' || b.type === 'saiz' || b.type === 'saio') for (let i = 0; i < 4; i++) view.setUint8(b.start + 4 + i, 'free'.charCodeAt(i));
    }
    return entries;
  }
  return null;
}

/** Whether the traf has an `sbgp` of grouping type `seig` (per-sample key/IV changes); other groups (`roll`…) do not matter here. */
function hasSeigGroup(view: DataView, traf: BoxHeader): boolean {
  for (const b of iterateBoxes(view, traf.payloadStart, traf.end)) {
    if (b.type === 'sbgp' && b.payloadStart + 8 <= b.end && view.getUint32(b.payloadStart + 4) === 0x73656967) return true; // 'seig'
  }
  return false;
}

/** Parses a `senc` box (ISO/IEC 23001-7 §7.2). */
export function readSenc(view: DataView, senc: BoxHeader, ivSize: number): SampleEncryptionEntry[] {
  const need = (at: number, n: number) => {
    if (at + n > senc.end) throw new BoxFormatError(`senc at ${senc.start} is truncated`);
  };
  need(senc.payloadStart, 8);
  const flags = view.getUint32(senc.payloadStart) & 0xffffff;
  const count = view.getUint32(senc.payloadStart + 4);
  // Each entry takes at least ivSize bytes (+2 with subsamples): a lying count fails here, not in a loop.
  need(senc.payloadStart + 8, count * (ivSize + (flags & 2 ? 2 : 0)));
  let p = senc.payloadStart + 8;
  const out: SampleEncryptionEntry[] = [];
  for (let i = 0; i < count; i++) {
    const iv = new Uint8Array(view.buffer, view.byteOffset + p, ivSize).slice();
    p += ivSize;
    let subsamples: Array<[number, number]> | null = null;
    if (flags & 2) {
      need(p, 2);
      const n = view.getUint16(p);
      p += 2;
      need(p, n * 6);
      subsamples = [];
      for (let j = 0; j < n; j++, p += 6) subsamples.push([view.getUint16(p), view.getUint32(p + 2)]);
    }
    out.push({ iv, subsamples });
  }
  return out;
}
