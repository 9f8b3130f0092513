/**
 * HLS media playlist parser (RFC 8216 §4.3.2–4.3.3, draft-pantos-hls-rfc8216bis
 * incl. LL-HLS tags) → segment references.
 *
 * URIs: segment and init URIs stay as written (after variable substitution),
 * i.e. usually relative. They are resolved against the owning track's ranked
 * base URLs — the media playlist URL of each pathway — which is what lets the
 * engine fail over between pathway-cloned playlists. Key URIs are absolute.
 *
 * Timeline: the first segment starts at 0, or — on a live reload with
 * `previous` — at the time the same media sequence number had before, so a
 * segment keeps its start time across reloads. `timestampOffset` is 0: HLS
 * media carries its own timestamps, and the engine aligns them at each
 * discontinuity from the first media timestamp it sees (as hls.js and shaka do).
 */
import { ManifestError } from '../errors/manifest-error.js';
import type { ByteRange, InitSegmentReference, LowLatencyInfo, PartialSegmentReference, SegmentKey, SegmentReference, TimelineEvent, ContentProtection } from '../manifest/model.js';
import { ListSegmentIndex } from '../manifest/segment-index.js';
import { AttributeReader, parseAttributeList, type TagLocation } from './attribute-list.js';
import { keyToContentProtection, readSegmentKey } from './key-formats.js';
import { parseProgramDateTime, PlaylistScanner, substituteVariables } from './playlist-lines.js';
import { readDefine, VariableScope } from './variables.js';
import { assertUriAllowed } from '../manifest/resolve.js';

/** A parsed media playlist. */
export interface HlsMediaPlaylist {
  segmentIndex: ListSegmentIndex;
  segments: SegmentReference[];
  targetDuration: number;
  mediaSequence: number;
  discontinuitySequence: number;
  endList: boolean;
  playlistType?: 'VOD' | 'EVENT';
  iFramesOnly: boolean;
  independentSegments: boolean;
  version?: number;
  partTargetDuration?: number;
  serverControl?: LowLatencyInfo;
  /** EXT-X-PRELOAD-HINT: the next part or init the server is about to publish. */
  preloadHint?: { type: 'PART' | 'MAP'; uri: string; byteRange?: ByteRange };
  /** EXT-X-PART tags after the last complete segment (the segment being published). */
  pendingParts: PartialSegmentReference[];
  renditionReports: { uri: string; lastMsn?: number; lastPart?: number }[];
  /** EXT-X-SKIP: segments the server left out of this delta update. */
  skipped: number;
  /** Sum of segment durations, seconds. */
  totalDuration: number;
  /** EXT-X-DATERANGE. */
  events: TimelineEvent[];
  /** DRM keys (non-identity KEYFORMAT) seen in EXT-X-KEY tags, de-duplicated. */
  keys: ContentProtection[];
  /** Container inferred from EXT-X-MAP / URI extensions. */
  container: 'fmp4' | 'ts' | 'aac' | 'ac3' | 'mp3' | 'webvtt' | 'unknown';
  /** EXT-X-START. */
  start?: { timeOffset: number; precise: boolean };
}

/** Options of {@link parseHlsMediaPlaylist}. */
export interface HlsMediaPlaylistOptions {
  /** URL the playlist was fetched from. */
  playlistUrl: string;
  /** The previous version of this playlist (live reload): aligns times and fills EXT-X-SKIP. */
  previous?: HlsMediaPlaylist;
  /** Variables defined in the multivariant playlist, for EXT-X-DEFINE:IMPORT. */
  importedVariables?: ReadonlyMap<string, string>;
  maxLength?: number;
  maxSegments?: number;
}

const MAX_SECONDS = 86_400;

const SINGLE_TAGS = new Set(['EXT-X-TARGETDURATION', 'EXT-X-MEDIA-SEQUENCE', 'EXT-X-DISCONTINUITY-SEQUENCE', 'EXT-X-PLAYLIST-TYPE', 'EXT-X-VERSION', 'EXT-X-ENDLIST', 'EXT-X-PART-INF', 'EXT-X-SERVER-CONTROL']);
const MULTIVARIANT_TAGS = new Set(['EXT-X-STREAM-INF', 'EXT-X-I-FRAME-STREAM-INF', 'EXT-X-MEDIA', 'EXT-X-SESSION-KEY', 'EXT-X-SESSION-DATA', 'EXT-X-CONTENT-STEERING']);

