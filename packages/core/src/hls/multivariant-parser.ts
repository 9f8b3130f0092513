/**
 * HLS multivariant playlist parser (RFC 8216 §4.3.4, draft-pantos-hls-rfc8216bis
 * §4.4.6 incl. content steering) → {@link Presentation}; a bare media playlist
 * becomes a one-track presentation.
 *
 * Pathways: the same variant listed under several PATHWAY-IDs (pathway cloning)
 * — or repeated with identical attributes as a redundant stream (RFC 8216
 * §6.2.3) — becomes ONE track whose ranked `baseUrls` are the media playlist
 * URLs of each copy. That is the model the engine fails over with; duplicate
 * tracks would look like extra renditions to ABR.
 *
 * A multivariant playlist does not say whether the content is live or how long
 * it is: `type` is provisionally `vod` with unknown duration until the engine
 * loads a media playlist ({@link applyMediaPlaylist}).
 */
import { ManifestError } from '../errors/manifest-error.js';
import type { BaseUrl, ContentProtection, ContentSteering, ContentType, Descriptor, Period, Presentation, SwitchingSet, Track } from '../manifest/model.js';
import { resolveUri } from '../manifest/resolve.js';
import { assumedMimeType } from './container-guess.js';
import { AttributeReader, parseAttributeList, type TagLocation } from './attribute-list.js';
import { keyToContentProtection, readSegmentKey } from './key-formats.js';
import { parseHlsMediaPlaylist, type HlsMediaPlaylist } from './media-playlist-parser.js';
import { assignRedundantPathways } from './redundant-variants.js';
import { substituteVariables, tokenizePlaylist } from './playlist-lines.js';
import { readDefine, VariableScope } from './variables.js';

/** Options of {@link parseHlsManifest}. */
export interface HlsParseOptions {
  /** URL the playlist was fetched from. */
  manifestUrl: string;
  maxLength?: number;
  /** Cap on variants + renditions (hostile playlists). Default 10,000. */
  maxVariants?: number;
  /**
   * Receives the multivariant playlist's EXT-X-DEFINE variables, to pass as
   * `importedVariables` when parsing its media playlists (EXT-X-DEFINE:IMPORT).
   */
  exportVariables?: Map<string, string>;
}

const VIDEO_CODEC = /^(avc|hvc|hev|av01|vp0?[89]|dvh|dva|vvc|mp4v)/i;
const AUDIO_CODEC = /^(mp4a|ac-?3|ec-?3|ac-4|opus|flac|mha|dts|alac|mp3|\.mp3)/i;
const TEXT_CODEC = /^(stpp|wvtt)/i;

const MEDIA_PLAYLIST_TAGS = new Set(['EXTINF', 'EXT-X-TARGETDURATION', 'EXT-X-MEDIA-SEQUENCE', 'EXT-X-ENDLIST', 'EXT-X-PLAYLIST-TYPE', 'EXT-X-MAP', 'EXT-X-PART', 'EXT-X-BYTERANGE', 'EXT-X-DISCONTINUITY']);

interface Variant {
  loc: TagLocation;
  bandwidth: number;
  averageBandwidth?: number;
  codecs: string[];
  resolution?: { width: number; height: number };
  frameRate?: number;
  videoRange?: string;
  hdcpLevel?: string;
  audioGroup?: string;
  videoGroup?: string;
  subtitlesGroup?: string;
  /** CLOSED-CAPTIONS group; `undefined` also for `NONE`. */
  closedCaptionsGroup?: string;
  pathwayId: string;
  stableId?: string;
  uri: string;
  iframe: boolean;
  /** Identity across pathways / redundant copies, from the raw attribute text. */
  key: string;
}

interface Rendition {
  loc: TagLocation;
  type: 'AUDIO' | 'VIDEO' | 'SUBTITLES' | 'CLOSED-CAPTIONS';
  groupId: string;
  name: string;
  language?: string;
  default: boolean;
  autoselect: boolean;
  forced: boolean;
  channels?: number;
  characteristics?: string;
  /** CLOSED-CAPTIONS: `CC1`…`CC4`, `SERVICE1`…`SERVICE63`. */
  instreamId?: string;
  uri?: string;
  stableId?: string;
}

