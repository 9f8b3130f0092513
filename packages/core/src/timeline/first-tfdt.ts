/**
 * The first decode time of an fMP4 media segment: the tfdt of the first traf of
 * the first moof (ISO/IEC 14496-12 §8.8.12), in seconds. HLS/CMAF media
 * segments carry one track, so the first traf is the track's.
 */
import { BoxFormatError, findBox, toDataView } from '../mp4/box-reader.js';
import { MediaError } from '../errors/media-error.js';

/**
 * `timescale` is the track's mdhd timescale (from the init segment), or a map
 * from track ID to timescale for multi-track fragments. Returns `null` when the
 * segment has no moof/traf/tfdt (then the caller cannot align by media time).
 * @throws MediaError `SEGMENT_CORRUPT` when boxes are truncated.
 */
export function firstTfdt(bytes: Uint8Array | ArrayBuffer, timescale: number | ReadonlyMap<number, number>): number | null {
  const view = toDataView(bytes);
  try {
    const moof = findBox(view, 'moof');
    if (!moof) return null;
    const traf = findBox(view, 'traf', moof.payloadStart, moof.end);
    if (!traf) return null;
    const tfdt = findBox(view, 'tfdt', traf.payloadStart, traf.end);
    if (!tfdt || tfdt.payloadStart + 8 > tfdt.end) return null;
    const v1 = view.getUint8(tfdt.payloadStart) === 1;
    if (v1 && tfdt.payloadStart + 12 > tfdt.end) throw new BoxFormatError('tfdt v1 truncated');
    const time = v1 ? view.getUint32(tfdt.payloadStart + 4) * 2 ** 32 + view.getUint32(tfdt.payloadStart + 8) : view.getUint32(tfdt.payloadStart + 4);
    let scale: number | undefined;
    if (typeof timescale === 'number') scale = timescale;
    else {
      const tfhd = findBox(view, 'tfhd', traf.payloadStart, traf.end);
      if (tfhd && tfhd.payloadStart + 8 <= tfhd.end) scale = timescale.get(view.getUint32(tfhd.payloadStart + 4));
    }
    if (!scale || scale <= 0) return null;
    return time / scale;
  } catch (e) {
    if (e instanceof BoxFormatError) throw new MediaError('SEGMENT_CORRUPT', `fMP4 segment boxes are malformed: ${e.message}`, { cause: e });
    throw e;
  }
}