function at(line: number, tag?: string): string {
  return tag ? `line ${line}: #${tag}` : `line ${line}`;
}

/** decimal-integer tag value. */
function intValue(value: string, line: number, tag: string): number {
  const v = value.trim();
  if (!/^\d{1,16}$/.test(v)) throw new ManifestError('MANIFEST_INVALID_VALUE', `#${tag}:${v.slice(0, 40)} is not a non-negative integer`, at(line, tag));
  return Number(v);
}

/** `n[@o]` byte range. */
function parseByteRangeSpec(value: string, previousEnd: number | null, line: number, tag: string): ByteRange {
  const m = /^\s*(\d{1,15})(?:@(\d{1,15}))?\s*$/.exec(value);
  if (!m) throw new ManifestError('MANIFEST_INVALID_VALUE', `byte range "${value.slice(0, 40)}" is not n[@o]`, at(line, tag));
  const length = Number(m[1]);
  if (length === 0) throw new ManifestError('MANIFEST_INVALID_VALUE', 'byte range of length 0', at(line, tag));
  let offset: number;
  if (m[2] !== undefined) offset = Number(m[2]);
  else if (previousEnd !== null) offset = previousEnd;
  else throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'byte range without offset and no previous sub-range of the same resource', at(line, tag));
  return { start: offset, end: offset + length - 1 };
}

function containerOf(uri: string, hasMap: boolean): HlsMediaPlaylist['container'] {
  if (hasMap) return 'fmp4';
  const path = uri.split('?')[0]!.toLowerCase();
  if (path.endsWith('.ts') || path.endsWith('.m2ts')) return 'ts';
  if (path.endsWith('.aac')) return 'aac';
  if (path.endsWith('.ac3') || path.endsWith('.ec3')) return 'ac3';
  if (path.endsWith('.mp3')) return 'mp3';
  if (path.endsWith('.vtt') || path.endsWith('.webvtt')) return 'webvtt';
  if (path.endsWith('.mp4') || path.endsWith('.m4s') || path.endsWith('.m4v') || path.endsWith('.m4a') || path.endsWith('.cmfv') || path.endsWith('.cmfa')) return 'fmp4';
  return 'unknown';
}

/**
 * Parses a media playlist.
 * @throws ManifestError on malformed input (never another exception type).
 */
export function parseHlsMediaPlaylist(text: string, options: HlsMediaPlaylistOptions): HlsMediaPlaylist {
  try {
    return parseUnsafe(text, options);
  } catch (e) {
    if (e instanceof ManifestError) throw e;
    throw new ManifestError('MANIFEST_INVALID_VALUE', `media playlist could not be parsed: ${(e as Error)?.message ?? String(e)}`, undefined, { cause: e });
  }
}