/**
 * Parses a multivariant playlist or a media playlist.
 * @throws ManifestError on malformed input (never another exception type).
 */
export function parseHlsManifest(text: string, options: HlsParseOptions): Presentation {
  try {
    return parseUnsafe(text, options);
  } catch (e) {
    if (e instanceof ManifestError) throw e;
    throw new ManifestError('MANIFEST_INVALID_VALUE', `playlist could not be parsed: ${(e as Error)?.message ?? String(e)}`, undefined, { cause: e });
  }
}

function parseUnsafe(text: string, options: HlsParseOptions): Presentation {
  const url = options.manifestUrl;
  const lines = tokenizePlaylist(text, { maxLength: options.maxLength ?? 32 * 1024 * 1024, maxLines: 2_000_000 });
  const isMultivariant = lines.some((l) => l.kind === 'tag' && (l.name === 'EXT-X-STREAM-INF' || l.name === 'EXT-X-I-FRAME-STREAM-INF' || l.name === 'EXT-X-MEDIA'));
  if (!isMultivariant) {
    return presentationFromMediaPlaylist(parseHlsMediaPlaylist(text, { playlistUrl: url, ...(options.maxLength ? { maxLength: options.maxLength } : {}) }), url);
  }
  const maxVariants = options.maxVariants ?? 10_000;
  const vars = new VariableScope(text.length);
  const variants: Variant[] = [];
  const renditions: Rendition[] = [];
  const sessionKeys: ContentProtection[] = [];
  let steering: ContentSteering | undefined;
  let pendingVariant: Variant | null = null;

  for (const l of lines) {
    if (l.kind === 'uri') {
      if (!pendingVariant) throw new ManifestError('MANIFEST_INVALID_VALUE', `URI "${l.uri.slice(0, 60)}" does not follow #EXT-X-STREAM-INF`, `line ${l.line}`);
      pendingVariant.uri = resolveUri(substituteVariables(l.uri, vars, l.line), url);
      variants.push(pendingVariant);
      pendingVariant = null;
      continue;
    }
    const loc: TagLocation = { tag: l.name, line: l.line };
    if (MEDIA_PLAYLIST_TAGS.has(l.name)) {
      throw new ManifestError('MANIFEST_WRONG_FORMAT', `media playlist tag #${l.name} in a multivariant playlist`, `line ${l.line}: #${l.name}`);
    }
    if (pendingVariant) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', '#EXT-X-STREAM-INF must be followed by its URI', `line ${pendingVariant.loc.line}: #EXT-X-STREAM-INF`);
    const attrs = (): AttributeReader => new AttributeReader(parseAttributeList(vars.size || l.value.includes('{$') ? substituteVariables(l.value, vars, l.line) : l.value, loc), loc);
    switch (l.name) {
      case 'EXT-X-DEFINE':
        readDefine(attrs(), vars, url);
        break;
      case 'EXT-X-STREAM-INF':
        pendingVariant = readVariant(attrs(), false);
        break;
      case 'EXT-X-I-FRAME-STREAM-INF': {
        const a = attrs();
        const v = readVariant(a, true);
        v.uri = resolveUri(a.requiredString('URI'), url);
        variants.push(v);
        break;
      }
      case 'EXT-X-MEDIA':
        renditions.push(readRendition(attrs(), url));
        break;
      case 'EXT-X-SESSION-KEY': {
        const key = readSegmentKey(attrs(), url);
        if (!key) throw new ManifestError('MANIFEST_INVALID_VALUE', 'EXT-X-SESSION-KEY must not have METHOD=NONE', `line ${l.line}: #${l.name}`);
        const cp = keyToContentProtection(key);
        if (cp) sessionKeys.push(cp);
        break;
      }
      case 'EXT-X-CONTENT-STEERING': {
        const a = attrs();
        steering = { serverUri: resolveUri(a.requiredString('SERVER-URI'), url), queryBeforeStart: false };
        const pathway = a.string('PATHWAY-ID');
        if (pathway !== undefined) steering.defaultPathwayId = pathway;
        break;
      }
      default:
        break;
    }
    if (variants.length + renditions.length > maxVariants) {
      throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `more than ${maxVariants} variants and renditions`, `line ${l.line}`);
    }
  }
  if (pendingVariant) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', '#EXT-X-STREAM-INF must be followed by its URI', `line ${pendingVariant.loc.line}: #EXT-X-STREAM-INF`);
  if (options.exportVariables) for (const [k, v] of vars) options.exportVariables.set(k, v);
  for (const v of variants) {
    for (const [group, type] of [[v.audioGroup, 'AUDIO'], [v.subtitlesGroup, 'SUBTITLES'], [v.videoGroup, 'VIDEO'], [v.closedCaptionsGroup, 'CLOSED-CAPTIONS']] as const) {
      if (group !== undefined && !renditions.some((r) => r.type === type && r.groupId === group)) {
        throw new ManifestError('MANIFEST_INVALID_VALUE', `${type}="${group}" names a group with no #EXT-X-MEDIA`, `line ${v.loc.line}: #${v.loc.tag}`);
      }
    }
  }
  assignRedundantPathways(variants);
  const sets = [...videoSets(variants, renditions), ...renditionSets(variants, renditions)];
  if (sets.length === 0) throw new ManifestError('MANIFEST_NO_PLAYABLE_CONTENT', 'multivariant playlist has no playable variant');
  const period: Period = { id: 'main', start: 0, duration: null, switchingSets: sets, events: [] };
  const presentation: Presentation = {
    format: 'hls',
    type: 'vod',
    duration: null,
    periods: [period],
    pathways: collectPathways(sets),
    manifestUrl: url,
    minBufferTime: 2,
    maxSegmentDuration: 0,
    utcTiming: [],
    sessionKeys,
  };
  if (steering) presentation.contentSteering = steering;
  return presentation;
}

