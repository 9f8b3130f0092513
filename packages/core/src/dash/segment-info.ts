/**
 * Segment addressing for one Representation: SegmentTemplate (number or
 * timeline based), SegmentList, SegmentBase (sidx) or a single self-contained
 * file, with the multi-level inheritance of ISO/IEC 23009-1 §5.3.9.1 (Period →
 * AdaptationSet → Representation; the most specific level wins per attribute,
 * the nearest SegmentTimeline / Initialization element wins per child).
 */
import { ManifestError } from '../errors/manifest-error.js';
import type { ByteRange, IndexSource, InitSegmentReference, SegmentReference } from '../manifest/model.js';
import { ListSegmentIndex, type SegmentIndex } from '../manifest/segment-index.js';
import type { XmlElement } from '../util/xml/xml-reader.js';
import { childNamed, childrenNamed, intAttr, signedIntAttr } from './mpd-attributes.js';
import { expandSegmentTimeline, type ExpandedTimeline } from './segment-timeline.js';
import { TemplateSegmentIndex, type TemplateTiming } from './template-segment-index.js';
import { compileTemplate, expandTemplate, type CompiledTemplate } from './template.js';

/** The SegmentBase/List/Template elements found at each level, least specific first. */
export interface SegmentInfoChain {
  base: XmlElement[];
  list: XmlElement[];
  template: XmlElement[];
}

/** Extends a chain with the segment elements of `el` (one level deeper). */
export function extendChain(chain: SegmentInfoChain, el: XmlElement): SegmentInfoChain {
  const base = childNamed(el, 'SegmentBase');
  const list = childNamed(el, 'SegmentList');
  const template = childNamed(el, 'SegmentTemplate');
  if (!base && !list && !template) return chain;
  return {
    base: base ? [...chain.base, base] : chain.base,
    list: list ? [...chain.list, list] : chain.list,
    template: template ? [...chain.template, template] : chain.template,
  };
}

export const EMPTY_CHAIN: SegmentInfoChain = { base: [], list: [], template: [] };

/** Context of the representation whose index is being built. */
export interface SegmentInfoContext {
  representationId: string;
  bandwidth: number;
  periodStart: number;
  periodEnd: number | null;
  periodIndex: number;
  dynamic: boolean;
  /** Live: presentation time "now" (seconds since availabilityStartTime). */
  nowPresentationTime: number;
  timeShiftBufferDepth: number | null;
  maxSegments: number;
  where: string;
  /** The representation's mimeType: `video/webm`/`audio/webm` SegmentBase is indexed by Cues, not sidx. */
  mimeType?: string;
}

/** What a representation's addressing resolved to. */
export interface SegmentInfo {
  index: SegmentIndex | null;
  indexSource: IndexSource;
  /** Longest segment duration seen, seconds (for Presentation.maxSegmentDuration). */
  maxSegmentDuration: number;
}

/** Most specific value of attribute `name` along `levels`. */
function inherited(levels: readonly XmlElement[], name: string): { el: XmlElement; value: string } | undefined {
  for (let i = levels.length - 1; i >= 0; i--) {
    const v = levels[i]!.attributes[name];
    if (v !== undefined) return { el: levels[i]!, value: v };
  }
  return undefined;
}

function inheritedInt(levels: readonly XmlElement[], name: string, where: string, max?: number): number | undefined {
  const hit = inherited(levels, name);
  return hit ? intAttr(hit.el, name, where, max) : undefined;
}

function inheritedPto(levels: readonly XmlElement[], where: string): number {
  const hit = inherited(levels, 'presentationTimeOffset');
  return hit ? signedIntAttr(hit.el, 'presentationTimeOffset', where)! : 0;
}

function inheritedChild(levels: readonly XmlElement[], name: string): XmlElement | undefined {
  for (let i = levels.length - 1; i >= 0; i--) {
    const c = childNamed(levels[i], name);
    if (c) return c;
  }
  return undefined;
}