function parseUnsafe(text: string, options: HlsMediaPlaylistOptions): HlsMediaPlaylist {
  const scan = new PlaylistScanner(text, { maxLength: options.maxLength ?? 32 * 1024 * 1024, maxLines: 2_000_000 });
  const maxSegments = options.maxSegments ?? 500_000;
  const url = options.playlistUrl;
  const previous = options.previous;
  const vars = new VariableScope(text.length);
  const dateRanges: DateRangeTag[] = [];
  const seenSingle = new Set<string>();

  let targetDuration: number | undefined;
  let mediaSequence = 0;
  let discontinuitySequence = 0;
  let endList = false;
  let playlistType: 'VOD' | 'EVENT' | undefined;
  let iFramesOnly = false;
  let independentSegments = false;
  let version: number | undefined;
  let partTargetDuration: number | undefined;
  let serverControl: LowLatencyInfo | undefined;
  let preloadHint: HlsMediaPlaylist['preloadHint'];
  let skipped = 0;
  let start: HlsMediaPlaylist['start'];
  const renditionReports: HlsMediaPlaylist['renditionReports'] = [];
  const events: TimelineEvent[] = [];
  const keys = new Map<string, ContentProtection>();

  // State that applies to the next URI line.
  let pendingDuration = -1;
  let pendingByteRange: string | null = null;
  let pendingByteRangeLine = 0;
  let pendingDiscontinuity = false;
  let pendingGap = false;
  let pendingPdt = NaN;
  let parts: PartialSegmentReference[] = [];
  let currentKey: SegmentKey | null = null;
  let currentInit: InitSegmentReference | null = null;
  let sawMap = false;
  let discontinuities = 0;
  let lastRangeEnd: { uri: string; end: number } | null = null;
  let lastPartRangeEnd: { uri: string; end: number } | null = null;

  const segments: SegmentReference[] = [];
  let firstUri = '';
  let time = 0;
  let anchored = false;
  let firstSequence = 0; // sequence number of segments[0]
  let lastPdtEnd = NaN;
  const attrs = (value: string, tag: string, line: number): AttributeReader => {
    const loc: TagLocation = { tag, line };
    return new AttributeReader(parseAttributeList(vars.size || value.includes('{$') ? substituteVariables(value, vars, line) : value, loc), loc);
  };

  for (let kind = scan.next(); kind !== null; kind = scan.next()) {
    const line = scan.line;
    if (kind === 'uri') {
      const rawUri = scan.uri();
      const uri = vars.size ? substituteVariables(rawUri, vars, line) : rawUri.indexOf('{$') >= 0 ? substituteVariables(rawUri, vars, line) : rawUri;
      assertUriAllowed(uri, at(line));
      if (pendingDuration < 0) {
        throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', `segment URI "${uri.slice(0, 60)}" has no #EXTINF`, at(line));
      }
      if (!anchored) {
        anchored = true;
        time = anchorSegments(segments, mediaSequence, skipped, previous, targetDuration ?? 0);
        firstSequence = segments.length ? mediaSequence : mediaSequence + skipped;
      }
      if (segments.length >= maxSegments) throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `more than ${maxSegments} segments`, at(line));
      const ref: SegmentReference = {
        start: time,
        end: time + pendingDuration,
        uri,
        init: currentInit,
        timestampOffset: 0,
        sequence: firstSequence + segments.length,
        discontinuity: discontinuitySequence + discontinuities,
      };
      if (pendingByteRange !== null) {
        const prevEnd = lastRangeEnd !== null && lastRangeEnd.uri === uri ? lastRangeEnd.end + 1 : null;
        ref.byteRange = parseByteRangeSpec(pendingByteRange, prevEnd, pendingByteRangeLine, 'EXT-X-BYTERANGE');
        lastRangeEnd = { uri, end: ref.byteRange.end! };
        pendingByteRange = null;
      } else {
        lastRangeEnd = null;
      }
      if (currentKey) ref.key = currentKey;
      if (pendingGap) ref.gap = true;
      let pdt = pendingPdt;
      if (pdt !== pdt && lastPdtEnd === lastPdtEnd && !pendingDiscontinuity) pdt = lastPdtEnd;
      if (pdt === pdt) {
        ref.programDateTime = pdt;
        lastPdtEnd = pdt + pendingDuration * 1000;
      } else {
        lastPdtEnd = NaN;
      }
      if (parts.length) ref.parts = placeParts(parts, time);
      if (!firstUri) firstUri = uri;
      segments.push(ref);
      time += pendingDuration;
      pendingDuration = -1;
      pendingDiscontinuity = false;
      pendingGap = false;
      pendingPdt = NaN;
      parts = [];
      continue;
    }
    // Hot tags first, matched in place.
    if (scan.is('#EXTINF:')) {
      const value = scan.valueAfter('#EXTINF:');
      const comma = value.indexOf(',');
      const d = comma < 0 ? value.trim() : value.slice(0, comma).trim();
      const v = Number(d);
      if (d === '' || !isDecimal(d) || !Number.isFinite(v)) throw new ManifestError('MANIFEST_INVALID_VALUE', `#EXTINF duration "${d.slice(0, 40)}" is not a number`, at(line, 'EXTINF'));
      if (v <= 0) throw new ManifestError('MANIFEST_INVALID_VALUE', `#EXTINF duration must be > 0, got ${d}`, at(line, 'EXTINF'));
      if (v > MAX_SECONDS) throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `#EXTINF duration ${d} s is absurd`, at(line, 'EXTINF'));
      if (pendingDuration >= 0) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'the previous #EXTINF has no URI', at(line, 'EXTINF'));
      pendingDuration = v;
      continue;
    }
    if (scan.is('#EXT-X-PROGRAM-DATE-TIME:')) {
      const value = scan.valueAfter('#EXT-X-PROGRAM-DATE-TIME:').trim();
      const ms = parseProgramDateTime(value);
      if (!Number.isFinite(ms)) throw new ManifestError('MANIFEST_INVALID_VALUE', `#EXT-X-PROGRAM-DATE-TIME "${value.slice(0, 40)}" is not a date-time`, at(line, 'EXT-X-PROGRAM-DATE-TIME'));
      pendingPdt = ms;
      continue;
    }
    if (scan.is('#EXT-X-BYTERANGE:')) {
      pendingByteRange = scan.valueAfter('#EXT-X-BYTERANGE:');
      pendingByteRangeLine = line;
      continue;
    }
    const name = scan.tagName();
    const value = scan.tagValue();
    if (SINGLE_TAGS.has(name)) {
      if (seenSingle.has(name)) throw new ManifestError('MANIFEST_INVALID_VALUE', `#${name} appears more than once`, at(line, name));
      seenSingle.add(name);
    }
    if (MULTIVARIANT_TAGS.has(name)) {
      throw new ManifestError('MANIFEST_WRONG_FORMAT', `multivariant tag #${name} in a media playlist`, at(line, name));
    }
    switch (name) {
      case 'EXTINF':
        throw new ManifestError('MANIFEST_INVALID_VALUE', '#EXTINF needs a duration', at(line, name));
      case 'EXT-X-TARGETDURATION': {
        targetDuration = intValue(value, line, name);
        if (targetDuration === 0 || targetDuration > MAX_SECONDS) throw new ManifestError('MANIFEST_INVALID_VALUE', `#EXT-X-TARGETDURATION ${targetDuration} is out of range`, at(line, name));
        break;
      }
      case 'EXT-X-MEDIA-SEQUENCE':
        if (segments.length) throw new ManifestError('MANIFEST_INVALID_VALUE', '#EXT-X-MEDIA-SEQUENCE must precede the first segment', at(line, name));
        mediaSequence = intValue(value, line, name);
        break;
      case 'EXT-X-DISCONTINUITY-SEQUENCE':
        if (segments.length) throw new ManifestError('MANIFEST_INVALID_VALUE', '#EXT-X-DISCONTINUITY-SEQUENCE must precede the first segment', at(line, name));
        discontinuitySequence = intValue(value, line, name);
        break;
      case 'EXT-X-ENDLIST':
        endList = true;
        break;
      case 'EXT-X-PLAYLIST-TYPE': {
        const v = value.trim();
        if (v !== 'VOD' && v !== 'EVENT') throw new ManifestError('MANIFEST_INVALID_VALUE', `#EXT-X-PLAYLIST-TYPE:${v.slice(0, 40)}`, at(line, name));
        playlistType = v;
        break;
      }
      case 'EXT-X-VERSION':
        version = intValue(value, line, name);
        break;
      case 'EXT-X-I-FRAMES-ONLY':
        iFramesOnly = true;
        break;
      case 'EXT-X-INDEPENDENT-SEGMENTS':
        independentSegments = true;
        break;
      case 'EXT-X-DISCONTINUITY':
        pendingDiscontinuity = true;
        discontinuities++;
        break;
      case 'EXT-X-GAP':
        pendingGap = true;
        break;
      case 'EXT-X-KEY': {
        const key = readSegmentKey(attrs(value, name, line), url);
        currentKey = key;
        if (key) {
          const cp = keyToContentProtection(key);
          if (cp && !keys.has(`${cp.schemeIdUri}|${cp.keyUri}`)) keys.set(`${cp.schemeIdUri}|${cp.keyUri}`, cp);
        }
        break;
      }
      case 'EXT-X-MAP': {
        const a = attrs(value, name, line);
        const init: InitSegmentReference = { uri: a.requiredString('URI') };
        assertUriAllowed(init.uri, at(line, name));
        const br = a.string('BYTERANGE');
        if (br !== undefined) init.byteRange = parseByteRangeSpec(br, null, line, name);
        if (currentKey) init.key = currentKey;
        currentInit = init;
        sawMap = true;
        break;
      }
      case 'EXT-X-DEFINE':
        readDefine(attrs(value, name, line), vars, url, options.importedVariables);
        break;
      case 'EXT-X-START': {
        const a = attrs(value, name, line);
        const timeOffset = a.float('TIME-OFFSET', true);
        if (timeOffset === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'TIME-OFFSET is required', at(line, name));
        start = { timeOffset, precise: a.yesNo('PRECISE') ?? false };
        break;
      }
      case 'EXT-X-PART-INF': {
        partTargetDuration = attrs(value, name, line).float('PART-TARGET');
        if (partTargetDuration === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'PART-TARGET is required', at(line, name));
        break;
      }
      case 'EXT-X-SERVER-CONTROL':
        serverControl = readServerControl(attrs(value, name, line));
        break;
      case 'EXT-X-PART': {
        const a = attrs(value, name, line);
        const uri = a.requiredString('URI');
        assertUriAllowed(uri, at(line, name));
        const duration = a.float('DURATION');
        if (duration === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'DURATION is required', at(line, name));
        const part: PartialSegmentReference = { start: 0, end: duration, uri, independent: a.yesNo('INDEPENDENT') ?? false, gap: a.yesNo('GAP') ?? false };
        // The draft says quoted-string; deployed packagers also write it bare. The grammar is unambiguous, accept both.
        const br = a.enum('BYTERANGE');
        if (br !== undefined) {
          const prevEnd = lastPartRangeEnd && lastPartRangeEnd.uri === uri ? lastPartRangeEnd.end + 1 : null;
          part.byteRange = parseByteRangeSpec(br, prevEnd, line, name);
          lastPartRangeEnd = { uri, end: part.byteRange.end! };
        }
        parts.push(part);
        break;
      }
      case 'EXT-X-PRELOAD-HINT': {
        const a = attrs(value, name, line);
        const type = a.enum('TYPE');
        if (type !== 'PART' && type !== 'MAP') throw new ManifestError('MANIFEST_INVALID_VALUE', `TYPE=${String(type).slice(0, 40)} must be PART or MAP`, at(line, name));
        const hint: NonNullable<HlsMediaPlaylist['preloadHint']> = { type, uri: a.requiredString('URI') };
        const s = a.integer('BYTERANGE-START');
        const len = a.integer('BYTERANGE-LENGTH');
        if (s !== undefined || len !== undefined) hint.byteRange = { start: s ?? 0, end: len === undefined ? null : (s ?? 0) + len - 1 };
        preloadHint = hint;
        break;
      }
      case 'EXT-X-RENDITION-REPORT': {
        const a = attrs(value, name, line);
        const report: HlsMediaPlaylist['renditionReports'][number] = { uri: a.requiredString('URI') };
        const msn = a.integer('LAST-MSN');
        if (msn !== undefined) report.lastMsn = msn;
        const part = a.integer('LAST-PART');
        if (part !== undefined) report.lastPart = part;
        renditionReports.push(report);
        break;
      }
      case 'EXT-X-SKIP': {
        if (segments.length) throw new ManifestError('MANIFEST_INVALID_VALUE', '#EXT-X-SKIP must precede the first segment', at(line, name));
        skipped = attrs(value, name, line).requiredInteger('SKIPPED-SEGMENTS');
        if (skipped > maxSegments) throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `SKIPPED-SEGMENTS=${skipped}`, at(line, name));
        break;
      }
      case 'EXT-X-DATERANGE':
        dateRanges.push(readDateRange(attrs(value, name, line)));
        break;
      default:
        // Unknown or ignorable tags (EXT-X-ALLOW-CACHE, EXT-X-BITRATE, EXT-X-CUE-*…): RFC 8216 §4.1 says ignore.
        break;
    }
  }
  if (targetDuration === undefined) {
    if (segments.length === 0 && !seenSingle.size && pendingDuration < 0) {
      throw new ManifestError('MANIFEST_NO_PLAYABLE_CONTENT', 'playlist has neither variants nor segments');
    }
    throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', '#EXT-X-TARGETDURATION is required in a media playlist');
  }
  if (pendingDuration >= 0 && !parts.length) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', '#EXTINF without a following URI');
  if (!anchored) time = anchorSegments(segments, mediaSequence, skipped, previous, targetDuration);
  if (dateRanges.length) placeDateRanges(dateRanges, segments, events);

  const result: HlsMediaPlaylist = {
    segmentIndex: new ListSegmentIndex(segments),
    segments,
    targetDuration,
    mediaSequence,
    discontinuitySequence,
    endList,
    iFramesOnly,
    independentSegments,
    pendingParts: placeParts(parts, time),
    renditionReports,
    skipped,
    totalDuration: segments.length ? segments[segments.length - 1]!.end - segments[0]!.start : 0,
    events,
    keys: [...keys.values()],
    container: containerOf(firstUri, sawMap),
  };
  if (playlistType) result.playlistType = playlistType;
  if (version !== undefined) result.version = version;
  if (partTargetDuration !== undefined) result.partTargetDuration = partTargetDuration;
  if (serverControl) result.serverControl = serverControl;
  if (preloadHint) result.preloadHint = preloadHint;
  if (start) result.start = start;
  return result;
}