/** `"avc1.64001f, mp4a.40.2"` → `['avc1.64001f', 'mp4a.40.2']`. */
function splitCodecs(codecs: string | undefined): string[] {
  if (!codecs) return [];
  const out: string[] = [];
  for (const c of codecs.split(',')) {
    const t = c.trim();
    if (t) out.push(t);
  }
  return out;
}

/** Attributes that make two variant entries the same rendition (pathway / group names excluded). */
const IDENTITY_ATTRIBUTES = ['BANDWIDTH', 'AVERAGE-BANDWIDTH', 'RESOLUTION', 'CODECS', 'FRAME-RATE', 'VIDEO-RANGE', 'HDCP-LEVEL'];

function readVariant(a: AttributeReader, iframe: boolean): Variant {
  const bandwidth = a.requiredInteger('BANDWIDTH');
  if (bandwidth === 0) throw new ManifestError('MANIFEST_INVALID_VALUE', 'BANDWIDTH must be > 0', `line ${a.loc.line}: #${a.loc.tag} BANDWIDTH`);
  const stable = a.string('STABLE-VARIANT-ID');
  let key = iframe ? 'i' : 'v';
  if (stable !== undefined) key += `#${stable}`;
  else for (const name of IDENTITY_ATTRIBUTES) key += `|${a.attrs[name] ?? ''}`;
  const v: Variant = {
    loc: a.loc,
    bandwidth,
    codecs: splitCodecs(a.string('CODECS')),
    pathwayId: a.string('PATHWAY-ID') ?? '',
    iframe,
    uri: '',
    key,
  };
  const avg = a.integer('AVERAGE-BANDWIDTH');
  if (avg !== undefined) v.averageBandwidth = avg;
  const res = a.resolution('RESOLUTION');
  if (res) v.resolution = res;
  const fr = a.float('FRAME-RATE');
  if (fr !== undefined) {
    if (fr <= 0 || fr > 1000) throw new ManifestError('MANIFEST_INVALID_VALUE', `FRAME-RATE=${fr} is out of range`, `line ${a.loc.line}: #${a.loc.tag}`);
    v.frameRate = fr;
  }
  const range = a.enum('VIDEO-RANGE');
  if (range !== undefined) v.videoRange = range;
  const hdcp = a.enum('HDCP-LEVEL');
  if (hdcp !== undefined) v.hdcpLevel = hdcp;
  const audio = a.string('AUDIO');
  if (audio !== undefined) v.audioGroup = audio;
  const videoGroup = a.string('VIDEO');
  if (videoGroup !== undefined) v.videoGroup = videoGroup;
  const subs = a.string('SUBTITLES');
  if (subs !== undefined) v.subtitlesGroup = subs;
  // quoted-string group id, or the enumerated-string NONE (no captions in any variant).
  const cc = a.attrs['CLOSED-CAPTIONS'];
  if (cc !== undefined && cc !== 'NONE') {
    if (cc.charCodeAt(0) !== 34) throw new ManifestError('MANIFEST_INVALID_VALUE', 'CLOSED-CAPTIONS must be a quoted group id or NONE', `line ${a.loc.line}: #${a.loc.tag} CLOSED-CAPTIONS`);
    v.closedCaptionsGroup = cc.slice(1, -1);
  }
  if (stable !== undefined) v.stableId = stable;
  return v;
}