/** Parses `a-b` byte ranges (`@indexRange`, `@range`, `@mediaRange`). */
export function parseByteRange(raw: string | undefined, where: string): ByteRange | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+)-(\d+)?\s*$/.exec(raw);
  if (!m) throw new ManifestError('MANIFEST_INVALID_VALUE', `byte range "${raw}" is not of the form a-b`, where);
  const start = Number(m[1]);
  const end = m[2] === undefined ? null : Number(m[2]);
  if (end !== null && end < start) throw new ManifestError('MANIFEST_INVALID_VALUE', `byte range "${raw}" ends before it starts`, where);
  return { start, end };
}

function compile(template: string, where: string): CompiledTemplate {
  let t = templateCache.get(template);
  if (t === undefined) templateCache.set(template, (t = compileTemplate(template)));
  if (typeof t === 'string') throw new ManifestError('MANIFEST_INVALID_VALUE', t, where);
  return t;
}

function initFromElement(init: XmlElement | undefined, ctx: SegmentInfoContext, where: string): InitSegmentReference | null {
  if (!init) return null;
  const range = parseByteRange(init.attributes.range, `${where}/Initialization@range`);
  const uri = init.attributes.sourceURL ?? '';
  const ref: InitSegmentReference = { uri: uri.includes('$') ? expandTemplate(compile(uri, where), { RepresentationID: ctx.representationId, Bandwidth: ctx.bandwidth }) : uri };
  if (range) ref.byteRange = range;
  return ref;
}

/**
 * Timelines are shared: by every representation of an AdaptationSet (same
 * element) and often by several AdaptationSets (same text, e.g. audio and
 * video with aligned segments). Keyed by the raw markup, so each distinct
 * timeline is expanded once per parse. {@link clearSegmentInfoCaches} empties it.
 */
const timelineCache = new Map<string, Map<string, ExpandedTimeline>>();
const templateCache = new Map<string, CompiledTemplate | string>();

/** Drops the per-parse caches (called when a parse ends, so nothing outlives it). */
export function clearSegmentInfoCaches(): void {
  timelineCache.clear();
  templateCache.clear();
  resolvedTemplates.clear();
}

function expandShared(el: XmlElement, endTime: number | null, maxSegments: number, where: string): ExpandedTimeline {
  const key = `${endTime}|${maxSegments}`;
  const raw = el.raw ?? '';
  let byKey = timelineCache.get(raw);
  const hit = byKey?.get(key);
  if (hit) return hit;
  const expanded = expandSegmentTimeline(el, { endTime, maxSegments, where: `${where}/SegmentTimeline` });
  if (!byKey) timelineCache.set(raw, (byKey = new Map()));
  byKey.set(key, expanded);
  return expanded;
}

/**
 * Builds the segment addressing of one representation from its inherited
 * segment elements. A RepresentationIndex matters only to SegmentBase (where
 * it is the only way to find the segments); under SegmentTemplate or
 * SegmentList every media segment is addressed already and the index would
 * only add sub-segment byte ranges, so it is not fetched there.
 * @throws ManifestError naming the element when addressing is inconsistent.
 */
export function buildSegmentInfo(chain: SegmentInfoChain, ctx: SegmentInfoContext): SegmentInfo {
  if (chain.template.length) return buildTemplate(chain.template, ctx);
  if (chain.list.length) return buildList(chain.list, ctx);
  if (chain.base.length) return buildBase(chain.base, ctx);
  // No addressing at all: the BaseURL is one self-contained resource (e.g. a sidecar WebVTT file).
  const end = ctx.periodEnd;
  if (end === null) {
    throw new ManifestError('MANIFEST_NO_PLAYABLE_CONTENT', 'representation has no segment information and the period has no known end', ctx.where);
  }
  const ref: SegmentReference = { start: ctx.periodStart, end, uri: '', init: null, timestampOffset: ctx.periodStart, sequence: 1, discontinuity: ctx.periodIndex };
  return { index: new ListSegmentIndex([ref]), indexSource: { kind: 'inline' }, maxSegmentDuration: end - ctx.periodStart };
}

function timescaleOf(levels: readonly XmlElement[], where: string): number {
  const ts = inheritedInt(levels, 'timescale', where, 2 ** 32) ?? 1;
  if (ts === 0) throw new ManifestError('MANIFEST_INVALID_VALUE', '@timescale must be > 0', `${where}@timescale`);
  return ts;
}

