/**
 * ID3v2 tags (id3.org ID3v2.4 §3) as they prefix packed-audio segments and fill
 * timed-metadata PES: tag size, and the Apple HLS transport-stream timestamp in
 * `PRIV` owner `com.apple.streaming.transportStreamTimestamp` (RFC 8216 §3.4).
 */

const TS_OWNER = 'com.apple.streaming.transportStreamTimestamp';

/** Length of the ID3v2 tag at `at` (header + body + footer), or 0 if there is none. */
export function id3TagLength(b: Uint8Array, at = 0): number {
  if (at + 10 > b.length || b[at] !== 0x49 || b[at + 1] !== 0x44 || b[at + 2] !== 0x33) return 0;
  if (b[at + 3] === 0xff || b[at + 4] === 0xff) return 0;
  for (let i = 6; i < 10; i++) if (b[at + i] & 0x80) return 0; // sizes are synchsafe
  const size = (b[at + 6] << 21) | (b[at + 7] << 14) | (b[at + 8] << 7) | b[at + 9];
  const footer = b[at + 5] & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

/** Frames of a tag (id + body), for ID3v2.3/2.4 (v2.2's 3-letter frames are skipped). */
export function id3Frames(tag: Uint8Array): Array<{ id: string; data: Uint8Array }> {
  const out: Array<{ id: string; data: Uint8Array }> = [];
  const version = tag[3];
  if (version < 3) return out;
  let at = 10;
  if (tag[5] & 0x40) {
    // extended header: v2.4 synchsafe size including itself, v2.3 plain size excluding itself
    const s = version === 4 ? (tag[10] << 21) | (tag[11] << 14) | (tag[12] << 7) | tag[13] : ((tag[10] << 24) | (tag[11] << 16) | (tag[12] << 8) | tag[13]) + 4;
    at += s;
  }
  const end = Math.min(tag.length, 10 + ((tag[6] << 21) | (tag[7] << 14) | (tag[8] << 7) | tag[9]));
  while (at + 10 <= end) {
    const id = String.fromCharCode(tag[at], tag[at + 1], tag[at + 2], tag[at + 3]);
    if (!/^[A-Z0-9]{4}$/.test(id)) break; // padding
    const size = version === 4 ? (tag[at + 4] << 21) | (tag[at + 5] << 14) | (tag[at + 6] << 7) | tag[at + 7] : ((tag[at + 4] << 24) | (tag[at + 5] << 16) | (tag[at + 6] << 8) | tag[at + 7]) >>> 0;
    if (at + 10 + size > end) break;
    out.push({ id, data: tag.subarray(at + 10, at + 10 + size) });
    at += 10 + size;
  }
  return out;
}

/**
 * The 33-bit MPEG-2 timestamp in the tag's transportStreamTimestamp PRIV frame
 * (8 bytes, big-endian, upper 31 bits zero), or `undefined`.
 */
export function transportStreamTimestamp(tag: Uint8Array): number | undefined {
  for (const f of id3Frames(tag)) {
    if (f.id !== 'PRIV') continue;
    const nul = f.data.indexOf(0);
    if (nul < 0 || String.fromCharCode(...f.data.subarray(0, nul)) !== TS_OWNER || nul + 9 > f.data.length) continue;
    const d = f.data.subarray(nul + 1, nul + 9);
    return (d[3] & 1) * 2 ** 32 + (((d[4] << 24) | (d[5] << 16) | (d[6] << 8) | d[7]) >>> 0);
  }
  return undefined;
}