function readRendition(a: AttributeReader, url: string): Rendition {
  const type = a.enum('TYPE');
  if (type !== 'AUDIO' && type !== 'VIDEO' && type !== 'SUBTITLES' && type !== 'CLOSED-CAPTIONS') {
    throw new ManifestError(type === undefined ? 'MANIFEST_MISSING_ATTRIBUTE' : 'MANIFEST_INVALID_VALUE', `TYPE=${String(type).slice(0, 40)} must be AUDIO, VIDEO, SUBTITLES or CLOSED-CAPTIONS`, `line ${a.loc.line}: #EXT-X-MEDIA`);
  }
  const r: Rendition = {
    loc: a.loc,
    type,
    groupId: a.requiredString('GROUP-ID'),
    name: a.requiredString('NAME'),
    default: a.yesNo('DEFAULT') ?? false,
    autoselect: a.yesNo('AUTOSELECT') ?? false,
    forced: a.yesNo('FORCED') ?? false,
  };
  const uri = a.string('URI');
  if (uri !== undefined) {
    if (type === 'CLOSED-CAPTIONS') throw new ManifestError('MANIFEST_INVALID_VALUE', 'CLOSED-CAPTIONS renditions must not have a URI', `line ${a.loc.line}: #EXT-X-MEDIA`);
    r.uri = resolveUri(uri, url);
  } else if (type === 'SUBTITLES') {
    throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'SUBTITLES renditions require a URI', `line ${a.loc.line}: #EXT-X-MEDIA`);
  }
  const lang = a.string('LANGUAGE');
  if (lang !== undefined) r.language = lang;
  const channels = a.string('CHANNELS');
  if (channels !== undefined) {
    const n = parseInt(channels.split('/')[0]!, 10);
    if (!(n > 0 && n < 100)) throw new ManifestError('MANIFEST_INVALID_VALUE', `CHANNELS="${channels.slice(0, 20)}"`, `line ${a.loc.line}: #EXT-X-MEDIA`);
    r.channels = n;
  }
  const ch = a.string('CHARACTERISTICS');
  if (ch !== undefined) r.characteristics = ch;
  const stable = a.string('STABLE-RENDITION-ID');
  if (stable !== undefined) r.stableId = stable;
  if (type === 'CLOSED-CAPTIONS') {
    const instream = a.enum('INSTREAM-ID');
    if (instream === undefined || !/^(CC[1-4]|SERVICE([1-9]|[1-5][0-9]|6[0-3]))$/.test(instream)) {
      throw new ManifestError(instream === undefined ? 'MANIFEST_MISSING_ATTRIBUTE' : 'MANIFEST_INVALID_VALUE', 'CLOSED-CAPTIONS renditions need INSTREAM-ID CC1…CC4 or SERVICE1…SERVICE63', `line ${a.loc.line}: #EXT-X-MEDIA INSTREAM-ID`);
    }
    r.instreamId = instream;
  }
  return r;
}

function codecOfType(codecs: readonly string[], type: ContentType): string {
  const re = type === 'video' ? VIDEO_CODEC : type === 'audio' ? AUDIO_CODEC : TEXT_CODEC;
  return codecs.filter((c) => re.test(c)).join(',');
}

