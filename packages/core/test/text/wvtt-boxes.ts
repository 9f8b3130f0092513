/**
 * Builds WebVTT-in-MP4 init and media segments byte by byte (ISO/IEC 14496-12
 * and 14496-30 layouts) so the wvtt reader is tested against the spec's
 * structures, not against its own output.
 */
const enc = new TextEncoder();

type Part = number[] | Uint8Array | string;

function bytes(part: Part): Uint8Array {
  if (typeof part === 'string') return enc.encode(part);
  return part instanceof Uint8Array ? part : Uint8Array.from(part);
}

export const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
export const u64 = (n: number): number[] => [...u32(Math.floor(n / 2 ** 32)), ...u32(n >>> 0)];

export function box(type: string, ...parts: Part[]): Uint8Array {
  const body = parts.map(bytes);
  const size = 8 + body.reduce((s, b) => s + b.length, 0);
  const out = new Uint8Array(size);
  out.set(u32(size), 0);
  out.set(enc.encode(type), 4);
  let at = 8;
  for (const b of body) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return bytes(parts.flatMap((p) => [...p]));
}

/** An init segment with one wvtt track (id `trackId`, `timescale`), trex default duration `defaultDuration`. */
export function wvttInit(trackId = 1, timescale = 1000, defaultDuration = 0): Uint8Array {
  // Version-0 tkhd: times, track id, reserved, duration, then 60 bytes of reserved/layer/group/volume/matrix/size (zero for text).
  const tkhd = box('tkhd', [0, 0, 0, 3], u32(0), u32(0), u32(trackId), u32(0), u32(0), new Uint8Array(60));
  const mdhd = box('mdhd', [0, 0, 0, 0], u32(0), u32(0), u32(timescale), u32(0), [0x55, 0xc4, 0, 0]);
  const hdlr = box('hdlr', [0, 0, 0, 0], u32(0), 'text', u32(0), u32(0), u32(0), [0]);
  const wvtt = box('wvtt', [0, 0, 0, 0, 0, 0, 0, 1], box('vttC', 'WEBVTT'));
  const stsd = box('stsd', [0, 0, 0, 0], u32(1), wvtt);
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', box('stbl', stsd))));
  const trex = box('trex', [0, 0, 0, 0], u32(trackId), u32(1), u32(defaultDuration), u32(0), u32(0));
  return concat(box('ftyp', 'iso6', u32(0), 'iso6'), box('moov', box('mvhd', [0, 0, 0, 0], new Uint8Array(96)), trak, box('mvex', trex)));
}

/** One wvtt sample: a cue (`vttc`) per entry, or an empty-interval `vtte` when `cues` is empty. */
export function wvttSample(cues: { text: string; id?: string; settings?: string }[]): Uint8Array {
  if (cues.length === 0) return box('vtte');
  return concat(
    ...cues.map((c) => box('vttc', ...(c.id ? [box('iden', c.id)] : []), ...(c.settings ? [box('sttg', c.settings)] : []), box('payl', c.text))),
  );
}

/**
 * A media segment: one moof (default-base-is-moof, tfdt version 1, trun with
 * data offset, durations and sizes) and its mdat.
 */
export function wvttSegment(trackId: number, baseTime: number, samples: { duration: number; data: Uint8Array }[], opts: { compositionOffsets?: number[] } = {}): Uint8Array {
  const withCto = opts.compositionOffsets !== undefined;
  const flags = 0x1 | 0x100 | 0x200 | (withCto ? 0x800 : 0);
  const build = (dataOffset: number) => {
    const table = samples.flatMap((s, i) => [...u32(s.duration), ...u32(s.data.length), ...(withCto ? u32(opts.compositionOffsets![i]! >>> 0) : [])]);
    const trun = box('trun', [withCto ? 1 : 0, 0, (flags >> 8) & 255, flags & 255], u32(samples.length), u32(dataOffset), table);
    const tfhd = box('tfhd', [0, 0x02, 0, 0], u32(trackId));
    const tfdt = box('tfdt', [1, 0, 0, 0], u64(baseTime));
    return box('moof', box('mfhd', [0, 0, 0, 0], u32(1)), box('traf', tfhd, tfdt, trun));
  };
  const moofSize = build(0).length;
  const moof = build(moofSize + 8);
  return concat(box('styp', 'msdh', u32(0), 'msdh'), moof, box('mdat', ...samples.map((s) => s.data)));
}