/** The representation-independent part of a SegmentTemplate, shared by an AdaptationSet's representations. */
interface ResolvedTemplate {
  media: CompiledTemplate;
  /** Compiled @initialization, or the Initialization element, or nothing. */
  initTemplate: CompiledTemplate | null;
  initElement: XmlElement | undefined;
  timescale: number;
  pto: number;
  startNumber: number;
  /** Timing without representation specifics; `single` = one segment for the whole period. */
  timing: TemplateTiming | { kind: 'single' };
  maxSegmentDuration: number;
}

// Keyed by the most specific SegmentTemplate element + the period bounds it was resolved for.
const resolvedTemplates = new Map<XmlElement, { key: string; value: ResolvedTemplate }>();

function buildTemplate(levels: readonly XmlElement[], ctx: SegmentInfoContext): SegmentInfo {
  const owner = levels[levels.length - 1]!;
  const key = `${levels.length}|${ctx.periodStart}|${ctx.periodEnd}|${ctx.periodIndex}`;
  let resolved = resolvedTemplates.get(owner);
  if (!resolved || resolved.key !== key) {
    resolved = { key, value: resolveTemplate(levels, ctx) };
    resolvedTemplates.set(owner, resolved);
  }
  return instantiateTemplate(resolved.value, ctx);
}

function resolveTemplate(levels: readonly XmlElement[], ctx: SegmentInfoContext): ResolvedTemplate {
  const where = `${ctx.where}/SegmentTemplate`;
  const timescale = timescaleOf(levels, where);
  const pto = inheritedPto(levels, where);
  const startNumber = inheritedInt(levels, 'startNumber', where) ?? 1;
  const endNumber = inheritedInt(levels, 'endNumber', where);
  const mediaRaw = inherited(levels, 'media')?.value;
  if (mediaRaw === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'SegmentTemplate@media is required', `${where}@media`);
  const media = compile(mediaRaw, `${where}@media`);
  const initRaw = inherited(levels, 'initialization')?.value;
  let initTemplate: CompiledTemplate | null = null;
  let initElement: XmlElement | undefined;
  if (initRaw !== undefined) {
    initTemplate = compile(initRaw, `${where}@initialization`);
    if (initTemplate.usesNumber || initTemplate.usesTime) throw new ManifestError('MANIFEST_INVALID_VALUE', '@initialization may not use $Number$ or $Time$', `${where}@initialization`);
  } else {
    initElement = inheritedChild(levels, 'Initialization');
  }
  const common = { media, initTemplate, initElement, timescale, pto, startNumber };
  const timelineEl = inheritedChild(levels, 'SegmentTimeline');
  const periodEndMedia = ctx.periodEnd === null ? null : (ctx.periodEnd - ctx.periodStart) * timescale + pto;
  if (timelineEl) {
    const liveEdge = ctx.dynamic ? (ctx.nowPresentationTime - ctx.periodStart) * timescale + pto : null;
    const timeline = expandShared(timelineEl, periodEndMedia ?? liveEdge, ctx.maxSegments, where);
    let count = timeline.length;
    if (endNumber !== undefined) count = Math.max(0, Math.min(count, endNumber - startNumber + 1));
    let maxD = 0;
    for (let i = 0; i < count; i++) if (timeline.durations[i]! > maxD) maxD = timeline.durations[i]!;
    return { ...common, timing: { kind: 'timeline', timeline, firstNumber: startNumber, offset: 0, count }, maxSegmentDuration: maxD / timescale };
  }
  const duration = inheritedInt(levels, 'duration', where);
  if (duration === undefined) {
    if (!media.usesNumber && !media.usesTime && ctx.periodEnd !== null) {
      // A template with neither: one segment for the whole period.
      return { ...common, timing: { kind: 'single' }, maxSegmentDuration: ctx.periodEnd - ctx.periodStart };
    }
    throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'SegmentTemplate needs @duration or a SegmentTimeline', where);
  }
  if (duration === 0) throw new ManifestError('MANIFEST_INVALID_VALUE', 'SegmentTemplate@duration must be > 0', `${where}@duration`);
  if (media.usesTime) throw new ManifestError('MANIFEST_INVALID_VALUE', '$Time$ requires a SegmentTimeline', `${where}@media`);
  const segSeconds = duration / timescale;
  let first = 0;
  let last: number; // exclusive, relative to startNumber
  if (ctx.dynamic) {
    // Live (ISO/IEC 23009-1 §5.3.9.5.3): segments fully available now, within the time-shift buffer.
    const elapsed = ctx.nowPresentationTime - ctx.periodStart;
    last = Math.max(0, Math.floor(elapsed / segSeconds + 1e-9));
    if (ctx.periodEnd !== null) last = Math.min(last, Math.ceil((ctx.periodEnd - ctx.periodStart) / segSeconds - 1e-9));
    if (ctx.timeShiftBufferDepth !== null) first = Math.max(0, Math.floor((elapsed - ctx.timeShiftBufferDepth) / segSeconds));
  } else {
    if (ctx.periodEnd === null) {
      throw new ManifestError('MANIFEST_NO_PLAYABLE_CONTENT', 'static MPD period has no known duration, so the segment count is unknown', where);
    }
    last = Math.ceil((ctx.periodEnd - ctx.periodStart) / segSeconds - 1e-9);
  }
  if (endNumber !== undefined) last = Math.min(last, endNumber - startNumber + 1);
  const count = Math.max(0, last - first);
  if (count > ctx.maxSegments) {
    throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `SegmentTemplate yields ${count} segments, limit is ${ctx.maxSegments}`, where);
  }
  return { ...common, timing: { kind: 'duration', duration, firstNumber: startNumber + first, startNumber, count }, maxSegmentDuration: segSeconds };
}