/** An EXT-X-DATERANGE as read, before it is placed on the timeline. */
interface DateRangeTag {
  line: number;
  id: string;
  className?: string;
  /** START-DATE, ms since epoch. */
  startDate: number;
  duration?: number;
  scte35?: string;
}

/** Reads EXT-X-DATERANGE attributes (rfc8216bis §4.4.5.1). */
function readDateRange(a: AttributeReader): DateRangeTag {
  const w = at(a.loc.line, a.loc.tag);
  const startDate = parseProgramDateTime(a.requiredString('START-DATE'));
  if (!Number.isFinite(startDate)) throw new ManifestError('MANIFEST_INVALID_VALUE', 'START-DATE is not a date-time', `${w} START-DATE`);
  const tag: DateRangeTag = { line: a.loc.line, id: a.requiredString('ID'), startDate };
  const className = a.string('CLASS');
  if (className !== undefined) tag.className = className;
  let duration = a.float('DURATION');
  const endDateText = a.string('END-DATE');
  if (endDateText !== undefined) {
    const endDate = parseProgramDateTime(endDateText);
    if (!Number.isFinite(endDate)) throw new ManifestError('MANIFEST_INVALID_VALUE', 'END-DATE is not a date-time', `${w} END-DATE`);
    if (endDate < startDate) throw new ManifestError('MANIFEST_INVALID_VALUE', 'END-DATE is before START-DATE', `${w} END-DATE`);
    // §4.4.5.1: when both are given, END-DATE MUST equal START-DATE + DURATION.
    if (duration !== undefined && Math.abs(startDate + duration * 1000 - endDate) > 1) {
      throw new ManifestError('MANIFEST_INVALID_VALUE', 'END-DATE disagrees with START-DATE + DURATION', `${w} END-DATE`);
    }
    duration ??= (endDate - startDate) / 1000;
  }
  duration ??= a.float('PLANNED-DURATION');
  if (duration !== undefined) {
    if (duration > MAX_SECONDS * 366) throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `date range of ${duration} s is absurd`, w);
    tag.duration = duration;
  }
  const scte35 = a.hex('SCTE35-CMD') ?? a.hex('SCTE35-OUT') ?? a.hex('SCTE35-IN');
  if (scte35 !== undefined) tag.scte35 = scte35;
  return tag;
}

