/**
 * H.264/HEVC start-code emulation prevention (ITU-T H.264 §7.4.1): inside a
 * NAL unit, `00 00` followed by `00`..`03` is written as `00 00 03 0x`.
 * SAMPLE-AES applies it *after* encryption (Apple, "MPEG-2 Stream Encryption
 * Format for HTTP Live Streaming", §2.3.2.1), so decryption removes one layer
 * first.
 */

/** Removes emulation prevention bytes (`00 00 03` → `00 00`). Returns `nal` itself when it has none. */
export function removeEmulationPrevention(nal: Uint8Array): Uint8Array {
  let zeros = 0;
  let first = -1;
  for (let i = 0; i < nal.length; i++) {
    if (zeros >= 2 && nal[i] === 3) {
      first = i;
      break;
    }
    zeros = nal[i] === 0 ? zeros + 1 : 0;
  }
  if (first < 0) return nal;
  const out = new Uint8Array(nal.length);
  out.set(nal.subarray(0, first));
  let o = first;
  zeros = 0;
  for (let i = first + 1; i < nal.length; i++) {
    const b = nal[i]!;
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    out[o++] = b;
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, o);
}

/** Inserts emulation prevention bytes where `00 00` is followed by `00`..`03` (the encoder side, for tests and fixtures). */
export function addEmulationPrevention(rbsp: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}
