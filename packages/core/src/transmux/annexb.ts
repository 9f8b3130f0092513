/**
 * Annex-B byte-stream NAL unit splitting (ITU-T H.264 Annex B, shared by
 * H.265): units are separated by `00 00 01` / `00 00 00 01` start codes.
 */

/**
 * Splits `data` into NAL units (views, no copies). `leading` is whatever
 * precedes the first start code: the tail of a NAL unit that began in the
 * previous PES packet (a long NALU spanning PES packets).
 */
export function splitNalUnits(data: Uint8Array): { leading: Uint8Array; units: Uint8Array[] } {
  const units: Uint8Array[] = [];
  const n = data.length;
  let start = -1;
  let leadingEnd = n;
  let i = 0;
  while (i + 2 < n) {
    // Fast skip: a start code's third byte is 1, so when data[i+2] > 1 no code starts at i, i+1 or i+2.
    if (data[i + 2] > 1) {
      i += 3;
      continue;
    }
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      let end = i;
      if (end > 0 && data[end - 1] === 0) end--; // 4-byte start code
      if (start < 0) leadingEnd = end;
      else if (end > start) units.push(data.subarray(start, trimTrailingZeros(data, start, end)));
      start = i + 3;
      i += 3;
      continue;
    }
    i++;
  }
  if (start >= 0 && start < n) units.push(data.subarray(start, n));
  return { leading: data.subarray(0, leadingEnd), units };
}

/** trailing_zero_8bits between units belong to no NAL unit. */
function trimTrailingZeros(data: Uint8Array, start: number, end: number): number {
  while (end > start + 1 && data[end - 1] === 0) end--;
  return end;
}

/** Writes units as 4-byte length-prefixed NALUs (the ISO/IEC 14496-15 sample format). */
export function toLengthPrefixed(units: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const u of units) size += 4 + u.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const u of units) {
    const len = u.length;
    out[at] = len >>> 24;
    out[at + 1] = len >>> 16;
    out[at + 2] = len >>> 8;
    out[at + 3] = len;
    out.set(u, at + 4);
    at += 4 + len;
  }
  return out;
}