/** Codec family of the first codec: `avc1.64001f,mp4a.40.2` → `avc1`. */
function family(codecs: string): string {
  let end = codecs.length;
  const comma = codecs.indexOf(',');
  if (comma >= 0) end = comma;
  const dot = codecs.indexOf('.');
  if (dot >= 0 && dot < end) end = dot;
  return codecs.slice(0, end).trim();
}

function hdrOf(range: string | undefined): 'SDR' | 'PQ' | 'HLG' {
  return range === 'PQ' ? 'PQ' : range === 'HLG' ? 'HLG' : 'SDR';
}

function addBase(track: Track, url: string, pathwayId: string): void {
  if (!track.baseUrls.some((b) => b.url === url && b.pathwayId === pathwayId)) track.baseUrls.push({ url, pathwayId });
}

/**
 * CEA-608/708 captions carried inside the video (EXT-X-MEDIA TYPE=CLOSED-CAPTIONS):
 * one descriptor per channel, `value` = INSTREAM-ID, so the text engine can
 * offer them without a separate track.
 */
function captionDescriptors(renditions: readonly Rendition[], group: string): Descriptor[] {
  const out: Descriptor[] = [];
  for (const r of renditions) {
    if (r.type !== 'CLOSED-CAPTIONS' || r.groupId !== group || r.instreamId === undefined) continue;
    const attributes: Record<string, string> = { NAME: r.name };
    if (r.language !== undefined) attributes['LANGUAGE'] = r.language;
    if (r.default) attributes['DEFAULT'] = 'YES';
    out.push({ schemeIdUri: 'urn:hls:closed-captions', value: r.instreamId, attributes });
  }
  return out;
}

/** Apple's accessibility CHARACTERISTICS → DASH Role values (ISO/IEC 23009-1 Table 26). */
const ROLE_BY_CHARACTERISTIC: Readonly<Record<string, string>> = {
  'public.accessibility.transcribes-spoken-dialog': 'caption',
  'public.accessibility.describes-music-and-sound': 'caption',
  'public.accessibility.describes-video': 'description',
  'public.easy-to-read': 'easyreader',
};

function videoSets(variants: Variant[], renditions: Rendition[]): SwitchingSet[] {
  const tracks = new Map<string, Track>();
  const ids = new Set<string>();
  const muxedAudioGroups = new Set<string>();
  for (const r of renditions) if (r.type === 'AUDIO' && r.uri === undefined) muxedAudioGroups.add(r.groupId);
  for (const v of variants) {
    const key = v.key;
    const existing = tracks.get(key);
    if (existing) {
      addBase(existing, v.uri, v.pathwayId);
      continue;
    }
    const video = codecOfType(v.codecs, 'video');
    const audio = codecOfType(v.codecs, 'audio');
    // A variant with only audio codecs is an audio-only stream; no CODECS and no RESOLUTION: assume muxed A/V.
    const type: ContentType = !video && audio && !v.resolution ? 'audio' : 'video';
    let id = `${v.iframe ? 'iframe' : type}-${v.bandwidth}${v.resolution ? `-${v.resolution.height}p` : ''}`;
    for (let k = 2; ids.has(id); k++) id = `${v.iframe ? 'iframe' : type}-${v.bandwidth}${v.resolution ? `-${v.resolution.height}p` : ''}-${k}`;
    ids.add(id);
    const audioGroupMuxed = v.audioGroup !== undefined && muxedAudioGroups.has(v.audioGroup);
    const codecs = type === 'video' ? (v.audioGroup === undefined || audioGroupMuxed ? v.codecs.join(',') : video || v.codecs.join(',')) : audio;
    const track: Track = {
      id,
      type,
      bandwidth: v.bandwidth,
      codecs,
      mimeType: assumedMimeType(type, codecs ?? ''),
      roles: [],
      baseUrls: [{ url: v.uri, pathwayId: v.pathwayId }],
      contentProtection: [],
      segmentIndex: null,
      indexSource: { kind: 'hls-media-playlist', uri: '' },
      essentialProperties: [],
      supplementalProperties: v.hdcpLevel ? [{ schemeIdUri: 'urn:hls:hdcp-level', value: v.hdcpLevel }] : [],
    };
    if (v.stableId !== undefined) track.stableId = v.stableId;
    if (v.averageBandwidth !== undefined) track.averageBandwidth = v.averageBandwidth;
    if (v.resolution) {
      track.width = v.resolution.width;
      track.height = v.resolution.height;
    }
    if (v.frameRate !== undefined) track.frameRate = v.frameRate;
    if (type === 'video') track.hdr = hdrOf(v.videoRange);
    if (v.iframe) track.trickMode = true;
    if (type === 'video' && audio && (v.audioGroup === undefined || audioGroupMuxed)) track.muxedAudio = true;
    if (v.closedCaptionsGroup !== undefined) track.supplementalProperties.push(...captionDescriptors(renditions, v.closedCaptionsGroup));
    tracks.set(key, track);
  }
  const bySet = new Map<string, Track[]>();
  for (const t of tracks.values()) {
    const key = `${t.trickMode ? 'iframe' : t.type}|${family(t.codecs) || 'unknown'}`;
    const list = bySet.get(key) ?? [];
    list.push(t);
    bySet.set(key, list);
  }
  const sets: SwitchingSet[] = [];
  for (const [key, list] of bySet) {
    list.sort((a, b) => a.bandwidth - b.bandwidth);
    const [kind, fam] = key.split('|') as [string, string];
    sets.push({
      id: `${kind}:${fam}`,
      type: list[0]!.type,
      roles: kind === 'iframe' ? ['trick'] : ['main'],
      accessibility: [],
      codecFamily: fam === 'unknown' ? '' : fam,
      mimeType: list[0]!.mimeType,
      tracks: list,
      essentialProperties: [],
      supplementalProperties: [],
      isDefault: kind !== 'iframe',
    });
  }
  return sets;
}

