/**
 * The text track of a fragmented-MP4 init segment, by sample entry: `wvtt`
 * (WebVTT, ISO/IEC 14496-30 §7.5) or `stpp` (TTML/IMSC, §5 — the DASH
 * broadcast norm: EBU-TT-D in DVB and HbbTV).
 */
import { EdgeplayError } from '../errors/edgeplay-error.js';
import { BoxFormatError, toDataView } from '../mp4/box-reader.js';
import { parseInitTracks, type InitTrackInfo } from '../mp4/fragment.js';

/** Sample entries the text pipeline decodes. */
export type Mp4TextCodec = 'wvtt' | 'stpp';

/** The text track of an init segment and how its samples are coded. */
export interface Mp4TextTrack {
  codec: Mp4TextCodec;
  info: InitTrackInfo;
}

/**
 * Finds the first `wvtt` or `stpp` track of an init segment.
 * @throws EdgeplayError TEXT_INVALID (recoverable) when the init segment is malformed or has neither.
 */
export function parseMp4TextInit(data: ArrayBuffer | Uint8Array, source = 'init segment'): Mp4TextTrack {
  const invalid = (message: string, cause?: unknown) =>
    new EdgeplayError('text', 'TEXT_INVALID', `${source}: ${message}`, { severity: 'recoverable', details: { source }, ...(cause === undefined ? {} : { cause }) });
  let tracks: InitTrackInfo[];
  try {
    tracks = parseInitTracks(toDataView(data));
  } catch (e) {
    throw invalid(e instanceof BoxFormatError ? e.message : 'unreadable init segment', e);
  }
  for (const info of tracks) if (info.sampleEntry === 'wvtt' || info.sampleEntry === 'stpp') return { codec: info.sampleEntry, info };
  throw invalid(`no wvtt or stpp track (found ${tracks.map((t) => `${t.handler}/${t.sampleEntry}`).join(', ') || 'none'})`);
}
