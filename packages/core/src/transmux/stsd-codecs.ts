/**
 * RFC 6381 codec strings from an init segment's sample descriptions (stsd):
 * avc1/avc3 (avcC), hvc1/hev1 (hvcC, ISO/IEC 14496-15 Annex E), mp4a (esds),
 * vp09 (vpcC), av01 (av1C), Opus, ac-3/ec-3, fLaC, wvtt, stpp; protected
 * entries (encv/enca) report their original format from sinf/frma.
 */
import { findBox, iterateBoxes, type BoxHeader } from '../mp4/box-reader.js';

/** One track of an init segment, as probed. */
export interface ProbedTrack {
  trackId: number;
  type: 'video' | 'audio' | 'text' | 'other';
  /** RFC 6381 codec string. */
  codec: string;
  /** The sample entry was encv/enca (CENC/cbcs protected). */
  encrypted: boolean;
}

/** Bytes between a sample entry's box header and its child boxes: 8 (SampleEntry) + 70 (VisualSampleEntry fields). */
const VISUAL_ENTRY_HEADER = 78;
/** 8 (SampleEntry) + 20 (AudioSampleEntry v0 fields). */
const AUDIO_ENTRY_HEADER = 28;
/** Plain SampleEntry (wvtt). */
const PLAIN_ENTRY_HEADER = 8;
const HANDLERS: Record<string, ProbedTrack['type']> = { vide: 'video', soun: 'audio', text: 'text', subt: 'text', sbtl: 'text' };

const hex2 = (v: number) => v.toString(16).padStart(2, '0');
const fourcc = (v: DataView, at: number) => String.fromCharCode(v.getUint8(at), v.getUint8(at + 1), v.getUint8(at + 2), v.getUint8(at + 3));

function child(view: DataView, parent: BoxHeader, type: string, from = parent.payloadStart): BoxHeader | null {
  return findBox(view, type, from, parent.end);
}

function path(view: DataView, parent: BoxHeader, ...types: string[]): BoxHeader | null {
  let box: BoxHeader | null = parent;
  for (const t of types) {
    box = box ? child(view, box, t) : null;
  }
  return box;
}

function avcCodec(type: string, view: DataView, c: BoxHeader): string {
  const p = c.payloadStart;
  return `${type}.${hex2(view.getUint8(p + 1))}${hex2(view.getUint8(p + 2))}${hex2(view.getUint8(p + 3))}`;
}

function hevcCodec(type: string, view: DataView, c: BoxHeader): string {
  const p = c.payloadStart;
  const b1 = view.getUint8(p + 1);
  const compat = view.getUint32(p + 2);
  let reversed = 0;
  for (let i = 0; i < 32; i++) if (compat & (1 << i)) reversed |= 1 << (31 - i);
  const constraints: number[] = [];
  for (let i = 0; i < 6; i++) constraints.push(view.getUint8(p + 6 + i));
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const space = ['', 'A', 'B', 'C'][b1 >> 6];
  const tier = b1 & 0x20 ? 'H' : 'L';
  return `${type}.${space}${b1 & 0x1f}.${(reversed >>> 0).toString(16).toUpperCase()}.${tier}${view.getUint8(p + 12)}${constraints.map((b) => '.' + b.toString(16).toUpperCase()).join('')}`;
}

/** Reads an MPEG-4 descriptor header (tag + expandable size) at `at`. */
function descriptorAt(view: DataView, at: number, end: number): { tag: number; start: number; end: number } | null {
  if (at >= end) return null;
  const tag = view.getUint8(at++);
  let size = 0;
  for (let i = 0; i < 4 && at < end; i++) {
    const b = view.getUint8(at++);
    size = (size << 7) | (b & 0x7f);
    if (!(b & 0x80)) break;
  }
  return at + size <= end ? { tag, start: at, end: at + size } : null;
}

function mp4aCodec(view: DataView, esds: BoxHeader): string {
  const es = descriptorAt(view, esds.payloadStart + 4, esds.end);
  if (!es || es.tag !== 0x03) return 'mp4a';
  const flags = view.getUint8(es.start + 2);
  let at = es.start + 3 + (flags & 0x80 ? 2 : 0);
  if (flags & 0x40) at += 1 + view.getUint8(at);
  if (flags & 0x20) at += 2;
  const dc = descriptorAt(view, at, es.end);
  if (!dc || dc.tag !== 0x04) return 'mp4a';
  const oti = view.getUint8(dc.start);
  if (oti !== 0x40) return `mp4a.${hex2(oti).toUpperCase()}`;
  const dsi = descriptorAt(view, dc.start + 13, dc.end);
  if (!dsi || dsi.tag !== 0x05 || dsi.end - dsi.start < 1) return 'mp4a.40';
  let aot = view.getUint8(dsi.start) >> 3;
  if (aot === 31 && dsi.end - dsi.start >= 2) aot = 32 + (((view.getUint8(dsi.start) & 7) << 3) | (view.getUint8(dsi.start + 1) >> 5));
  return `mp4a.40.${aot}`;
}

