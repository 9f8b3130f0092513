/** Test-side ID3v2.4 writer: a tag with one PRIV transportStreamTimestamp frame (RFC 8216 §3.4), written from the spec, not from our parser. */
function synchsafe(n: number): number[] {
  return [(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f];
}

export function id3WithTimestamp(pts90k: number, extraFrames: Uint8Array[] = []): Uint8Array {
  const owner = [...'com.apple.streaming.transportStreamTimestamp'].map((c) => c.charCodeAt(0));
  const hi = Math.floor(pts90k / 2 ** 32) & 1;
  const lo = pts90k % 2 ** 32;
  const body = [...owner, 0, 0, 0, 0, hi, (lo >>> 24) & 255, (lo >>> 16) & 255, (lo >>> 8) & 255, lo & 255];
  const frame = [...'PRIV'].map((c) => c.charCodeAt(0)).concat(synchsafe(body.length), [0, 0], body);
  const frames = [...frame, ...extraFrames.flatMap((f) => [...f])];
  return Uint8Array.from([0x49, 0x44, 0x33, 4, 0, 0, ...synchsafe(frames.length), ...frames]);
}