/**
 * Audio / subtitle / alternate-video renditions with a URI become tracks.
 * Renditions are merged across pathways: a group belongs to the pathway of the
 * variants that reference it, and the n-th group of each pathway plays the
 * same role, so (n, type, name, language, channels) identifies a rendition.
 */
function renditionSets(variants: Variant[], renditions: Rendition[]): SwitchingSet[] {
  const groupPathway = new Map<string, string>();
  const groupCodecs = new Map<string, string>();
  const groupBandwidth = new Map<string, number>();
  for (const v of variants) {
    for (const [group, type] of [[v.audioGroup, 'audio'], [v.subtitlesGroup, 'text'], [v.videoGroup, 'video']] as const) {
      if (group === undefined) continue;
      if (type === 'video') {
        // Alternate video renditions carry the bandwidth of the variants that use them.
        const k = `video|${group}`;
        groupBandwidth.set(k, Math.min(groupBandwidth.get(k) ?? Infinity, v.bandwidth));
      }
      const key = `${type}|${group}`;
      const prev = groupPathway.get(key);
      groupPathway.set(key, prev === undefined || prev === v.pathwayId ? v.pathwayId : '');
      if (!groupCodecs.has(key)) groupCodecs.set(key, codecOfType(v.codecs, type));
    }
  }
  const groupOrdinal = new Map<string, number>();
  const perPathwayCount = new Map<string, number>();
  for (const r of renditions) {
    const type = r.type === 'AUDIO' ? 'audio' : r.type === 'SUBTITLES' ? 'text' : 'video';
    const key = `${type}|${r.groupId}`;
    if (groupOrdinal.has(key)) continue;
    const pathway = groupPathway.get(key) ?? '';
    const n = perPathwayCount.get(`${type}|${pathway}`) ?? 0;
    perPathwayCount.set(`${type}|${pathway}`, n + 1);
    groupOrdinal.set(key, n);
  }
  const tracks = new Map<string, { track: Track; r: Rendition; setKey: string }>();
  const ids = new Set<string>();
  for (const r of renditions) {
    if (!r.uri || r.type === 'CLOSED-CAPTIONS') continue;
    const type: ContentType = r.type === 'AUDIO' ? 'audio' : r.type === 'SUBTITLES' ? 'text' : 'video';
    const gkey = `${type}|${r.groupId}`;
    const pathway = groupPathway.get(gkey) ?? '';
    const identity = r.stableId !== undefined ? `${type}|${r.stableId}` : `${type}|${groupOrdinal.get(gkey)}|${r.name}|${r.language ?? ''}|${r.channels ?? ''}`;
    const existing = tracks.get(identity);
    if (existing) {
      addBase(existing.track, r.uri, pathway);
      continue;
    }
    let id = `${type}:${r.groupId}:${r.name}`;
    for (let k = 2; ids.has(id); k++) id = `${type}:${r.groupId}:${r.name}#${k}`;
    ids.add(id);
    const codecs = groupCodecs.get(gkey) ?? '';
    const roles: string[] = [];
    if (r.default) roles.push('main');
    if (r.forced) roles.push('forced-subtitle');
    for (const c of (r.characteristics ?? '').split(',')) {
      const role = ROLE_BY_CHARACTERISTIC[c.trim()];
      if (role && !roles.includes(role)) roles.push(role);
    }
    const track: Track = {
      id,
      type,
      // RFC 8216 gives renditions no BANDWIDTH; this nominal estimate (128 kb/s per stereo pair)
      // only orders audio tracks for ABR until measured sizes replace it.
      bandwidth: type === 'audio' ? 64_000 * Math.max(2, r.channels ?? 2) : type === 'text' ? 256 : (groupBandwidth.get(gkey) ?? 0),
      codecs,
      mimeType: assumedMimeType(type, codecs ?? ''),
      roles,
      baseUrls: [{ url: r.uri, pathwayId: pathway }],
      contentProtection: [],
      segmentIndex: null,
      indexSource: { kind: 'hls-media-playlist', uri: '' },
      essentialProperties: [],
      supplementalProperties: [],
      label: r.name,
    };
    if (r.stableId !== undefined) track.stableId = r.stableId;
    if (r.language) track.language = r.language;
    if (r.channels !== undefined) track.channels = r.channels;
    const setKey = `${type}|${r.language ?? r.name}|${r.channels ?? ''}|${family(codecs)}`;
    tracks.set(identity, { track, r, setKey });
  }
  const sets = new Map<string, SwitchingSet>();
  for (const { track, r, setKey } of tracks.values()) {
    let set = sets.get(setKey);
    if (!set) {
      const accessibility: Descriptor[] = (r.characteristics ?? '').split(',').filter(Boolean).map((value) => ({ schemeIdUri: 'urn:hls:characteristics', value }));
      set = {
        id: `${track.type}:${r.language ?? r.name}${r.channels ? `:${r.channels}ch` : ''}`,
        type: track.type,
        roles: [...track.roles],
        accessibility,
        codecFamily: family(track.codecs),
        mimeType: track.mimeType,
        tracks: [],
        essentialProperties: [],
        supplementalProperties: [],
        groupId: r.groupId,
        label: r.name,
      };
      if (r.language) set.language = r.language;
      if (r.default) set.isDefault = true;
      sets.set(setKey, set);
    }
    set.tracks.push(track);
  }
  return [...sets.values()];
}

