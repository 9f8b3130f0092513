/**
 * Opus in MPEG-TS (stream type 0x06 with the registration descriptor `Opus`,
 * the encapsulation ffmpeg writes and shaka-player / hls.js read). Each access
 * unit starts with an `opus_control_header`: an 11-bit prefix 0x3ff,
 * start_trim / end_trim / control_extension flags and 2 reserved bits, then
 * `au_size` as a run of 0xFF bytes plus a last byte, then the optional trims
 * and extension, then one Opus packet (RFC 6716). The mp4 side is the `Opus`
 * sample entry with a `dOps` box ("Encapsulation of Opus in ISO Base Media
 * File Format"), timescale 48 kHz.
 */
import { box, u8, u16, u32 } from './box-writer.js';
import { audioSampleEntry } from './sample-entries.js';

/** Opus always runs at 48 kHz in mp4 (dOps InputSampleRate is informational). */
export const OPUS_RATE = 48000;
/** Longest Opus packet RFC 6716 allows for 120 ms at 510 kb/s is ~7.7 KB; larger au_size values are garbage. */
const MAX_AU_SIZE = 1 << 16;

/** One Opus access unit located in a buffer. */
export interface OpusAccessUnit {
  /** Control header bytes before the Opus packet. */
  headerLength: number;
  /** Opus packet bytes. */
  packetLength: number;
  /** PCM samples per channel at 48 kHz. */
  samples: number;
  /** Channel count the packet's TOC signals (1 or 2). */
  channels: number;
}

export function isOpusControlHeader(b: Uint8Array, at: number): boolean {
  return at + 1 < b.length && b[at] === 0x7f && (b[at + 1]! & 0xe0) === 0xe0;
}

/** Samples per channel of the Opus packet starting with TOC byte `toc` (RFC 6716 §3.1), `next` its second byte. */
export function opusPacketSamples(toc: number, next: number | undefined): number | null {
  const config = toc >> 3;
  const frame = config < 12 ? [480, 960, 1920, 2880][config & 3]! : config < 16 ? [480, 960][config & 1]! : [120, 240, 480, 960][config & 3]!;
  const code = toc & 3;
  if (code < 3) return frame * (code === 0 ? 1 : 2);
  if (next === undefined) return null;
  const count = next & 0x3f;
  // At most 120 ms of audio in one packet.
  return count === 0 || frame * count > 5760 ? null : frame * count;
}

/** The access unit at `at`, or null when the header is invalid or cut off (the caller resyncs or waits for more). */
export function parseOpusAccessUnit(b: Uint8Array, at: number): OpusAccessUnit | null {
  if (!isOpusControlHeader(b, at)) return null;
  const flags = b[at + 1]!;
  let p = at + 2;
  let size = 0;
  for (;;) {
    if (p >= b.length) return null;
    const v = b[p++]!;
    size += v;
    if (v !== 0xff) break;
    if (size > MAX_AU_SIZE) return null;
  }
  if (flags & 0x10) p += 2; // start trim
  if (flags & 0x08) p += 2; // end trim
  if (flags & 0x04) {
    if (p >= b.length) return null;
    p += 1 + b[p]!; // control extension
  }
  if (size === 0 || p >= b.length) return null;
  const toc = b[p]!;
  const samples = opusPacketSamples(toc, b[p + 1]);
  if (samples === null) return null;
  return { headerLength: p - at, packetLength: size, samples, channels: toc & 0x04 ? 2 : 1 };
}

/** `Opus` sample entry + `dOps` (version 0, no pre-skip: TS carries trims per access unit, mapping family 0). */
export function opusSampleEntry(channels: number): Uint8Array {
  const dOps = box('dOps', u8(0, channels), u16(0), u32(OPUS_RATE), u16(0), u8(0));
  return audioSampleEntry('Opus', channels, OPUS_RATE, dOps);
}
