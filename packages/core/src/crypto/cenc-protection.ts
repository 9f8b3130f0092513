/**
 * Protection facts of a fragmented-MP4 init segment (ISO/IEC 23001-7 §8:
 * `sinf` = `frma` original format + `schm` scheme + `schi/tenc` defaults),
 * and the rewrite that turns a protected init segment into a clear one once
 * its samples are decrypted in software (HLS `SAMPLE-AES` / `SAMPLE-AES-CTR`
 * with `KEYFORMAT="identity"`: the key is a plain AES key, no CDM involved).
 */
import { BoxFormatError, findBox, iterateBoxes, type BoxHeader } from '../mp4/box-reader.js';

/** Common-encryption schemes (ISO/IEC 23001-7 §4.2). */
export type CencScheme = 'cenc' | 'cbcs' | 'cens' | 'cbc1';

/** `tenc` and `schm` of one protected track. */
export interface TrackProtection {
  trackId: number;
  scheme: CencScheme;
  /** Sample entry format before protection (`avc1`, `mp4a`...). */
  originalFormat: string;
  /** 0, 8 or 16; 0 means every sample uses {@link TrackProtection.constantIv}. */
  perSampleIvSize: number;
  constantIv?: Uint8Array;
  /** Default KID, lowercase hex. */
  kid: string;
  /** Pattern (tenc v1): encrypted and skipped 16-byte blocks; both 0 = no pattern. */
  cryptByteBlock: number;
  skipByteBlock: number;
}

function child(view: DataView, parent: BoxHeader, type: string): BoxHeader | null {
  return findBox(view, type, parent.payloadStart, parent.end);
}

function fourcc(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

function need(box: BoxHeader, at: number, n: number): void {
  if (at + n > box.end) throw new BoxFormatError(`${box.type} at ${box.start} is truncated`);
}

/** Sample entry header sizes before their child boxes (ISO/IEC 14496-12 §12.1.3, §12.2.3). */
const VISUAL_ENTRY_HEADER = 78;
const AUDIO_ENTRY_HEADER = 28;

/** The first sample entry of each trak with its `sinf`, when protected. */
function* protectedEntries(view: DataView): Generator<{ trackId: number; entry: BoxHeader; sinf: BoxHeader }> {
  const moov = findBox(view, 'moov');
  if (!moov) throw new BoxFormatError('init segment has no moov box');
  for (const trak of iterateBoxes(view, moov.payloadStart, moov.end)) {
    if (trak.type !== 'trak') continue;
    const tkhd = child(view, trak, 'tkhd');
    if (!tkhd) throw new BoxFormatError(`trak at ${trak.start} has no tkhd`);
    need(tkhd, tkhd.payloadStart, 1);
    const idAt = tkhd.payloadStart + 4 + (view.getUint8(tkhd.payloadStart) === 1 ? 16 : 8);
    need(tkhd, idAt, 4);
    const trackId = view.getUint32(idAt);
    let stsd: BoxHeader | null = trak;
    for (const t of ['mdia', 'minf', 'stbl', 'stsd']) stsd = stsd ? child(view, stsd, t) : null;
    if (!stsd || stsd.payloadStart + 8 >= stsd.end) continue;
    const entry = iterateBoxes(view, stsd.payloadStart + 8, stsd.end).next().value as BoxHeader | undefined;
    if (!entry || (entry.type !== 'encv' && entry.type !== 'enca')) continue;
    const header = entry.type === 'encv' ? VISUAL_ENTRY_HEADER : AUDIO_ENTRY_HEADER;
    const sinf = findBox(view, 'sinf', entry.payloadStart + header, entry.end);
    if (!sinf) throw new BoxFormatError(`protected sample entry of track ${trackId} has no sinf`);
    yield { trackId, entry, sinf };
  }
}

/**
 * The protected tracks of an init segment.
 * @throws BoxFormatError for truncated or incomplete protection boxes.
 */
export function readTrackProtection(init: Uint8Array): TrackProtection[] {
  const view = new DataView(init.buffer, init.byteOffset, init.byteLength);
  const out: TrackProtection[] = [];
  for (const { trackId, sinf } of protectedEntries(view)) {
    const frma = child(view, sinf, 'frma');
    const schm = child(view, sinf, 'schm');
    const schi = child(view, sinf, 'schi');
    const tenc = schi ? child(view, schi, 'tenc') : null;
    if (!frma || !schm || !tenc) throw new BoxFormatError(`sinf of track ${trackId} lacks frma, schm or tenc`);
    need(frma, frma.payloadStart, 4);
    need(schm, schm.payloadStart, 8);
    need(tenc, tenc.payloadStart, 24);
    const scheme = fourcc(view, schm.payloadStart + 4);
    if (!['cenc', 'cbcs', 'cens', 'cbc1'].includes(scheme)) throw new BoxFormatError(`unknown protection scheme '${scheme}'`);
    const p = tenc.payloadStart;
    const version = view.getUint8(p);
    const patternByte = view.getUint8(p + 5);
    const perSampleIvSize = view.getUint8(p + 7);
    if (![0, 8, 16].includes(perSampleIvSize)) throw new BoxFormatError(`tenc per-sample IV size ${perSampleIvSize}`);
    const kid = Array.from(new Uint8Array(init.buffer, init.byteOffset + p + 8, 16), (b) => b.toString(16).padStart(2, '0')).join('');
    const tp: TrackProtection = {
      trackId,
      scheme: scheme as CencScheme,
      originalFormat: fourcc(view, frma.payloadStart),
      perSampleIvSize,
      kid,
      cryptByteBlock: version >= 1 ? patternByte >> 4 : 0,
      skipByteBlock: version >= 1 ? patternByte & 0x0f : 0,
    };
    if (perSampleIvSize === 0) {
      need(tenc, p + 24, 1);
      const size = view.getUint8(p + 24);
      need(tenc, p + 25, size);
      tp.constantIv = init.slice(p + 25, p + 25 + size);
    }
    out.push(tp);
  }
  return out;
}

/**
 * A copy of `init` that declares clear media: each protected sample entry
 * gets its original format back and its `sinf` becomes a `free` box; `pssh`
 * boxes become `free` too (so no CDM is asked for a licence). Only type codes
 * change, so every size and offset stays valid.
 */
export function clearInitSegment(init: Uint8Array): Uint8Array {
  const out = init.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const writeType = (at: number, type: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = type.charCodeAt(i);
  };
  for (const { entry, sinf } of [...protectedEntries(view)]) {
    const frma = child(view, sinf, 'frma');
    if (!frma) throw new BoxFormatError('sinf without frma');
    need(frma, frma.payloadStart, 4);
    writeType(entry.start + 4, fourcc(view, frma.payloadStart));
    writeType(sinf.start + 4, 'free');
  }
  const moov = findBox(view, 'moov')!;
  for (const box of iterateBoxes(view, moov.payloadStart, moov.end)) if (box.type === 'pssh') writeType(box.start + 4, 'free');
  return out;
}