function instantiateTemplate(t: ResolvedTemplate, ctx: SegmentInfoContext): SegmentInfo {
  const ids = { RepresentationID: ctx.representationId, Bandwidth: ctx.bandwidth };
  const init: InitSegmentReference | null = t.initTemplate ? { uri: expandTemplate(t.initTemplate, ids) } : initFromElement(t.initElement, ctx, ctx.where);
  if (t.timing.kind === 'single') {
    const ref: SegmentReference = {
      start: ctx.periodStart,
      end: ctx.periodEnd!,
      uri: expandTemplate(t.media, ids),
      init,
      timestampOffset: ctx.periodStart - t.pto / t.timescale,
      sequence: t.startNumber,
      discontinuity: ctx.periodIndex,
    };
    return { index: new ListSegmentIndex([ref]), indexSource: { kind: 'inline' }, maxSegmentDuration: t.maxSegmentDuration };
  }
  const index = new TemplateSegmentIndex({
    media: t.media,
    representationId: ctx.representationId,
    bandwidth: ctx.bandwidth,
    timescale: t.timescale,
    presentationTimeOffset: t.pto,
    periodStart: ctx.periodStart,
    periodEnd: ctx.periodEnd,
    init,
    periodIndex: ctx.periodIndex,
    timing: t.timing,
  });
  return { index, indexSource: { kind: 'inline' }, maxSegmentDuration: t.maxSegmentDuration };
}

/**
 * A segment starting within this of the period end starts at it (timescale
 * rounding: 1 µs is below any timescale's tick that matters, 90 kHz ≈ 11 µs).
 */
const PERIOD_EDGE_EPSILON_S = 1e-6;

