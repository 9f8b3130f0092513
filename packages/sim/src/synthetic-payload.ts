/**
 * The bytes the simulated network serves. A real engine treats media as
 * opaque bytes and the simulated sink must still know which media time an
 * append covers, so each payload is one ISO-BMFF `free` box (which any box
 * walker skips) carrying a small JSON header after a magic tag. Payloads are
 * as large as the real segment would be, so byte counts and throughput are
 * realistic.
 */
export interface SyntheticMediaHeader {
  /** `video`, `audio` or `text`. */
  type: string;
  trackId: string;
  /** True for an init segment (no media time). */
  init: boolean;
  /** Media time range, seconds (before timestampOffset). */
  start: number;
  end: number;
}

const MAGIC = 'EPSIM1';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Builds a payload of `size` bytes (at least the header's size). */
export function encodeSyntheticPayload(header: SyntheticMediaHeader, size: number): ArrayBuffer {
  const json = encoder.encode(MAGIC + JSON.stringify(header));
  const total = Math.max(Math.round(size), 8 + 4 + json.length);
  const buffer = new ArrayBuffer(total);
  const view = new DataView(buffer);
  view.setUint32(0, total);
  new Uint8Array(buffer, 4, 4).set(encoder.encode('free'));
  view.setUint32(8, json.length);
  new Uint8Array(buffer, 12, json.length).set(json);
  return buffer;
}

/** Reads the header back, or null when the bytes are not a synthetic payload. */
export function decodeSyntheticPayload(data: ArrayBuffer | Uint8Array): SyntheticMediaHeader | null {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (decoder.decode(bytes.subarray(4, 8)) !== 'free') return null;
  const length = view.getUint32(8);
  if (12 + length > bytes.length) return null;
  const text = decoder.decode(bytes.subarray(12, 12 + length));
  if (!text.startsWith(MAGIC)) return null;
  try {
    const header = JSON.parse(text.slice(MAGIC.length)) as SyntheticMediaHeader;
    return typeof header.start === 'number' && typeof header.end === 'number' ? header : null;
  } catch {
    return null;
  }
}
