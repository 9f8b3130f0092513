/**
 * Samples of a fragmented MP4 media segment (ISO/IEC 14496-12 §8.8: moof /
 * traf / tfhd / tfdt / trun) and the per-track facts of its init segment
 * (moov: timescale, handler, sample entry, trex defaults) needed to place
 * them in time. The engine leaves audio and video to the browser's demuxer;
 * this exists for what the browser does not render itself — WebVTT in MP4
 * (wvtt) and, later, emsg-free metadata tracks.
 */
import { BoxFormatError, findBox, iterateBoxes, type BoxHeader } from './box-reader.js';

/** Facts about one track of an init segment. */
export interface InitTrackInfo {
  trackId: number;
  /** mdhd timescale (units per second). */
  timescale: number;
  /** hdlr handler type: `vide`, `soun`, `text`, `subt`... */
  handler: string;
  /** Four-character code of the first sample entry (`wvtt`, `avc1`...). */
  sampleEntry: string;
  /** trex defaults, used when the fragment's tfhd/trun leave a field out. */
  defaultSampleDuration: number;
  defaultSampleSize: number;
}

/** One sample of a fragment, with its bytes. */
export interface FragmentSample {
  /** Decode time in timescale units (tfdt + durations of the samples before it). */
  decodeTime: number;
  /** Composition offset in timescale units (may be negative with trun version 1). */
  compositionOffset: number;
  duration: number;
  /** The sample's bytes (a view into the segment, not a copy). */
  data: Uint8Array;
}

function need(box: BoxHeader, at: number, n: number): void {
  if (at + n > box.end) throw new BoxFormatError(`${box.type} at ${box.start} is truncated`);
}

/**
 * Refuses a trun sample_count the segment cannot hold: more samples than bytes
 * in the segment, or (sizes from a default) more sample bytes than remain.
 * `fixedSize` is the size every sample has, or -1 when the table gives sizes.
 */
function checkSampleCount(view: DataView, trun: BoxHeader, track: InitTrackInfo, count: number, fixedSize: number, dataAt: number): void {
  if (count > view.byteLength) throw new BoxFormatError(`trun at ${trun.start} claims ${count} samples in a ${view.byteLength}-byte segment`);
  if (fixedSize > 0 && count * fixedSize > view.byteLength - Math.max(0, dataAt)) {
    throw new BoxFormatError(`trun at ${trun.start} claims ${count} samples of ${fixedSize} bytes for track ${track.trackId}, more than the segment holds`);
  }
}

function child(view: DataView, parent: BoxHeader, type: string): BoxHeader | null {
  return findBox(view, type, parent.payloadStart, parent.end);
}

