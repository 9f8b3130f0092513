import { TextError } from '../errors/text-error.js';
import { BoxFormatError, iterateBoxes, toDataView } from '../mp4/box-reader.js';
import { parseFragmentSamples, parseInitTracks, type InitTrackInfo } from '../mp4/fragment.js';
import type { TextCue } from '../platform/text-renderer.js';
import { parseCueSettings } from './webvtt-parser.js';

const decoder = new TextDecoder();

function invalid(source: string, message: string, cause?: unknown): TextError {
  return new TextError('TEXT_INVALID', `${source}: ${message}`, { details: { source }, ...(cause === undefined ? {} : { cause }) });
}

/**
 * Finds the WebVTT track of an init segment (sample entry `wvtt`, ISO/IEC
 * 14496-30 §7.5).
 * @throws TextError TEXT_INVALID when the init segment is malformed or has no wvtt track.
 */
export function parseWvttInit(data: ArrayBuffer | Uint8Array, source = 'init segment'): InitTrackInfo {
  let tracks: InitTrackInfo[];
  try {
    tracks = parseInitTracks(toDataView(data));
  } catch (e) {
    throw invalid(source, e instanceof BoxFormatError ? e.message : 'unreadable init segment', e);
  }
  const track = tracks.find((t) => t.sampleEntry === 'wvtt');
  if (!track) throw invalid(source, `no wvtt track (found ${tracks.map((t) => `${t.handler}/${t.sampleEntry}`).join(', ') || 'none'})`);
  return track;
}

/**
 * Cues of one WebVTT-in-MP4 media segment (ISO/IEC 14496-30 §7.5): each
 * sample spans [pts, pts + duration) and holds zero or more `vttc` boxes
 * (one cue each: `payl` text, optional `iden` id and `sttg` settings) or a
 * `vtte` (no cue in that interval). A cue that crosses sample boundaries is
 * repeated in each sample; consecutive identical pieces are merged back into
 * one cue. `offset` is the segment's timestampOffset (presentation time of
 * media time 0).
 * @throws TextError TEXT_INVALID when the segment is malformed.
 */
export function parseWvttSegment(data: ArrayBuffer | Uint8Array, track: InitTrackInfo, offset = 0, source = 'wvtt segment'): TextCue[] {
  const cues: TextCue[] = [];
  /** Cues that ended exactly at the previous sample's end, candidates for merging. */
  let open: TextCue[] = [];
  try {
    for (const sample of parseFragmentSamples(toDataView(data), track)) {
      const start = (sample.decodeTime + sample.compositionOffset) / track.timescale + offset;
      const end = start + sample.duration / track.timescale;
      const view = new DataView(sample.data.buffer, sample.data.byteOffset, sample.data.byteLength);
      const next: TextCue[] = [];
      for (const box of iterateBoxes(view)) {
        if (box.type !== 'vttc') continue;
        const cue: TextCue = { start, end, text: '' };
        for (const inner of iterateBoxes(view, box.payloadStart, box.end)) {
          const value = decoder.decode(sample.data.subarray(inner.payloadStart, inner.end));
          if (inner.type === 'payl') cue.text = value;
          else if (inner.type === 'iden' && value) cue.id = value;
          else if (inner.type === 'sttg' && value.trim()) cue.settings = parseCueSettings(value);
        }
        const continued = open.find((c) => Math.abs(c.end - start) < 1e-6 && sameCue(c, cue));
        if (continued) {
          continued.end = end;
          next.push(continued);
        } else {
          cues.push(cue);
          next.push(cue);
        }
      }
      open = next;
    }
  } catch (e) {
    throw invalid(source, e instanceof BoxFormatError ? e.message : 'unreadable media segment', e);
  }
  return cues;
}

function sameCue(a: TextCue, b: TextCue): boolean {
  return a.text === b.text && a.id === b.id && JSON.stringify(a.settings ?? {}) === JSON.stringify(b.settings ?? {});
}
