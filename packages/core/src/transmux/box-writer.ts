/**
 * ISO BMFF box serialisation helpers for the transmuxer's writers. Boxes are
 * built bottom-up as byte arrays and concatenated once; an init segment is a
 * few hundred bytes, and media fragments copy each sample exactly once (into
 * the mdat), which is what dominates transmux throughput.
 */

/** `size` + `type` + payload parts. */
export function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  let size = 8;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  writeHeader(out, 0, size, type);
  let at = 8;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A full box: `version` + 24-bit `flags` before the payload. */
export function fullBox(type: string, version: number, flags: number, ...parts: Uint8Array[]): Uint8Array {
  return box(type, u8(version, flags >> 16, flags >> 8, flags), ...parts);
}

/** Writes a 32-bit size and a four-character code at `at`. */
export function writeHeader(out: Uint8Array, at: number, size: number, type: string): void {
  writeU32(out, at, size);
  for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
}

export function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = v >>> 16;
  out[at + 2] = v >>> 8;
  out[at + 3] = v;
}

/**
 * Bytes from small integers (each taken modulo 256: the typed-array
 * conversion ToUint8 wraps, exactly as `& 0xff` for integers). The
 * constructor, not `Uint8Array.from(values, mapFn)`: the per-element callback
 * made this 2.9% of a 720p push (node --cpu-prof), init boxes being built from
 * many small pieces.
 */
export function u8(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

export function u16(v: number): Uint8Array {
  return u8(v >> 8, v);
}

export function u32(v: number): Uint8Array {
  return u8(v >>> 24, v >>> 16, v >>> 8, v);
}

/** 64-bit unsigned from a non-negative safe integer. */
export function u64(v: number): Uint8Array {
  const hi = Math.floor(v / 2 ** 32);
  return concat(u32(hi), u32(v - hi * 2 ** 32));
}

export function zeros(n: number): Uint8Array {
  return new Uint8Array(n);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
