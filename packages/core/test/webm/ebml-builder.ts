/** EBML / Matroska structures written byte by byte from the Matroska spec, for the WebM index tests. */

/** Size as a variable-length integer of the smallest width (marker bit set). */
export function vsize(n: number): number[] {
  for (let w = 1; w <= 8; w++) {
    if (n < 2 ** (7 * w) - 1) {
      const out: number[] = [];
      let v = n;
      for (let i = 0; i < w; i++) {
        out.unshift(v % 256);
        v = Math.floor(v / 256);
      }
      out[0]! |= 0x100 >> w;
      return out;
    }
  }
  throw new Error('too large');
}

function idBytes(id: number): number[] {
  const out: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return out;
}

export function el(id: number, data: ArrayLike<number>): Uint8Array {
  return Uint8Array.from([...idBytes(id), ...vsize(data.length), ...Array.from(data)]);
}

export function uint(id: number, v: number): Uint8Array {
  const bytes: number[] = [];
  for (let x = v; x > 0; x = Math.floor(x / 256)) bytes.unshift(x % 256);
  return el(id, bytes.length ? bytes : [0]);
}

const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

/** EBML header with DocType webm. */
export function ebmlHeader(): Uint8Array {
  return el(0x1a45dfa3, cat(uint(0x4286, 1), el(0x4282, [...new TextEncoder().encode('webm')])));
}

/** Info with TimecodeScale (ns) and Duration (ticks, float64). */
export function info(timecodeScaleNs: number, durationTicks: number): Uint8Array {
  const d = new Uint8Array(8);
  new DataView(d.buffer).setFloat64(0, durationTicks);
  return el(0x1549a966, cat(uint(0x2ad7b1, timecodeScaleNs), el(0x4489, d)));
}

/** Segment header with an 8-byte size (as muxers write it) followed by `children`, standing for a larger file. */
export function segmentHead(...children: Uint8Array[]): Uint8Array {
  const size = [0x01, 0, 0, 0, 0, 0x10, 0, 0]; // 1 MiB: the Clusters that follow are not in the init range
  return cat(Uint8Array.from([0x18, 0x53, 0x80, 0x67, ...size]), ...children);
}

/** Cues with one CuePoint per [time ticks, cluster position] (track 1). */
export function cues(points: [number, number][]): Uint8Array {
  return el(0x1c53bb6b, cat(...points.map(([t, pos]) => el(0xbb, cat(uint(0xb3, t), el(0xb7, cat(uint(0xf7, 1), uint(0xf1, pos))))))));
}
