/**
 * DASH MPD parser (ISO/IEC 23009-1, DASH-IF IOP) → {@link Presentation}.
 *
 * One pass over a lightweight XML tree: periods and their timing first (period
 * ends bound SegmentTimeline `r=-1` and segment counts), then AdaptationSets →
 * switching sets, Representations → tracks with ranked base URLs and lazy
 * segment indexes. Everything malformed is a {@link ManifestError} naming the
 * element path; nothing is silently repaired.
 */
import { ManifestError } from '../errors/manifest-error.js';
import type {
  BaseUrl,
  ContentSteering,
  ContentType,
  Descriptor,
  Period,
  Presentation,
  SwitchingSet,
  TimelineEvent,
  Track,
  UtcTimingSource,
} from '../manifest/model.js';
import { resolveUri } from '../manifest/resolve.js';
import { localName, readXml, type XmlElement } from '../util/xml/xml-reader.js';
import { parseContentProtection } from './content-protection.js';
import { chainStartNumber, isSegmentEncryptionDescriptor, parseSegmentEncryption, SegmentEncryptionIndex } from './segment-encryption.js';
import {
  attrLocal,
  boolAttr,
  childNamed,
  childrenNamed,
  dateTimeAttr,
  durationAttr,
  frameRateAttr,
  intAttr,
  numberAttr,
} from './mpd-attributes.js';
import { buildSegmentInfo, clearSegmentInfoCaches, EMPTY_CHAIN, extendChain, type SegmentInfoChain } from './segment-info.js';

/** Options of {@link parseDashManifest}. */
export interface DashParseOptions {
  /** URL the MPD was fetched from; relative BaseURLs resolve against it. */
  manifestUrl: string;
  /** Wall-clock time (ms since epoch) used to compute the live window of dynamic MPDs. Defaults to `Date.now()`. */
  now?: number;
  /** Cap on segments per representation (hostile `r`/durations). Default 1,000,000. */
  maxSegmentsPerRepresentation?: number;
  /** Cap on MPD size in characters. Default 64 Mi. */
  maxLength?: number;
}

/** Scanned by the timeline expander itself rather than built as an element tree (speed). */
const RAW_ELEMENTS: ReadonlySet<string> = new Set(['SegmentTimeline']);

/** At most this many BaseURL combinations per element (hostile cross products). */
const MAX_BASE_URLS = 16;

const VIDEO_CODEC = /^(avc|hvc|hev|av01|vp0?[89]|dvh|dva|vvc|mp4v)/i;
const AUDIO_CODEC = /^(mp4a|ac-?3|ec-?3|ac-4|opus|flac|mha|dts|alac)/i;
const TEXT_CODEC = /^(stpp|wvtt|tx3g|c608|c708)/i;

/**
 * Parses an MPD.
 * @throws ManifestError on malformed or unplayable input (never another exception type).
 */
export function parseDashManifest(text: string, options: DashParseOptions): Presentation {
  try {
    return parseDashManifestUnsafe(text, options);
  } catch (e) {
    if (e instanceof ManifestError) throw e;
    // A bug or a pathological input we did not anticipate must still surface as the documented error type.
    throw new ManifestError('MANIFEST_INVALID_VALUE', `MPD could not be parsed: ${(e as Error)?.message ?? String(e)}`, undefined, { cause: e });
  } finally {
    clearSegmentInfoCaches();
  }
}

interface PeriodTiming {
  el: XmlElement;
  start: number;
  duration: number | null;
}

