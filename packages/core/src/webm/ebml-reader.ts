/**
 * A bounded EBML reader (RFC 8794, the binary format of Matroska/WebM):
 * variable-length element IDs and sizes, element headers checked against the
 * bytes at hand, unsigned integers and floats. Unknown-size elements (live
 * muxers write them) are refused: an index cannot be built from them and
 * guessing their end is how readers run off into the media.
 */

/** Malformed or unsupported EBML; callers turn it into their typed error. */
export class EbmlError extends Error {
  override readonly name = 'EbmlError';
}

/** One element: where its header and data are, in the bytes being read. */
export interface EbmlElement {
  /** Element ID with its length-marker bits kept (as the specs write them: Segment = 0x18538067). */
  id: number;
  /** Offset of the first header byte. */
  start: number;
  /** Offset of the first data byte. */
  dataStart: number;
  /** Data size in bytes. */
  size: number;
  /** `dataStart + size`: may lie beyond the bytes at hand for a container read partially (Segment). */
  end: number;
}

/** Width of a variable-length integer from its first byte (1–8), or 0 for the invalid 0x00. */
function vintWidth(first: number): number {
  for (let w = 1; w <= 8; w++) if (first & (0x100 >> w)) return w;
  return 0;
}

/**
 * Reads the element header at `offset`; `limit` is the end of the readable
 * bytes (the header must fit; the data may not, see {@link EbmlElement.end}).
 * @throws EbmlError on a truncated header, an invalid or over-long ID or size, or an unknown size.
 */
export function readElementHeader(view: DataView, offset: number, limit = view.byteLength): EbmlElement {
  if (offset >= limit) throw new EbmlError(`element header at ${offset} is past the end (${limit})`);
  const idWidth = vintWidth(view.getUint8(offset));
  if (idWidth === 0 || idWidth > 4) throw new EbmlError(`invalid element ID at ${offset}`);
  if (offset + idWidth >= limit) throw new EbmlError(`element header at ${offset} is truncated`);
  let id = 0;
  for (let i = 0; i < idWidth; i++) id = id * 256 + view.getUint8(offset + i);
  const sizeAt = offset + idWidth;
  const first = view.getUint8(sizeAt);
  const sizeWidth = vintWidth(first);
  if (sizeWidth === 0) throw new EbmlError(`invalid element size at ${sizeAt}`);
  if (sizeAt + sizeWidth > limit) throw new EbmlError(`element header at ${offset} is truncated`);
  let size = first & (0xff >> sizeWidth);
  let allOnes = size === 0xff >> sizeWidth;
  for (let i = 1; i < sizeWidth; i++) {
    const b = view.getUint8(sizeAt + i);
    allOnes &&= b === 0xff;
    size = size * 256 + b;
  }
  if (allOnes) throw new EbmlError(`element 0x${id.toString(16)} at ${offset} has an unknown size`);
  if (size > Number.MAX_SAFE_INTEGER) throw new EbmlError(`element 0x${id.toString(16)} at ${offset} is too large`);
  const dataStart = sizeAt + sizeWidth;
  return { id, start: offset, dataStart, size, end: dataStart + size };
}

/**
 * The child elements of a container occupying [`from`, `to`). Stops at the
 * end of the readable bytes; children must lie inside their parent.
 * @throws EbmlError when a child header is malformed or a child overruns its parent.
 */
export function* childElements(view: DataView, from: number, to: number): Generator<EbmlElement> {
  const end = Math.min(to, view.byteLength);
  let p = from;
  while (p < end) {
    const el = readElementHeader(view, p, end);
    if (el.end > to) throw new EbmlError(`element 0x${el.id.toString(16)} at ${el.start} overruns its parent (ends ${el.end}, parent ${to})`);
    yield el;
    p = el.end;
  }
}

/** Whether all of `el`'s data is in the bytes at hand. */
export function isComplete(view: DataView, el: EbmlElement): boolean {
  return el.end <= view.byteLength;
}

/**
 * An unsigned integer element (0–8 bytes, big-endian; 0 bytes = 0).
 * @throws EbmlError when incomplete, wider than 8 bytes or above 2^53.
 */
export function readUint(view: DataView, el: EbmlElement): number {
  if (el.size > 8) throw new EbmlError(`unsigned integer 0x${el.id.toString(16)} at ${el.start} is ${el.size} bytes`);
  if (!isComplete(view, el)) throw new EbmlError(`element 0x${el.id.toString(16)} at ${el.start} is truncated`);
  let v = 0;
  for (let i = 0; i < el.size; i++) v = v * 256 + view.getUint8(el.dataStart + i);
  if (v > Number.MAX_SAFE_INTEGER) throw new EbmlError(`unsigned integer 0x${el.id.toString(16)} at ${el.start} exceeds 2^53`);
  return v;
}

/**
 * A float element (0, 4 or 8 bytes).
 * @throws EbmlError for other widths or when incomplete.
 */
export function readFloat(view: DataView, el: EbmlElement): number {
  if (!isComplete(view, el)) throw new EbmlError(`element 0x${el.id.toString(16)} at ${el.start} is truncated`);
  if (el.size === 0) return 0;
  if (el.size === 4) return view.getFloat32(el.dataStart);
  if (el.size === 8) return view.getFloat64(el.dataStart);
  throw new EbmlError(`float 0x${el.id.toString(16)} at ${el.start} is ${el.size} bytes`);
}