function collectPathways(sets: SwitchingSet[]): BaseUrl[] {
  const seen = new Set<string>();
  const out: BaseUrl[] = [];
  for (const s of sets) for (const t of s.tracks) for (const b of t.baseUrls) {
    const key = `${b.pathwayId}\u0000${b.url}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(b);
    }
  }
  return out;
}

const MIME_BY_CONTAINER: Record<HlsMediaPlaylist['container'], Record<'video' | 'audio' | 'text', string>> = {
  fmp4: { video: 'video/mp4', audio: 'audio/mp4', text: 'application/mp4' },
  ts: { video: 'video/mp2t', audio: 'video/mp2t', text: 'video/mp2t' },
  aac: { video: 'audio/aac', audio: 'audio/aac', text: 'audio/aac' },
  ac3: { video: 'audio/ac3', audio: 'audio/ac3', text: 'audio/ac3' },
  mp3: { video: 'audio/mpeg', audio: 'audio/mpeg', text: 'audio/mpeg' },
  webvtt: { video: 'text/vtt', audio: 'text/vtt', text: 'text/vtt' },
  unknown: { video: 'video/mp2t', audio: 'audio/mp4', text: 'text/vtt' },
};

/**
 * Installs a loaded media playlist into its track: the segment index, the
 * container MIME type, DRM keys, and — for the presentation — live/VOD type
 * and duration. Used by the engine after fetching a variant's playlist.
 */
export function applyMediaPlaylist(presentation: Presentation, track: Track, playlist: HlsMediaPlaylist): void {
  track.segmentIndex = playlist.segmentIndex;
  track.indexSource = { kind: 'inline' };
  track.mimeType = MIME_BY_CONTAINER[playlist.container][track.type === 'image' ? 'video' : track.type];
  for (const k of playlist.keys) if (!track.contentProtection.some((c) => c.keyUri === k.keyUri && c.schemeIdUri === k.schemeIdUri)) track.contentProtection.push(k);
  // EXT-X-DATERANGE: every media playlist of a presentation repeats the same ranges (by ID).
  const period = presentation.periods[0];
  if (period) {
    for (const ev of playlist.events) if (!period.events.some((e) => e.id === ev.id && e.schemeIdUri === ev.schemeIdUri)) period.events.push(ev);
  }
  const live = !playlist.endList && playlist.playlistType !== 'VOD';
  presentation.type = live ? 'live' : 'vod';
  presentation.maxSegmentDuration = Math.max(presentation.maxSegmentDuration, playlist.targetDuration);
  if (live) {
    presentation.duration = null;
    presentation.minimumUpdatePeriod = playlist.targetDuration;
    if (playlist.serverControl) presentation.lowLatency = playlist.serverControl;
  } else {
    const end = playlist.segmentIndex.length ? playlist.segmentIndex.end : 0;
    presentation.duration = Math.max(presentation.duration ?? 0, end);
    for (const p of presentation.periods) p.duration = presentation.duration;
  }
}

function presentationFromMediaPlaylist(playlist: HlsMediaPlaylist, url: string): Presentation {
  const type: ContentType = playlist.container === 'webvtt' ? 'text' : playlist.container === 'aac' || playlist.container === 'ac3' || playlist.container === 'mp3' ? 'audio' : 'video';
  const track: Track = {
    id: type,
    type,
    // A lone media playlist has no BANDWIDTH. With byte ranges we can measure it; otherwise the
    // value is a nominal 1 Mb/s — harmless because ABR has no alternative to choose.
    bandwidth: estimateBandwidth(playlist) ?? 1_000_000,
    codecs: '',
    mimeType: 'video/mp4',
    roles: ['main'],
    baseUrls: [{ url, pathwayId: '' }],
    contentProtection: [],
    segmentIndex: null,
    indexSource: { kind: 'inline' },
    essentialProperties: [],
    supplementalProperties: [],
  };
  if (type === 'video' && playlist.container === 'ts') track.muxedAudio = true;
  if (playlist.iFramesOnly) track.trickMode = true;
  const set: SwitchingSet = {
    id: `${type}:main`,
    type,
    roles: ['main'],
    accessibility: [],
    codecFamily: '',
    mimeType: track.mimeType,
    tracks: [track],
    essentialProperties: [],
    supplementalProperties: [],
    isDefault: true,
  };
  const presentation: Presentation = {
    format: 'hls',
    type: 'vod',
    duration: null,
    periods: [{ id: 'main', start: 0, duration: null, switchingSets: [set], events: [] }],
    pathways: [{ url, pathwayId: '' }],
    manifestUrl: url,
    minBufferTime: 2,
    maxSegmentDuration: playlist.targetDuration,
    utcTiming: [],
    sessionKeys: [],
  };
  applyMediaPlaylist(presentation, track, playlist);
  set.mimeType = track.mimeType;
  return presentation;
}

function estimateBandwidth(p: HlsMediaPlaylist): number | undefined {
  let bytes = 0;
  let seconds = 0;
  for (const s of p.segments) {
    if (!s.byteRange || s.byteRange.end === null) return undefined;
    bytes += s.byteRange.end - s.byteRange.start + 1;
    seconds += s.end - s.start;
  }
  return seconds > 0 && bytes > 0 ? Math.round((bytes * 8) / seconds) : undefined;
}
