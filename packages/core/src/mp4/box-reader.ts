/**
 * A minimal ISO BMFF (ISO/IEC 14496-12) box walker over a `DataView`.
 *
 * Why not mp4box: the engine only needs to find a handful of boxes (sidx for
 * SegmentBase indexes, later pssh/tenc for DRM) in buffers it already holds;
 * mp4box's full parser allocates objects for every box and adds ~100 kB to the
 * player bundle. This reader is zero-copy and bounds-checked: a truncated or
 * lying size field yields a typed error from the caller, never a read past the
 * end or an infinite loop (every step advances by at least the header size).
 */

/** A box header located in a buffer. Offsets are relative to the buffer. */
export interface BoxHeader {
  /** Four-character code, e.g. `moov`. */
  type: string;
  /** Offset of the first byte of the box (its size field). */
  start: number;
  /** Offset of the first byte of the payload (after size/type/largesize/uuid). */
  payloadStart: number;
  /** Offset one past the last byte of the box. */
  end: number;
}

/** Thrown for structurally impossible boxes; callers convert it to their own typed error. */
export class BoxFormatError extends Error {
  override readonly name = 'BoxFormatError';
}

function fourcc(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

/**
 * Reads the box header at `offset`. `limit` is the end of the enclosing
 * container (or buffer).
 * @throws BoxFormatError when the header does not fit or the size is impossible.
 */
export function readBoxHeader(view: DataView, offset: number, limit = view.byteLength): BoxHeader {
  if (offset + 8 > limit) throw new BoxFormatError(`box header at ${offset} is truncated`);
  let size = view.getUint32(offset);
  const type = fourcc(view, offset + 4);
  let payloadStart = offset + 8;
  if (size === 1) {
    if (offset + 16 > limit) throw new BoxFormatError(`largesize of ${type} at ${offset} is truncated`);
    const hi = view.getUint32(offset + 8);
    const lo = view.getUint32(offset + 12);
    size = hi * 2 ** 32 + lo;
    payloadStart = offset + 16;
  } else if (size === 0) {
    size = limit - offset; // extends to the end of the container
  }
  if (type === 'uuid') payloadStart += 16;
  const end = offset + size;
  if (size < payloadStart - offset || end > limit) {
    throw new BoxFormatError(`box ${type} at ${offset} has size ${size}, which does not fit in ${limit - offset} bytes`);
  }
  return { type, start: offset, payloadStart, end };
}

/** Iterates the boxes laid end to end in `[from, to)`. */
export function* iterateBoxes(view: DataView, from = 0, to = view.byteLength): Generator<BoxHeader> {
  let at = from;
  while (at < to) {
    const box = readBoxHeader(view, at, to);
    yield box;
    at = box.end;
  }
}

/** Finds the first top-level box of `type` in `[from, to)`, or `null`. */
export function findBox(view: DataView, type: string, from = 0, to = view.byteLength): BoxHeader | null {
  for (const box of iterateBoxes(view, from, to)) if (box.type === type) return box;
  return null;
}

/** A DataView over any of the byte containers the engine handles. */
export function toDataView(data: ArrayBuffer | Uint8Array): DataView {
  return data instanceof Uint8Array ? new DataView(data.buffer, data.byteOffset, data.byteLength) : new DataView(data);
}