function buildList(levels: readonly XmlElement[], ctx: SegmentInfoContext): SegmentInfo {
  const where = `${ctx.where}/SegmentList`;
  const timescale = timescaleOf(levels, where);
  const pto = inheritedPto(levels, where);
  const startNumber = inheritedInt(levels, 'startNumber', where) ?? 1;
  const duration = inheritedInt(levels, 'duration', where);
  const init = initFromElement(inheritedChild(levels, 'Initialization'), ctx, where);
  // SegmentURLs are not inherited as a merge: the most specific list that has them wins.
  let urls: XmlElement[] = [];
  for (let i = levels.length - 1; i >= 0 && urls.length === 0; i--) urls = childrenNamed(levels[i]!, 'SegmentURL');
  if (urls.length > ctx.maxSegments) throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `SegmentList has ${urls.length} segments`, where);
  const timelineEl = inheritedChild(levels, 'SegmentTimeline');
  const periodEndMedia = ctx.periodEnd === null ? null : (ctx.periodEnd - ctx.periodStart) * timescale + pto;
  const timeline = timelineEl ? expandShared(timelineEl, periodEndMedia, ctx.maxSegments, where) : null;
  if (!timeline && (duration === undefined || duration === 0)) {
    if (urls.length !== 1) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'SegmentList needs @duration or a SegmentTimeline', where);
  }
  const offset = ctx.periodStart - pto / timescale;
  const refs: SegmentReference[] = [];
  let maxD = 0;
  for (let i = 0; i < urls.length; i++) {
    const u = urls[i]!;
    let startMedia: number;
    let d: number;
    if (timeline) {
      if (i >= timeline.length) break;
      startMedia = timeline.starts[i]!;
      d = timeline.durations[i]!;
    } else if (duration) {
      startMedia = pto + i * duration;
      d = duration;
    } else {
      startMedia = pto;
      d = ((ctx.periodEnd ?? ctx.periodStart) - ctx.periodStart) * timescale;
    }
    const start = offset + startMedia / timescale;
    // Clip to the period like the SegmentTemplate path: SegmentURLs past the period end
    // (lists written for a longer encode) belong to no period, and the last kept segment
    // ends with the period.
    if (ctx.periodEnd !== null && start >= ctx.periodEnd - PERIOD_EDGE_EPSILON_S) break;
    let end = offset + (startMedia + d) / timescale;
    if (ctx.periodEnd !== null && end > ctx.periodEnd) end = ctx.periodEnd;
    maxD = Math.max(maxD, d / timescale);
    const ref: SegmentReference = {
      start,
      end,
      uri: u.attributes.media ?? '',
      init,
      timestampOffset: offset,
      sequence: startNumber + i,
      discontinuity: ctx.periodIndex,
    };
    const range = parseByteRange(u.attributes.mediaRange, `${where}/SegmentURL[${i}]@mediaRange`);
    if (range) ref.byteRange = range;
    refs.push(ref);
  }
  return { index: new ListSegmentIndex(refs), indexSource: { kind: 'inline' }, maxSegmentDuration: maxD };
}

function buildBase(levels: readonly XmlElement[], ctx: SegmentInfoContext): SegmentInfo {
  const where = `${ctx.where}/SegmentBase`;
  const timescale = timescaleOf(levels, where);
  const pto = inheritedPto(levels, where);
  const init = initFromElement(inheritedChild(levels, 'Initialization'), ctx, where);
  const indexRange = parseByteRange(inherited(levels, 'indexRange')?.value, `${where}@indexRange`);
  const timestampOffset = ctx.periodStart - pto / timescale;
  // RepresentationIndex (§5.3.9.2): the index as its own resource (sourceURL) and/or range.
  // Without it and without @indexRange the whole file is one segment (below).
  const repIndex = initFromElement(inheritedChild(levels, 'RepresentationIndex'), ctx, `${where}/RepresentationIndex`);
  const webm = /^(video|audio)\/webm\b/i.test(ctx.mimeType ?? '');
  const common = { kind: 'sidx' as const, uri: '', init, timescaleHint: timescale, timestampOffset, periodStart: ctx.periodStart, periodEnd: ctx.periodEnd, ...(webm ? { container: 'webm' as const } : {}) };
  if (repIndex?.uri) {
    const range = repIndex.byteRange ?? indexRange ?? { start: 0, end: null };
    return { index: null, indexSource: { ...common, indexRange: range, indexUri: repIndex.uri }, maxSegmentDuration: 0 };
  }
  const range = indexRange ?? repIndex?.byteRange;
  if (range) return { index: null, indexSource: { ...common, indexRange: range }, maxSegmentDuration: 0 };
  // No index: the whole file is one self-initialising segment (byte range 0- says "the entire resource").
  const end = ctx.periodEnd;
  if (end === null) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'SegmentBase without @indexRange in a period of unknown length', where);
  const ref: SegmentReference = { start: ctx.periodStart, end, uri: '', byteRange: { start: 0, end: null }, init, timestampOffset, sequence: 1, discontinuity: ctx.periodIndex };
  return { index: new ListSegmentIndex([ref]), indexSource: { kind: 'inline' }, maxSegmentDuration: end - ctx.periodStart };
}
