/**
 * Annex-B byte-stream NAL unit splitting (ITU-T H.264 Annex B, shared by
 * H.265): units are separated by `00 00 01` / `00 00 00 01` start codes.
 */

/**
 * Splits `data` into NAL units (views, no copies); the last one is empty when
 * `data` ends with a start code. `leading` is whatever
 * precedes the first start code: the tail of a NAL unit that began in the
 * previous PES packet (a long NALU spanning PES packets).
 */
export function splitNalUnits(data: Uint8Array): { leading: Uint8Array; units: Uint8Array[] } {
  const units: Uint8Array[] = [];
  const n = data.length;
  let start = -1;
  let leadingEnd = n;
  // `i` is where the 01 byte of a start code could be. A byte > 1 at `i` rules out a start code ending at
  // i, i+1 or i+2 (those need 01 / 00 / 00 there), so the scan strides 3 bytes over compressed slice data,
  // where 00 and 01 are each ~1 byte in 100 (720p x264 TS: 23 458 ones, 26 289 zeros in 2.4 MB).
  // Measured on that TS (node, 10th percentile of 100 scans): 0.83 ms against 1.19 ms for jumping between
  // 01 bytes with the native indexOf, whose per-call cost outweighs its inner loop at this density.
  let i = 2;
  while (i < n) {
    const b = data[i];
    if (b > 1) {
      i += 3;
      continue;
    }
    if (b === 1 && data[i - 1] === 0 && data[i - 2] === 0) {
      let end = i - 2;
      if (end > 0 && data[end - 1] === 0) end--; // 4-byte start code
      if (start < 0) leadingEnd = end;
      else if (end > start) units.push(data.subarray(start, trimTrailingZeros(data, start, end)));
      start = i + 1;
      i += 3; // the next start code's 01 is 2 zero bytes further at least
      continue;
    }
    i++;
  }
  // A start code at the very end opens a NAL unit whose bytes are all in the next PES: an empty unit marks it.
  if (start >= 0) units.push(data.subarray(start, n));
  return { leading: data.subarray(0, leadingEnd), units };
}

/** trailing_zero_8bits between units belong to no NAL unit. */
function trimTrailingZeros(data: Uint8Array, start: number, end: number): number {
  while (end > start + 1 && data[end - 1] === 0) end--;
  return end;
}