function parseDashManifestUnsafe(text: string, options: DashParseOptions): Presentation {
  if (typeof text !== 'string' || text.trim() === '') throw new ManifestError('MANIFEST_EMPTY', 'MPD is empty');
  const root = readXml(text, { ...(options.maxLength !== undefined ? { maxLength: options.maxLength } : {}), rawElements: RAW_ELEMENTS });
  if (localName(root.name) !== 'MPD') {
    throw new ManifestError('MANIFEST_WRONG_FORMAT', `root element is <${root.name}>, expected <MPD>`, 'root');
  }
  const W = 'MPD';
  const type = root.attributes.type ?? 'static';
  if (type !== 'static' && type !== 'dynamic') throw new ManifestError('MANIFEST_INVALID_VALUE', `@type="${type}"`, `${W}@type`);
  const dynamic = type === 'dynamic';
  const now = options.now ?? Date.now();
  const ast = dateTimeAttr(root, 'availabilityStartTime', W);
  if (dynamic && ast === undefined) {
    throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'dynamic MPD needs @availabilityStartTime', `${W}@availabilityStartTime`);
  }
  const mpdDuration = durationAttr(root, 'mediaPresentationDuration', W);
  const tsbd = durationAttr(root, 'timeShiftBufferDepth', W);
  const mup = durationAttr(root, 'minimumUpdatePeriod', W);
  const spd = durationAttr(root, 'suggestedPresentationDelay', W);
  const minBufferTime = durationAttr(root, 'minBufferTime', W) ?? 2;
  const maxSegDurationAttr = durationAttr(root, 'maxSegmentDuration', W);
  const publishTime = dateTimeAttr(root, 'publishTime', W);
  const maxSegments = options.maxSegmentsPerRepresentation ?? 1_000_000;

  const location = childNamed(root, 'Location')?.text.trim();
  const manifestUrl = location ? resolveUri(location, options.manifestUrl) : options.manifestUrl;
  const rootBases = resolveBaseUrls([{ url: options.manifestUrl, pathwayId: '' }], root, W);

  const periodsEl = childrenNamed(root, 'Period');
  if (periodsEl.length === 0) throw new ManifestError('MANIFEST_NO_PLAYABLE_CONTENT', 'MPD has no Period', W);
  const timings = periodTimings(periodsEl, mpdDuration, dynamic);
  const nowPt = ast === undefined ? 0 : (now - ast) / 1000;

  const usedIds = new Set<string>();
  let maxSegmentDuration = maxSegDurationAttr ?? 0;
  const periods: Period[] = [];
  timings.forEach((timing, pi) => {
    const pw = `${W}/Period[${pi}]`;
    const pEl = timing.el;
    const periodEnd = timing.duration === null ? null : timing.start + timing.duration;
    const periodBases = resolveBaseUrls(rootBases, pEl, pw);
    const periodChain = extendChain(EMPTY_CHAIN, pEl);
    const sets: SwitchingSet[] = [];
    childrenNamed(pEl, 'AdaptationSet').forEach((asEl, ai) => {
      const aw = `${pw}/AdaptationSet[${ai}]`;
      const set = parseAdaptationSet(asEl, aw, {
        periodIndex: pi,
        periodStart: timing.start,
        periodEnd,
        bases: periodBases,
        chain: periodChain,
        dynamic,
        nowPt,
        tsbd: tsbd ?? null,
        maxSegments,
        usedIds,
        periodId: pEl.attributes.id ?? String(pi),
        onSegmentDuration: (d) => {
          if (d > maxSegmentDuration && maxSegDurationAttr === undefined) maxSegmentDuration = d;
        },
      });
      if (set) sets.push(set);
    });
    let duration = timing.duration;
    if (duration === null && !dynamic) duration = inferDuration(sets, timing.start);
    periods.push({ id: pEl.attributes.id ?? `period-${pi}`, start: timing.start, duration, switchingSets: sets, events: parseEventStreams(pEl, timing.start, pw) });
  });
  if (!periods.some((p) => p.switchingSets.length)) {
    throw new ManifestError('MANIFEST_NO_PLAYABLE_CONTENT', 'no AdaptationSet with a recognised content type', W);
  }
  const last = periods[periods.length - 1]!;
  const totalDuration = dynamic ? null : (mpdDuration ?? (last.duration === null ? null : last.start + last.duration));

  const presentation: Presentation = {
    format: 'dash',
    type: dynamic ? 'live' : 'vod',
    duration: totalDuration,
    periods,
    pathways: collectPathways(periods),
    manifestUrl,
    minBufferTime,
    maxSegmentDuration,
    utcTiming: childrenNamed(root, 'UTCTiming').map((u): UtcTimingSource => ({ schemeIdUri: u.attributes.schemeIdUri ?? '', value: u.attributes.value ?? '' })),
    sessionKeys: [],
  };
  if (ast !== undefined) presentation.availabilityStartTime = ast;
  if (tsbd !== undefined) presentation.timeShiftBufferDepth = tsbd;
  if (mup !== undefined) presentation.minimumUpdatePeriod = mup;
  if (spd !== undefined) presentation.suggestedPresentationDelay = spd;
  if (publishTime !== undefined) presentation.publishTime = publishTime;
  const steering = parseContentSteering(root, options.manifestUrl);
  if (steering) presentation.contentSteering = steering;
  const latency = childNamed(childNamed(root, 'ServiceDescription'), 'Latency');
  const target = numberAttr(latency, 'target', `${W}/ServiceDescription/Latency`);
  if (target !== undefined) presentation.lowLatency = { targetLatency: target / 1000 };
  return presentation;
}