/**
 * Places date ranges on the presentation timeline through the segments'
 * EXT-X-PROGRAM-DATE-TIME: a START-DATE maps through the last segment whose
 * wall-clock start is at or before it (or the first one, for dates before the
 * window), so discontinuities that re-anchor the clock are respected.
 * RFC 8216 §4.3.2.7: a playlist with EXT-X-DATERANGE MUST carry
 * EXT-X-PROGRAM-DATE-TIME; without one a date cannot be placed, and inventing
 * a position would be a silently wrong model.
 */
function placeDateRanges(tags: readonly DateRangeTag[], segments: readonly SegmentReference[], events: TimelineEvent[]): void {
  const anchors: SegmentReference[] = [];
  for (const s of segments) if (s.programDateTime !== undefined) anchors.push(s);
  for (const tag of tags) {
    if (anchors.length === 0) {
      throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'EXT-X-DATERANGE needs an EXT-X-PROGRAM-DATE-TIME to be placed on the timeline', at(tag.line, 'EXT-X-DATERANGE'));
    }
    let lo = 0;
    let hi = anchors.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (anchors[mid]!.programDateTime! <= tag.startDate) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const anchor = anchors[found]!;
    const ev: TimelineEvent = {
      schemeIdUri: `urn:hls:daterange:${tag.className ?? ''}`,
      id: tag.id,
      start: anchor.start + (tag.startDate - anchor.programDateTime!) / 1000,
    };
    if (tag.className !== undefined) ev.value = tag.className;
    if (tag.duration !== undefined) ev.duration = tag.duration;
    if (tag.scte35 !== undefined) ev.messageData = tag.scte35;
    events.push(ev);
  }
}

