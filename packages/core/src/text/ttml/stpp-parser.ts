/**
 * TTML in fragmented MP4 (`stpp`, ISO/IEC 14496-30 §5): every sample of a
 * media segment is one complete TTML document.
 *
 * Timing (§5.3): the document's times are on the track's presentation
 * timeline — relative to the start of the track, not to the sample — and the
 * sample only says during which interval that document is the one in force.
 * So each document's cues are clipped to its sample's interval
 * [decode time + composition offset, + duration), then the segment's
 * timestampOffset maps media time to presentation time. (Smooth-Streaming
 * style sample-relative times are not what 14496-30 says and are not guessed at.)
 *
 * Not supported: images carried in sub-samples (`urn:mpeg:14496-30:subs:N`).
 */
import { BoxFormatError, toDataView } from '../../mp4/box-reader.js';
import { parseFragmentSamples, type InitTrackInfo } from '../../mp4/fragment.js';
import type { TextCue } from '../../platform/text-renderer.js';
import { ttmlError } from './ttml-document.js';
import { parseTtml } from './ttml-parser.js';

const decoder = new TextDecoder();

/** End of the root element's end tag: bytes after it (image sub-samples, padding) are not XML. */
const ROOT_END = /<\/(?:[A-Za-z_][\w.-]*:)?tt\s*>/;

/**
 * Cues of one `stpp` media segment. `offset` is the segment's timestampOffset
 * (presentation time of media time 0). Consecutive samples repeating a cue
 * (a cue spanning several samples) are merged back into one.
 * @throws EdgeplayError TEXT_INVALID (recoverable) when the segment or a document is malformed.
 */
export function parseStppSegment(data: ArrayBuffer | Uint8Array, track: InitTrackInfo, offset = 0, source = 'stpp segment'): TextCue[] {
  let samples;
  try {
    samples = parseFragmentSamples(toDataView(data), track);
  } catch (e) {
    throw ttmlError(source, e instanceof BoxFormatError ? e.message : 'unreadable media segment', e, { reason: 'malformed' });
  }
  const cues: TextCue[] = [];
  /** Cues of the previous sample: the only candidates for continuing into this one. */
  let open: TextCue[] = [];
  for (const [i, sample] of samples.entries()) {
    const start = (sample.decodeTime + sample.compositionOffset) / track.timescale;
    const end = start + sample.duration / track.timescale;
    if (!(end > start)) continue;
    let text = decoder.decode(sample.data);
    const close = ROOT_END.exec(text);
    if (close) text = text.slice(0, close.index + close[0].length);
    const next: TextCue[] = [];
    // An empty sample: no subtitle in this interval.
    const parsed = text.trim() ? parseTtml(text, { offset, window: { start, end }, source: `${source} sample ${i}` }) : [];
    for (const cue of parsed) {
      const previous = open.find((c) => Math.abs(c.end - cue.start) < 1e-6 && c.text === cue.text && JSON.stringify(c.settings ?? {}) === JSON.stringify(cue.settings ?? {}));
      if (previous) previous.end = cue.end;
      else cues.push(cue);
      next.push(previous ?? cue);
    }
    open = next;
  }
  return cues;
}