/** Period starts and durations (ISO/IEC 23009-1 §5.3.2.1: start from @start, else previous end). */
function periodTimings(periodsEl: XmlElement[], mpdDuration: number | undefined, dynamic: boolean): PeriodTiming[] {
  const out: PeriodTiming[] = [];
  for (let i = 0; i < periodsEl.length; i++) {
    const el = periodsEl[i]!;
    const w = `MPD/Period[${i}]`;
    let start = durationAttr(el, 'start', w);
    if (start === undefined) {
      const prev = out[i - 1];
      if (!prev) start = 0;
      else if (prev.duration !== null) start = prev.start + prev.duration;
      else throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'Period has no @start and the previous Period has no duration', `${w}@start`);
    }
    if (out.length && start < out[out.length - 1]!.start) {
      throw new ManifestError('MANIFEST_INVALID_VALUE', `Period@start ${start} s is before the previous period's start`, `${w}@start`);
    }
    const prev = out[out.length - 1];
    if (prev && prev.duration === null) prev.duration = start - prev.start;
    out.push({ el, start, duration: durationAttr(el, 'duration', w) ?? null });
  }
  const last = out[out.length - 1]!;
  if (last.duration === null && mpdDuration !== undefined && !dynamic) last.duration = Math.max(0, mpdDuration - last.start);
  if (last.duration === null && mpdDuration !== undefined && dynamic) last.duration = Math.max(0, mpdDuration - last.start);
  return out;
}

interface AdaptationContext {
  periodIndex: number;
  periodId: string;
  periodStart: number;
  periodEnd: number | null;
  bases: BaseUrl[];
  chain: SegmentInfoChain;
  dynamic: boolean;
  nowPt: number;
  tsbd: number | null;
  maxSegments: number;
  usedIds: Set<string>;
  onSegmentDuration(seconds: number): void;
}

function contentTypeOf(declared: string | undefined, mimeType: string, codecs: string): ContentType | null {
  if (declared === 'video' || declared === 'audio' || declared === 'text' || declared === 'image') return declared;
  const mime = mimeType.toLowerCase();
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('text/') || mime.includes('ttml')) return 'text';
  if (mime.startsWith('image/')) return 'image';
  const first = codecs.split(',')[0]!.trim();
  if (TEXT_CODEC.test(first)) return 'text';
  if (VIDEO_CODEC.test(first)) return 'video';
  if (AUDIO_CODEC.test(first)) return 'audio';
  return null;
}