/** `digits[.digits]` without a regex (hot path). */
function isDecimal(s: string): boolean {
  let dot = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && !dot && i > 0) dot = true;
    else if (c < 48 || c > 57) return false;
  }
  return true;
}

function placeParts(parts: PartialSegmentReference[], from: number): PartialSegmentReference[] {
  let t = from;
  return parts.map((p) => {
    const d = p.end - p.start;
    const out = { ...p, start: t, end: t + d };
    t += d;
    return out;
  });
}

function readServerControl(a: AttributeReader): LowLatencyInfo {
  const out: LowLatencyInfo = {};
  const cbr = a.yesNo('CAN-BLOCK-RELOAD');
  if (cbr !== undefined) out.canBlockReload = cbr;
  const csu = a.float('CAN-SKIP-UNTIL');
  if (csu !== undefined) out.canSkipUntil = csu;
  const csd = a.yesNo('CAN-SKIP-DATERANGES');
  if (csd !== undefined) out.canSkipDateRanges = csd;
  const hb = a.float('HOLD-BACK');
  if (hb !== undefined) out.holdBack = hb;
  const phb = a.float('PART-HOLD-BACK');
  if (phb !== undefined) out.partHoldBack = phb;
  return out;
}

/**
 * Places the first listed segment on the timeline and, for a delta update
 * (EXT-X-SKIP), copies the skipped segments from the previous version into
 * `segments`. Returns the start time of the first listed segment.
 */
