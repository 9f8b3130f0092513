/**
 * Writes a CMAF-style init segment (ftyp + moov with empty sample tables and
 * mvex/trex) for one or more tracks (ISO/IEC 14496-12 §8, ISO/IEC 23000-19 §7.3).
 */
import { box, fullBox, u16, u32, zeros } from './box-writer.js';
import type { TrackConfig } from './types.js';

const UNITY_MATRIX = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
const matrix = (): Uint8Array => {
  const out = new Uint8Array(36);
  UNITY_MATRIX.forEach((v, i) => out.set(u32(v), i * 4));
  return out;
};

function ftyp(): Uint8Array {
  const brands = ['isom', 'iso6', 'cmfc', 'avc1', 'mp41'];
  return box('ftyp', new TextEncoder().encode('iso6'), u32(0), ...brands.map((b) => new TextEncoder().encode(b)));
}

function mvhd(nextTrackId: number): Uint8Array {
  return fullBox('mvhd', 0, 0, u32(0), u32(0), u32(1000), u32(0), u32(0x00010000), u16(0x0100), zeros(10), matrix(), zeros(24), u32(nextTrackId));
}

function tkhd(id: number, t: TrackConfig): Uint8Array {
  const video = t.type === 'video';
  return fullBox(
    'tkhd',
    0,
    3, // enabled | in_movie
    u32(0),
    u32(0),
    u32(id),
    u32(0),
    u32(0), // duration
    zeros(8),
    u16(0), // layer
    u16(0), // alternate_group
    u16(video ? 0 : 0x0100), // volume
    u16(0),
    matrix(),
    u32((t.width ?? 0) * 0x10000),
    u32((t.height ?? 0) * 0x10000),
  );
}

function mdia(t: TrackConfig): Uint8Array {
  const video = t.type === 'video';
  const mdhd = fullBox('mdhd', 0, 0, u32(0), u32(0), u32(t.timescale), u32(0), u16(0x55c4) /* und */, u16(0));
  const name = video ? 'VideoHandler' : 'SoundHandler';
  const hdlr = fullBox('hdlr', 0, 0, u32(0), new TextEncoder().encode(video ? 'vide' : 'soun'), zeros(12), new TextEncoder().encode(name + '\0'));
  const mediaHeader = video ? fullBox('vmhd', 0, 1, zeros(8)) : fullBox('smhd', 0, 0, zeros(4));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const stbl = box(
    'stbl',
    fullBox('stsd', 0, 0, u32(1), t.sampleEntry),
    fullBox('stts', 0, 0, u32(0)),
    fullBox('stsc', 0, 0, u32(0)),
    fullBox('stsz', 0, 0, u32(0), u32(0)),
    fullBox('stco', 0, 0, u32(0)),
  );
  return box('mdia', mdhd, hdlr, box('minf', mediaHeader, dinf, stbl));
}

/** Track IDs are 1-based positions in `tracks`, the same IDs the fragment writer uses. */
export function writeInitSegment(tracks: ReadonlyArray<{ id: number; config: TrackConfig }>): Uint8Array {
  const traks = tracks.map(({ id, config }) => box('trak', tkhd(id, config), mdia(config)));
  const trex = tracks.map(({ id }) => fullBox('trex', 0, 0, u32(id), u32(1), u32(0), u32(0), u32(0)));
  const maxId = Math.max(0, ...tracks.map((t) => t.id));
  const moov = box('moov', mvhd(maxId + 1), ...traks, box('mvex', ...trex));
  return concatTwo(ftyp(), moov);
}

function concatTwo(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