function fourcc(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

function readUint64(view: DataView, at: number): number {
  return view.getUint32(at) * 2 ** 32 + view.getUint32(at + 4);
}

/**
 * Reads every track of an init segment's moov.
 * @throws BoxFormatError when there is no moov or a needed box is truncated.
 */
export function parseInitTracks(view: DataView): InitTrackInfo[] {
  const moov = findBox(view, 'moov');
  if (!moov) throw new BoxFormatError('init segment has no moov box');
  const trex = new Map<number, { duration: number; size: number }>();
  const mvex = child(view, moov, 'mvex');
  if (mvex) {
    for (const box of iterateBoxes(view, mvex.payloadStart, mvex.end)) {
      if (box.type !== 'trex') continue;
      need(box, box.payloadStart, 24);
      trex.set(view.getUint32(box.payloadStart + 4), { duration: view.getUint32(box.payloadStart + 12), size: view.getUint32(box.payloadStart + 16) });
    }
  }
  const tracks: InitTrackInfo[] = [];
  for (const trak of iterateBoxes(view, moov.payloadStart, moov.end)) {
    if (trak.type !== 'trak') continue;
    const tkhd = child(view, trak, 'tkhd');
    const mdia = child(view, trak, 'mdia');
    if (!tkhd || !mdia) throw new BoxFormatError(`trak at ${trak.start} lacks tkhd or mdia`);
    const tkhdVersion = (need(tkhd, tkhd.payloadStart, 1), view.getUint8(tkhd.payloadStart));
    const idAt = tkhd.payloadStart + 4 + (tkhdVersion === 1 ? 16 : 8);
    need(tkhd, idAt, 4);
    const trackId = view.getUint32(idAt);
    const mdhd = child(view, mdia, 'mdhd');
    if (!mdhd) throw new BoxFormatError(`trak ${trackId} lacks mdhd`);
    need(mdhd, mdhd.payloadStart, 1);
    const tsAt = mdhd.payloadStart + 4 + (view.getUint8(mdhd.payloadStart) === 1 ? 16 : 8);
    need(mdhd, tsAt, 4);
    const timescale = view.getUint32(tsAt);
    if (timescale === 0) throw new BoxFormatError(`trak ${trackId} has timescale 0`);
    const hdlr = child(view, mdia, 'hdlr');
    let handler = '';
    if (hdlr) {
      need(hdlr, hdlr.payloadStart, 12);
      handler = fourcc(view, hdlr.payloadStart + 8);
    }
    let sampleEntry = '';
    const stsd = findPath(view, mdia, ['minf', 'stbl', 'stsd']);
    if (stsd && stsd.payloadStart + 8 < stsd.end) {
      const first = iterateBoxes(view, stsd.payloadStart + 8, stsd.end).next();
      if (!first.done) sampleEntry = first.value.type;
    }
    const defaults = trex.get(trackId);
    tracks.push({ trackId, timescale, handler, sampleEntry, defaultSampleDuration: defaults?.duration ?? 0, defaultSampleSize: defaults?.size ?? 0 });
  }
  return tracks;
}

function findPath(view: DataView, from: BoxHeader, path: readonly string[]): BoxHeader | null {
  let box: BoxHeader | null = from;
  for (const type of path) {
    box = box ? child(view, box, type) : null;
  }
  return box;
}

/**
 * The samples of `track` in every moof of a media segment, in order.
 * Sample bytes are located as the spec says: relative to tfhd's
 * base_data_offset when present, else to the start of the moof (the
 * default-base-is-moof rule CMAF mandates, and what ISO BMFF implies for the
 * first track fragment), plus trun's data_offset; a trun without one
 * continues where the previous ended.
 * @throws BoxFormatError for truncated boxes or sample bytes outside the segment.
 */
export function parseFragmentSamples(view: DataView, track: InitTrackInfo): FragmentSample[] {
  const samples: FragmentSample[] = [];
  for (const moof of iterateBoxes(view)) {
    if (moof.type !== 'moof') continue;
    for (const traf of iterateBoxes(view, moof.payloadStart, moof.end)) {
      if (traf.type !== 'traf') continue;
      const tfhd = child(view, traf, 'tfhd');
      if (!tfhd) throw new BoxFormatError(`traf at ${traf.start} has no tfhd`);
      need(tfhd, tfhd.payloadStart, 8);
      const tfhdFlags = view.getUint32(tfhd.payloadStart) & 0xffffff;
      if (view.getUint32(tfhd.payloadStart + 4) !== track.trackId) continue;
      let p = tfhd.payloadStart + 8;
      let base = moof.start;
      if (tfhdFlags & 0x1) {
        need(tfhd, p, 8);
        base = readUint64(view, p);
        p += 8;
      }
      if (tfhdFlags & 0x2) p += 4;
      let defaultDuration = track.defaultSampleDuration;
      let defaultSize = track.defaultSampleSize;
      if (tfhdFlags & 0x8) {
        need(tfhd, p, 4);
        defaultDuration = view.getUint32(p);
        p += 4;
      }
      if (tfhdFlags & 0x10) {
        need(tfhd, p, 4);
        defaultSize = view.getUint32(p);
      }
      let time = 0;
      const tfdt = child(view, traf, 'tfdt');
      if (tfdt) {
        need(tfdt, tfdt.payloadStart, 8);
        const v1 = view.getUint8(tfdt.payloadStart) === 1;
        if (v1) need(tfdt, tfdt.payloadStart, 12);
        time = v1 ? readUint64(view, tfdt.payloadStart + 4) : view.getUint32(tfdt.payloadStart + 4);
      }
      let dataAt = base;
      for (const trun of iterateBoxes(view, traf.payloadStart, traf.end)) {
        if (trun.type !== 'trun') continue;
        need(trun, trun.payloadStart, 8);
        const version = view.getUint8(trun.payloadStart);
        const flags = view.getUint32(trun.payloadStart) & 0xffffff;
        const count = view.getUint32(trun.payloadStart + 4);
        let q = trun.payloadStart + 8;
        if (flags & 0x1) {
          need(trun, q, 4);
          dataAt = base + view.getInt32(q);
          q += 4;
        }
        if (flags & 0x4) q += 4;
        const perSample = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length * 4;
        // A lying sample count cannot make us loop past the box: check the table fits first.
        need(trun, q, count * perSample);
        // Without a per-sample table (perSample 0) the count costs no bytes, so the check above
        // admits 0xFFFFFFFF samples of default size 0: 4.3e9 iterations and a heap OOM. Cap the
        // work per byte present: a sample either has table bytes or data bytes in the segment,
        // and there cannot be more samples than bytes in the segment.
        checkSampleCount(view, trun, track, count, flags & 0x200 ? -1 : defaultSize, dataAt);
        for (let i = 0; i < count; i++) {
          let duration = defaultDuration;
          let size = defaultSize;
          let cto = 0;
          if (flags & 0x100) {
            duration = view.getUint32(q);
            q += 4;
          }
          if (flags & 0x200) {
            size = view.getUint32(q);
            q += 4;
          }
          if (flags & 0x400) q += 4;
          if (flags & 0x800) {
            cto = version === 1 ? view.getInt32(q) : view.getUint32(q);
            q += 4;
          }
          if (dataAt < 0 || dataAt + size > view.byteLength) throw new BoxFormatError(`sample ${i} of track ${track.trackId} lies outside the segment`);
          samples.push({ decodeTime: time, compositionOffset: cto, duration, data: new Uint8Array(view.buffer, view.byteOffset + dataAt, size) });
          dataAt += size;
          time += duration;
        }
      }
    }
  }
  return samples;
}
