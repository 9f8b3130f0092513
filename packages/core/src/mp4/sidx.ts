/**
 * Segment Index box (`sidx`, ISO/IEC 14496-12 §8.16.3): the byte ranges and
 * durations of the subsegments of a single-file representation (DASH
 * SegmentBase).
 */
import { BoxFormatError, type BoxHeader } from './box-reader.js';

/** One subsegment reference of a sidx. */
export interface SidxReference {
  /** 1 = points to another sidx (hierarchical index), 0 = media. */
  referenceType: 0 | 1;
  referencedSize: number;
  /** Duration in `timescale` units. */
  subsegmentDuration: number;
  startsWithSap: boolean;
}

/** A parsed sidx box. */
export interface Sidx {
  referenceId: number;
  timescale: number;
  earliestPresentationTime: number;
  /** Bytes from the first byte after the sidx box to the first referenced byte. */
  firstOffset: number;
  references: SidxReference[];
}

/**
 * Parses the payload of a sidx box located by `box` in `view`.
 * @throws BoxFormatError when fields do not fit or are impossible (timescale 0).
 */
export function parseSidx(view: DataView, box: BoxHeader): Sidx {
  let p = box.payloadStart;
  const need = (n: number): void => {
    if (p + n > box.end) throw new BoxFormatError(`sidx at ${box.start} is truncated`);
  };
  need(12);
  const version = view.getUint8(p);
  p += 4; // version + flags
  const referenceId = view.getUint32(p);
  const timescale = view.getUint32(p + 4);
  p += 8;
  if (timescale === 0) throw new BoxFormatError('sidx timescale is 0');
  let earliestPresentationTime: number;
  let firstOffset: number;
  if (version === 0) {
    need(8);
    earliestPresentationTime = view.getUint32(p);
    firstOffset = view.getUint32(p + 4);
    p += 8;
  } else {
    need(16);
    earliestPresentationTime = view.getUint32(p) * 2 ** 32 + view.getUint32(p + 4);
    firstOffset = view.getUint32(p + 8) * 2 ** 32 + view.getUint32(p + 12);
    p += 16;
  }
  need(4);
  const count = view.getUint16(p + 2);
  p += 4;
  need(count * 12);
  const references: SidxReference[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const a = view.getUint32(p);
    const duration = view.getUint32(p + 4);
    const sap = view.getUint32(p + 8);
    references[i] = {
      referenceType: (a >>> 31) as 0 | 1,
      referencedSize: a & 0x7fffffff,
      subsegmentDuration: duration,
      startsWithSap: sap >>> 31 === 1,
    };
    p += 12;
  }
  return { referenceId, timescale, earliestPresentationTime, firstOffset, references };
}