function descriptors(el: XmlElement, name: string): Descriptor[] {
  return childrenNamed(el, name).map((d) => {
    const out: Descriptor = { schemeIdUri: d.attributes.schemeIdUri ?? '' };
    if (d.attributes.value !== undefined) out.value = d.attributes.value;
    if (d.attributes.id !== undefined) out.id = d.attributes.id;
    const rest: Record<string, string> = {};
    let any = false;
    for (const k in d.attributes) {
      if (k !== 'schemeIdUri' && k !== 'value' && k !== 'id') {
        rest[k] = d.attributes[k]!;
        any = true;
      }
    }
    if (any) out.attributes = rest;
    return out;
  });
}

function hdrOf(props: Descriptor[]): 'SDR' | 'PQ' | 'HLG' {
  for (const p of props) {
    if (p.schemeIdUri === 'urn:mpeg:mpegB:cicp:TransferCharacteristics') {
      if (p.value === '16') return 'PQ';
      if (p.value === '18') return 'HLG';
    }
  }
  return 'SDR';
}

function channelsOf(el: XmlElement | undefined): number | undefined {
  if (!el) return undefined;
  const scheme = el.attributes.schemeIdUri ?? '';
  const value = (el.attributes.value ?? '').trim();
  if (scheme.includes('23003:3')) {
    const n = Number(value);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  }
  if (scheme.startsWith('tag:dolby.com') && /^[0-9a-f]+$/i.test(value)) {
    // Dolby channel mask (ETSI TS 102 366 Table I.1.1 ordering): count set bits, pairs count twice.
    const mask = parseInt(value, 16);
    const pairs = [1, 3, 5, 6, 7, 8, 10, 11, 13];
    let n = 0;
    for (let bit = 0; bit < 16; bit++) {
      if (mask & (1 << (15 - bit))) n += pairs.includes(bit) ? 2 : 1;
    }
    return n || undefined;
  }
  if (scheme === 'urn:mpeg:mpegB:cicp:ChannelConfiguration') {
    const table = [0, 1, 2, 3, 4, 5, 6, 8, 2, 3, 4, 7, 8, 24, 8, 12, 10, 12, 14, 12, 14];
    const n = table[Number(value)];
    return n || undefined;
  }
  return undefined;
}

