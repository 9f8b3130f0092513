/**
 * Any VOD title served as a simulated live stream that follows the wall clock,
 * looping the VOD media:
 * - DASH: a dynamic MPD with one Period per loop of the title inside the
 *   time-shift window (each loop restarts the media timeline, so a new period
 *   is the honest model), SegmentTemplate @duration addressing, UTCTiming;
 * - HLS: a sliding-window media playlist (no ENDLIST) whose media sequence
 *   follows the clock, with EXT-X-DISCONTINUITY at each loop boundary and
 *   EXT-X-PROGRAM-DATE-TIME on every segment.
 * The live clock starts `preroll` seconds before the server did, so a stream is
 * joinable immediately.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogTitle } from '../fixtures/catalog.js';
import { HttpError } from '../http/http-error.js';

export interface LiveClock {
  /** Wall-clock ms of live presentation time 0. */
  origin: number;
  now(): number;
}

export interface LiveOptions {
  timeShiftBufferDepth: number;
  /** Segments in an HLS live window. */
  windowSegments: number;
}

export const DEFAULT_LIVE: LiveOptions = { timeShiftBufferDepth: 30, windowSegments: 6 };

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Segments per loop of the title. */
function segmentCount(title: CatalogTitle): number {
  return Math.max(1, Math.round(title.duration / title.segmentDuration));
}

/** Dynamic MPD at the clock's current time. `bases`: absolute media base URLs (title folder) per pathway, ranked. */
export function liveDashManifest(fixturesRoot: string, title: CatalogTitle, clock: LiveClock, bases: { id: string; base: string }[], timeUrl: string, o: LiveOptions = DEFAULT_LIVE): string {
  if (title.periods && title.periods.length > 1) throw new HttpError(400, 'LIVE_UNSUPPORTED', 'multi-period titles cannot be looped as live');
  const vod = readFileSync(path.join(fixturesRoot, title.id, title.dash), 'utf8');
  const period = /<Period\b[^>]*>([\s\S]*?)<\/Period>/.exec(vod);
  if (!period) throw new HttpError(500, 'BAD_FIXTURE', 'fixture MPD has no Period');
  const S = title.segmentDuration;
  // Timeline addressing → @duration addressing (the live edge decides which segments exist).
  // Sidecar subtitles cannot loop (cue times are absolute), so live periods carry audio and video only.
  const av = period[1]!.replace(/<AdaptationSet\b[^>]*contentType="text"[\s\S]*?<\/AdaptationSet>/g, '').replace(/<AdaptationSet\b[^>]*mimeType="text\/[^"]*"[\s\S]*?<\/AdaptationSet>/g, '');
  const body = av.replace(/<SegmentTemplate\b([^>]*?)>\s*<SegmentTimeline>[\s\S]*?<\/SegmentTimeline>\s*<\/SegmentTemplate>/g, (_m, attrs: string) => {
    const timescale = Number(/\btimescale="(\d+)"/.exec(attrs)?.[1] ?? 1);
    return `<SegmentTemplate${attrs} duration="${Math.round(S * timescale)}"/>`;
  });
  const D = segmentCount(title) * S;
  const elapsed = (clock.now() - clock.origin) / 1000;
  const first = Math.max(0, Math.floor((elapsed - o.timeShiftBufferDepth - S) / D));
  const last = Math.floor(elapsed / D);
  const periods: string[] = [];
  for (let k = first; k <= last; k++) {
    const duration = k < last ? ` duration="PT${D}S"` : '';
    periods.push(`  <Period id="loop-${k}" start="PT${k * D}S"${duration}>${body}</Period>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" profiles="urn:mpeg:dash:profile:isoff-live:2011" availabilityStartTime="${iso(clock.origin)}" publishTime="${iso(clock.now())}" minimumUpdatePeriod="PT${S / 2}S" timeShiftBufferDepth="PT${o.timeShiftBufferDepth}S" suggestedPresentationDelay="PT${3 * S}S" minBufferTime="PT${S}S" maxSegmentDuration="PT${S}S">
${bases.map((b) => `  <BaseURL serviceLocation="${b.id}">${b.base}</BaseURL>`).join('\n')}
${periods.join('\n')}
  <UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="${timeUrl}"/>
</MPD>
`;
}

/** Multivariant playlist for live: the VOD one without subtitles (their cue times do not loop), URIs under `liveBase`. */
export function liveHlsMultivariant(fixturesRoot: string, title: CatalogTitle, liveBase: string): string {
  if (!title.hls) throw new HttpError(404, 'NO_HLS', `title ${title.id} has no HLS version`);
  const lines = readFileSync(path.join(fixturesRoot, title.id, title.hls), 'utf8').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (!l || l.startsWith('#EXT-X-I-FRAME-STREAM-INF') || (l.startsWith('#EXT-X-MEDIA:') && l.includes('TYPE=SUBTITLES'))) continue;
    if (l.startsWith('#EXT-X-MEDIA:')) out.push(l.replace(/URI="([^"]+)"/, (_m, u: string) => `URI="${liveBase}${u}"`));
    else if (l.startsWith('#EXT-X-STREAM-INF:')) {
      out.push(l.replace(/,SUBTITLES="[^"]*"/, ''), `${liveBase}${lines[++i]!.trim()}`);
    } else out.push(l);
  }
  return out.join('\n') + '\n';
}

/** Sliding-window media playlist for one rendition folder (`video/v300/`), media from `mediaBase`. */
export function liveHlsMediaPlaylist(title: CatalogTitle, renditionPath: string, clock: LiveClock, mediaBase: string, o: LiveOptions = DEFAULT_LIVE): string {
  const known = [...title.video, ...title.audio].some((r) => r.path === renditionPath);
  if (!known) throw new HttpError(404, 'UNKNOWN_RENDITION', `no rendition at ${renditionPath.slice(0, 100)}`);
  const S = title.segmentDuration;
  const N = segmentCount(title);
  const elapsed = (clock.now() - clock.origin) / 1000;
  const last = Math.max(0, Math.floor(elapsed / S) - 1); // last complete segment (global sequence)
  const firstSeq = Math.max(0, last - o.windowSegments + 1);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${Math.ceil(S)}`,
    `#EXT-X-MEDIA-SEQUENCE:${firstSeq}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor(firstSeq / N)}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
    `#EXT-X-MAP:URI="${mediaBase}${renditionPath}init.mp4"`,
  ];
  for (let seq = firstSeq; seq <= last; seq++) {
    if (seq > firstSeq && seq % N === 0) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${iso(clock.origin + seq * S * 1000)}`, `#EXTINF:${S.toFixed(3)},`, `${mediaBase}${renditionPath}seg-${(seq % N) + 1}.m4s`);
  }
  return lines.join('\n') + '\n';
}