function anchorSegments(segments: SegmentReference[], mediaSequence: number, skipped: number, previous: HlsMediaPlaylist | undefined, targetDuration: number): number {
  // Without a previous version (a delta update parsed on its own) the skipped segments are unknown:
  // the listed ones keep their sequence numbers and `skipped` says how many are missing before them.
  if (skipped > 0 && previous) {
    for (let seq = mediaSequence; seq < mediaSequence + skipped; seq++) {
      const old = previous.segments.find((s) => s.sequence === seq);
      if (!old) throw new ManifestError('MANIFEST_INVALID_VALUE', `EXT-X-SKIP: segment ${seq} is not in the previous playlist`);
      segments.push(old);
    }
    return segments[segments.length - 1]!.end;
  }
  return startTimeFor(mediaSequence + skipped, previous, targetDuration);
}

/** Where segment `seq` starts, given the previous version of the playlist (live reload alignment). */
function startTimeFor(seq: number, previous: HlsMediaPlaylist | undefined, targetDuration: number): number {
  if (!previous || previous.segments.length === 0) return 0;
  const segs = previous.segments;
  const first = segs[0]!;
  const last = segs[segs.length - 1]!;
  if (seq >= first.sequence && seq <= last.sequence) return segs[seq - first.sequence]!.start;
  if (seq > last.sequence) return last.end + (seq - last.sequence - 1) * targetDuration;
  // Playlist went backwards (server restart): estimate before the previous window.
  return Math.max(0, first.start - (first.sequence - seq) * targetDuration);
}

/**
 * How long to wait before reloading a live playlist (RFC 8216 §6.3.4): the
 * target duration, or half of it when the reload brought nothing new.
 */
export function hlsReloadDelay(previous: HlsMediaPlaylist | undefined, next: HlsMediaPlaylist): number {
  if (next.endList) return Infinity;
  const lastSeq = (p: HlsMediaPlaylist) => (p.segments.length ? p.segments[p.segments.length - 1]!.sequence : p.mediaSequence - 1);
  const unchanged = previous !== undefined && lastSeq(previous) === lastSeq(next) && previous.pendingParts.length === next.pendingParts.length;
  const base = next.partTargetDuration ?? next.targetDuration;
  return unchanged ? base / 2 : base;
}