function parseAdaptationSet(asEl: XmlElement, aw: string, ctx: AdaptationContext): SwitchingSet | null {
  const a = asEl.attributes;
  const reps = childrenNamed(asEl, 'Representation');
  const asMime = a.mimeType ?? '';
  const asCodecs = a.codecs ?? '';
  const firstRep = reps[0]?.attributes;
  const type = contentTypeOf(a.contentType, asMime || firstRep?.mimeType || '', asCodecs || firstRep?.codecs || '');
  if (!type) return null; // unknown content (e.g. metadata) is not an error: the rest still plays
  const bases = resolveBaseUrls(ctx.bases, asEl, aw);
  const chain = extendChain(ctx.chain, asEl);
  const roles = childrenNamed(asEl, 'Role').map((r) => r.attributes.value ?? '').filter(Boolean);
  const essential = descriptors(asEl, 'EssentialProperty');
  const supplemental = descriptors(asEl, 'SupplementalProperty');
  const asCp = childrenNamed(asEl, 'ContentProtection');
  const label = childNamed(asEl, 'Label')?.text.trim();
  const language = a.lang;
  const trick = essential.some((d) => d.schemeIdUri === 'http://dashif.org/guidelines/trickmode');
  const asChannels = channelsOf(childNamed(asEl, 'AudioChannelConfiguration'));
  const tracks: Track[] = [];
  reps.forEach((rEl, ri) => {
    const rw = `${aw}/Representation[${ri}]`;
    const r = rEl.attributes;
    const repId = r.id;
    if (repId === undefined || repId === '') throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'Representation@id is required', `${rw}@id`);
    const bandwidth = intAttr(rEl, 'bandwidth', rw);
    if (bandwidth === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'Representation@bandwidth is required', `${rw}@bandwidth`);
    if (bandwidth === 0 && type !== 'text' && type !== 'image') {
      throw new ManifestError('MANIFEST_INVALID_VALUE', 'Representation@bandwidth must be > 0', `${rw}@bandwidth`);
    }
    const mimeType = r.mimeType ?? asMime;
    const codecs = r.codecs ?? asCodecs;
    const repEssential = descriptors(rEl, 'EssentialProperty');
    const repSupplemental = descriptors(rEl, 'SupplementalProperty');
    const repChain = extendChain(chain, rEl);
    const info = buildSegmentInfo(repChain, {
      representationId: repId,
      bandwidth,
      periodStart: ctx.periodStart,
      periodEnd: ctx.periodEnd,
      periodIndex: ctx.periodIndex,
      dynamic: ctx.dynamic,
      nowPresentationTime: ctx.nowPt,
      timeShiftBufferDepth: ctx.tsbd,
      maxSegments: ctx.maxSegments,
      where: rw,
      mimeType,
    });
    ctx.onSegmentDuration(info.maxSegmentDuration);
    let id = repId;
    if (ctx.usedIds.has(id)) id = `${ctx.periodId}/${repId}`;
    for (let k = 2; ctx.usedIds.has(id); k++) id = `${ctx.periodId}/${repId}#${k}`;
    ctx.usedIds.add(id);
    const cpEls = [...asCp, ...childrenNamed(rEl, 'ContentProtection')];
    const baseUrls = resolveBaseUrls(bases, rEl, rw);
    // DASH SEA (ISO/IEC 23009-4) is segment encryption, not DRM: keys go on the references, not to EME.
    const sea = parseSegmentEncryption(cpEls, { representationId: repId, bandwidth, startNumber: chainStartNumber(repChain, rw), baseUrl: baseUrls[0]?.url ?? '', where: rw });
    const track: Track = {
      id,
      type,
      bandwidth,
      codecs,
      mimeType,
      roles,
      baseUrls,
      contentProtection: parseContentProtection(cpEls.filter((el) => !isSegmentEncryptionDescriptor(el))),
      segmentIndex: sea && info.index ? new SegmentEncryptionIndex(info.index, sea) : info.index,
      indexSource: info.indexSource,
      essentialProperties: [...essential, ...repEssential],
      supplementalProperties: [...supplemental, ...repSupplemental],
    };
    const width = intAttr(rEl, 'width', rw) ?? intAttr(asEl, 'width', aw);
    const height = intAttr(rEl, 'height', rw) ?? intAttr(asEl, 'height', aw);
    const frameRate = frameRateAttr(rEl, rw) ?? frameRateAttr(asEl, aw);
    if (width !== undefined) track.width = width;
    if (height !== undefined) track.height = height;
    if (frameRate !== undefined) track.frameRate = frameRate;
    if (type === 'video') track.hdr = hdrOf([...track.essentialProperties, ...track.supplementalProperties]);
    const channels = channelsOf(childNamed(rEl, 'AudioChannelConfiguration')) ?? asChannels;
    if (channels !== undefined) track.channels = channels;
    const sr = r.audioSamplingRate ?? a.audioSamplingRate;
    if (sr !== undefined && Number.isFinite(Number(sr))) track.sampleRate = Number(sr);
    if (language) track.language = language;
    if (label) track.label = label;
    if (trick || repEssential.some((d) => d.schemeIdUri === 'http://dashif.org/guidelines/trickmode')) track.trickMode = true;
    tracks.push(track);
  });
  if (tracks.length === 0) return null;
  const set: SwitchingSet = {
    id: a.id ?? `${ctx.periodId}/as${tracks[0]!.id}`,
    type,
    roles,
    accessibility: descriptors(asEl, 'Accessibility'),
    codecFamily: (tracks[0]!.codecs.split(',')[0] ?? '').split('.')[0]!.trim(),
    mimeType: asMime || tracks[0]!.mimeType,
    tracks,
    essentialProperties: essential,
    supplementalProperties: supplemental,
  };
  if (language) set.language = language;
  if (label) set.label = label;
  if (roles.includes('main')) set.isDefault = true;
  return set;
}