function vp9Codec(view: DataView, c: BoxHeader): string {
  const p = c.payloadStart + 4; // full box
  const bitDepth = view.getUint8(p + 2) >> 4;
  return `vp09.${hex2(view.getUint8(p)).padStart(2, '0')}.${String(view.getUint8(p + 1)).padStart(2, '0')}.${String(bitDepth).padStart(2, '0')}`;
}

function av1Codec(view: DataView, c: BoxHeader): string {
  const b1 = view.getUint8(c.payloadStart + 1);
  const b2 = view.getUint8(c.payloadStart + 2);
  const depth = b2 & 0x20 ? 12 : b2 & 0x40 ? 10 : 8;
  return `av01.${b1 >> 5}.${String(b1 & 0x1f).padStart(2, '0')}${b2 & 0x80 ? 'H' : 'M'}.${String(depth).padStart(2, '0')}`;
}

/** Codec string of one sample entry box. */
function entryCodec(view: DataView, entry: BoxHeader): { codec: string; encrypted: boolean } {
  let type = entry.type;
  const encrypted = type === 'encv' || type === 'enca';
  const visual = ['avc1', 'avc3', 'hvc1', 'hev1', 'vp09', 'av01', 'encv', 'dvh1', 'dvhe'].includes(type);
  const childrenFrom = entry.payloadStart + (visual ? VISUAL_ENTRY_HEADER : ['wvtt', 'stpp'].includes(type) ? PLAIN_ENTRY_HEADER : AUDIO_ENTRY_HEADER);
  if (childrenFrom > entry.end) return { codec: type, encrypted };
  const inner = { ...entry, payloadStart: childrenFrom };
  if (encrypted) {
    const frma = path(view, inner, 'sinf', 'frma');
    if (frma && frma.payloadStart + 4 <= frma.end) type = fourcc(view, frma.payloadStart);
  }
  const box = (t: string) => child(view, inner, t);
  let codec = type;
  if (type === 'avc1' || type === 'avc3') {
    const c = box('avcC');
    if (c) codec = avcCodec(type, view, c);
  } else if (type === 'hvc1' || type === 'hev1') {
    const c = box('hvcC');
    if (c) codec = hevcCodec(type, view, c);
  } else if (type === 'mp4a') {
    const c = box('esds');
    codec = c ? mp4aCodec(view, c) : 'mp4a';
  } else if (type === 'vp09') {
    const c = box('vpcC');
    if (c) codec = vp9Codec(view, c);
  } else if (type === 'av01') {
    const c = box('av1C');
    if (c) codec = av1Codec(view, c);
  } else if (type === 'Opus') codec = 'opus';
  else if (type === 'fLaC') codec = 'flac';
  return { codec, encrypted };
}

/**
 * Every track of an init segment with its codec string. Tracks whose stsd is
 * missing are left out.
 * @throws BoxFormatError for truncated boxes (the caller turns it into a MediaError).
 */
export function initSegmentCodecs(view: DataView): ProbedTrack[] {
  const moov = findBox(view, 'moov');
  if (!moov) return [];
  const out: ProbedTrack[] = [];
  for (const trak of iterateBoxes(view, moov.payloadStart, moov.end)) {
    if (trak.type !== 'trak') continue;
    const tkhd = child(view, trak, 'tkhd');
    const hdlr = path(view, trak, 'mdia', 'hdlr');
    const stsd = path(view, trak, 'mdia', 'minf', 'stbl', 'stsd');
    if (!tkhd || !stsd || stsd.payloadStart + 8 > stsd.end) continue;
    const trackId = view.getUint32(tkhd.payloadStart + (view.getUint8(tkhd.payloadStart) === 1 ? 20 : 12));
    const handler = hdlr && hdlr.payloadStart + 12 <= hdlr.end ? fourcc(view, hdlr.payloadStart + 8) : '';
    const first = iterateBoxes(view, stsd.payloadStart + 8, stsd.end).next();
    if (first.done) continue;
    const { codec, encrypted } = entryCodec(view, first.value);
    out.push({ trackId, type: HANDLERS[handler] ?? 'other', codec, encrypted });
  }
  return out;
}