/**
 * Resolves the BaseURL children of `el` against the inherited ranked list.
 * Several BaseURLs at one level are alternatives (pathways); a relative one is
 * resolved against each inherited base, keeping the inherited pathway id unless
 * it names its own `serviceLocation`.
 */
function resolveBaseUrls(inheritedBases: BaseUrl[], el: XmlElement, where: string): BaseUrl[] {
  const els = childrenNamed(el, 'BaseURL');
  if (els.length === 0) return inheritedBases;
  const out: BaseUrl[] = [];
  for (const b of els) {
    const text = b.text.trim();
    const sl = b.attributes.serviceLocation;
    const priority = numberAttr(b, 'dvb:priority', where);
    const weight = numberAttr(b, 'dvb:weight', where);
    for (const parent of inheritedBases) {
      const entry: BaseUrl = { url: resolveUri(text, parent.url), pathwayId: sl ?? parent.pathwayId };
      if (priority !== undefined) entry.priority = priority;
      if (weight !== undefined) entry.weight = weight;
      if (!out.some((o) => o.url === entry.url && o.pathwayId === entry.pathwayId)) out.push(entry);
      if (out.length >= MAX_BASE_URLS) return out;
      if (/^[a-z][a-z0-9+.-]*:/i.test(text)) break; // absolute: one entry, not one per parent
    }
  }
  return out;
}

function collectPathways(periods: Period[]): BaseUrl[] {
  const out: BaseUrl[] = [];
  const seen = new Set<string>();
  for (const p of periods) {
    for (const s of p.switchingSets) {
      for (const t of s.tracks) {
        for (const b of t.baseUrls) {
          const key = `${b.pathwayId}\u0000${b.url}`;
          if (!seen.has(key)) {
            seen.add(key);
            out.push(b);
          }
        }
      }
    }
  }
  return out;
}

function parseContentSteering(root: XmlElement, manifestUrl: string): ContentSteering | undefined {
  const el = childNamed(root, 'ContentSteering');
  const uri = el?.text.trim();
  if (!el || !uri) return undefined;
  const out: ContentSteering = {
    serverUri: resolveUri(uri, manifestUrl),
    queryBeforeStart: boolAttr(el, 'queryBeforeStart') ?? false,
  };
  if (el.attributes.defaultServiceLocation) out.defaultPathwayId = el.attributes.defaultServiceLocation;
  if (el.attributes.proxyServerURL) out.proxyServerUri = el.attributes.proxyServerURL;
  return out;
}

function parseEventStreams(periodEl: XmlElement, periodStart: number, pw: string): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  childrenNamed(periodEl, 'EventStream').forEach((es, i) => {
    const w = `${pw}/EventStream[${i}]`;
    const timescale = intAttr(es, 'timescale', w) || 1;
    const pto = intAttr(es, 'presentationTimeOffset', w) ?? 0;
    childrenNamed(es, 'Event').forEach((ev, k) => {
      const ew = `${w}/Event[${k}]`;
      const pt = numberAttr(ev, 'presentationTime', ew) ?? 0;
      const event: TimelineEvent = { schemeIdUri: es.attributes.schemeIdUri ?? '', start: periodStart + (pt - pto) / timescale };
      if (es.attributes.value !== undefined) event.value = es.attributes.value;
      if (ev.attributes.id !== undefined) event.id = ev.attributes.id;
      const d = numberAttr(ev, 'duration', ew);
      if (d !== undefined) event.duration = d / timescale;
      const data = attrLocal(ev, 'messageData') ?? (ev.text.trim() || undefined);
      if (data !== undefined) event.messageData = data;
      out.push(event);
    });
  });
  return out;
}

/** Static MPD without any duration: the period lasts as long as its longest track. */
function inferDuration(sets: SwitchingSet[], start: number): number | null {
  let end = -Infinity;
  for (const s of sets) for (const t of s.tracks) if (t.segmentIndex && t.segmentIndex.length) end = Math.max(end, t.segmentIndex.end);
  return Number.isFinite(end) ? end - start : null;
}
