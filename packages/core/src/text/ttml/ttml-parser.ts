/**
 * TTML / IMSC / EBU-TT-D → cues. Timing follows TTML's `par` semantics: an
 * element's `begin`/`end` are relative to its parent's begin, `dur` to its own
 * begin, and nothing outlives its parent. A paragraph whose spans have their
 * own times becomes one cue per interval in which its visible text is
 * constant (e.g. roll-up words), so a VTTCue renderer shows the right words.
 */
import type { XmlElement } from '../../util/xml/xml-reader.js';
import type { TextCue, TextCueImage, TextCueRegion, TextCueSpan, TextCueStyle } from '../../platform/text-renderer.js';
import { readTtmlDocument, ttmlError, type TtmlDocument } from './ttml-document.js';
import { vttSettingsOf } from './ttml-layout.js';
import { SMPTE_NS, TTML_NS, xmlId } from './ttml-names.js';
import { cueStyleOf, type TtmlStyleProps } from './ttml-style.js';
import { parseTimeExpression } from './ttml-time.js';

/** Options of {@link parseTtml}. */
export interface TtmlParseOptions {
  /** Seconds added to every document time (segment timestampOffset / period start). */
  offset?: number;
  /** Only this document-time interval is kept (an MP4 sample's span); cues are clipped to it. */
  window?: { start: number; end: number };
  /** Where the text came from, for error messages. */
  source?: string;
  /** Resolves an image reference (`smpte:backgroundImage="img.png"`) against the document's URL. */
  resolveUri?: (reference: string) => string;
}

/** Timed text pieces of one paragraph before they are cut into cues; bounded (see {@link MAX_FRAGMENTS_PER_P}). */
interface Fragment {
  text: string;
  begin: number;
  end: number;
  props: TtmlStyleProps;
}

/** A fragment with its renderer style resolved once (not once per interval it shows in). */
interface StyledFragment extends Fragment {
  style: TextCueStyle;
  styleKey: string;
}

/** Inherited context of the body walk. */
interface Context {
  begin: number;
  end: number;
  props: TtmlStyleProps;
  region: string | undefined;
  preserve: boolean;
}

/** Text runs per paragraph: real subtitles have a handful; word-timed roll-up captions a few dozen. */
const MAX_FRAGMENTS_PER_P = 512;

/**
 * Cutting paragraphs into cues costs Σ (change points × runs) over the
 * document, and the cues' span lists grow with it: a hostile document of
 * 100 paragraphs × 256 differently timed spans took 39 s and 700 of them
 * exhausted a 4 GB heap before this budget. Real documents need far less: a
 * 2400-cue sidecar uses ~12 k steps, an hour of word-timed roll-up captions
 * (900 paragraphs × 20 timed words: 40 change points × 21 runs) ~0.8 M;
 * beyond 2 M the document is refused (measured: ~1 s for the hostile case
 * above on a loaded 2-core machine, instead of 39 s or an OOM).
 */
const MAX_CUT_WORK = 2_000_000;

/**
 * Parses a TTML document into cues in presentation time.
 * @throws EdgeplayError TEXT_INVALID (recoverable) when the document is malformed or exceeds the limits.
 */
export function parseTtml(xml: string, options: TtmlParseOptions = {}): TextCue[] {
  const source = options.source ?? 'TTML';
  const doc = readTtmlDocument(xml, source);
  if (!doc.body) return [];
  const out: TextCue[] = [];
  const window = options.window ?? { start: -Infinity, end: Infinity };
  const walker = new BodyWalker(doc, source, window, options.offset ?? 0, options.resolveUri, out);
  walker.walk(doc.body, { begin: 0, end: Infinity, props: {}, region: undefined, preserve: false });
  return out;
}

class BodyWalker {
  constructor(
    private readonly doc: TtmlDocument,
    private readonly source: string,
    private readonly window: { start: number; end: number },
    private readonly offset: number,
    private readonly resolveUri: ((reference: string) => string) | undefined,
    private readonly out: TextCue[],
  ) {}

  /** Steps spent cutting paragraphs into cues, against {@link MAX_CUT_WORK}. */
  private work = 0;

  /** Active interval of `el` inside its parent's. */
  private interval(el: XmlElement, parent: Context): { begin: number; end: number } {
    const time = (name: string) => {
      const v = el.attributes[name];
      return v === undefined ? null : parseTimeExpression(v, this.doc.timing);
    };
    const b = time('begin');
    const e = time('end');
    const d = time('dur');
    const begin = parent.begin + (b ?? 0);
    let end = e !== null ? parent.begin + e : Infinity;
    if (d !== null) end = Math.min(end, begin + d);
    if (e === null && d === null) end = parent.end;
    return { begin, end: Math.min(end, parent.end) };
  }

  private context(el: XmlElement, parent: Context): Context {
    const { begin, end } = this.interval(el, parent);
    const space = el.attributes['xml:space'];
    return {
      begin,
      end,
      props: this.doc.styles.compute(el, parent.props),
      region: el.attributes.region ?? parent.region,
      preserve: space === 'preserve' ? true : space === 'default' ? false : parent.preserve,
    };
  }

  walk(el: XmlElement, parent: Context): void {
    const ctx = this.context(el, parent);
    if (!(ctx.end > ctx.begin)) return;
    const { names } = this.doc;
    const image = names.attr(el, SMPTE_NS, 'backgroundImage');
    if (image) this.imageCue(el, ctx, image);
    for (const child of el.children) {
      if (names.is(child, TTML_NS, 'div')) this.walk(child, ctx);
      else if (names.is(child, TTML_NS, 'p')) this.paragraph(child, ctx);
    }
  }

  private region(ctx: Context): { geometry?: TextCueRegion; props: TtmlStyleProps } {
    const r = ctx.region ? this.doc.regions.get(ctx.region) : undefined;
    return r ? { geometry: r.geometry, props: r.props } : { props: {} };
  }

  private paragraph(p: XmlElement, parent: Context): void {
    const ctx = this.context(p, parent);
    if (!(ctx.end > ctx.begin)) return;
    const region = this.region(ctx);
    // Content inherits from the region it is flowed into, under its own chain.
    const base = this.doc.styles.compute(p, region.props);
    const inherited = (props: TtmlStyleProps) => ({ ...base, ...props });
    const collected: Fragment[] = [];
    this.collect(p, ctx, collected);
    const fragments: StyledFragment[] = collected.map((f) => {
      const style = cueStyleOf(inherited(f.props));
      const text = ctx.preserve || f.text === '\n' ? f.text : f.text.replace(/[ \t\r\n]+/g, ' ');
      return { ...f, text, style, styleKey: JSON.stringify(style) };
    });
    const from = Math.max(ctx.begin, this.window.start);
    const to = Math.min(ctx.end, this.window.end);
    if (!(to > from) || !Number.isFinite(to)) return;
    const points = [...new Set([from, to, ...fragments.flatMap((f) => [f.begin, f.end]).filter((t) => t > from && t < to)])].sort((a, b) => a - b);
    const cueProps = inherited(ctx.props);
    const style = cueStyleOf(cueProps);
    let last: TextCue | null = null;
    for (let i = 0; i + 1 < points.length; i++) {
      const t0 = points[i]!;
      const t1 = points[i + 1]!;
      this.work += fragments.length;
      if (this.work > MAX_CUT_WORK) throw ttmlError(this.source, `timing too fragmented: cutting paragraphs into cues would take more than ${MAX_CUT_WORK} steps`, undefined, { reason: 'limit' });
      const active = fragments.filter((f) => f.begin <= t0 && f.end >= t1);
      const spans = toSpans(active, ctx.preserve);
      const text = spans.map(markup).join('');
      if (!spans.length) {
        last = null;
        continue;
      }
      if (last && last.end === t0 + this.offset && last.text === text) {
        last.end = t1 + this.offset;
        continue;
      }
      const cue: TextCue = { start: t0 + this.offset, end: t1 + this.offset, text, spans, style };
      const id = xmlId(p);
      if (id) cue.id = id;
      if (region.geometry) {
        cue.region = region.geometry;
        cue.settings = vttSettingsOf(region.geometry, style.textAlign);
      }
      this.out.push(cue);
      last = cue;
    }
  }

  private collect(el: XmlElement, ctx: Context, out: Fragment[]): void {
    const { names } = this.doc;
    for (const node of el.nodes ?? []) {
      if (out.length >= MAX_FRAGMENTS_PER_P) throw ttmlError(this.source, `paragraph on line ${el.line} has more than ${MAX_FRAGMENTS_PER_P} text runs`, undefined, { reason: 'limit' });
      if (typeof node === 'string') {
        if (node) out.push({ text: node, begin: ctx.begin, end: ctx.end, props: ctx.props });
      } else if (names.is(node, TTML_NS, 'br')) {
        out.push({ text: '\n', begin: ctx.begin, end: ctx.end, props: ctx.props });
      } else if (names.is(node, TTML_NS, 'span')) {
        const inner = this.context(node, ctx);
        if (inner.end > inner.begin) this.collect(node, inner, out);
      }
      // metadata, set, animation: no text.
    }
  }

  private imageCue(el: XmlElement, ctx: Context, reference: string): void {
    const from = Math.max(ctx.begin, this.window.start);
    const to = Math.min(ctx.end, this.window.end);
    if (!(to > from) || !Number.isFinite(to)) return;
    let image: TextCueImage | undefined;
    if (reference.startsWith('#')) image = this.doc.images.get(reference.slice(1));
    else image = { mimeType: reference.toLowerCase().endsWith('.png') ? 'image/png' : 'image/*', uri: this.resolveUri ? this.resolveUri(reference) : reference };
    if (!image) throw ttmlError(this.source, `smpte:backgroundImage ${reference} names no embedded image`, undefined, { reason: 'malformed' });
    const region = this.region(ctx);
    const cue: TextCue = { start: from + this.offset, end: to + this.offset, text: '', image };
    const id = xmlId(el);
    if (id) cue.id = id;
    if (region.geometry) {
      cue.region = region.geometry;
      cue.settings = vttSettingsOf(region.geometry, 'center');
    }
    this.out.push(cue);
  }
}

/**
 * Active fragments → styled runs with TTML whitespace handling: by default
 * (xml:space="default") runs of white space collapse to one space and white
 * space around line breaks and at the ends goes; `preserve` keeps it.
 */
function toSpans(active: readonly StyledFragment[], preserve: boolean): TextCueSpan[] {
  const runs: TextCueSpan[] = [];
  let prevKey = '';
  for (const f of active) {
    const text = f.text; // white space already collapsed per fragment
    const prev = runs[runs.length - 1];
    if (prev && prev.text !== '\n' && text !== '\n' && prevKey === f.styleKey) prev.text += text;
    else runs.push({ text, style: f.style });
    prevKey = f.styleKey;
  }
  if (!preserve) {
    for (let i = 0; i < runs.length; i++) {
      const r = runs[i]!;
      if (r.text === '\n') continue;
      const atStart = i === 0 || runs[i - 1]!.text === '\n' || runs[i - 1]!.text.endsWith(' ');
      const atEnd = i === runs.length - 1 || runs[i + 1]!.text === '\n';
      if (atStart) r.text = r.text.replace(/^ +/, '');
      if (atEnd) r.text = r.text.replace(/ +$/, '');
    }
  }
  const kept = runs.filter((r) => r.text !== '');
  while (kept.length && kept[0]!.text === '\n') kept.shift();
  while (kept.length && kept[kept.length - 1]!.text === '\n') kept.pop();
  return kept.some((r) => r.text.trim() !== '') ? kept : [];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A run as WebVTT cue text: italic/bold/underline the browser's VTTCue can show. */
function markup(run: TextCueSpan): string {
  let t = escape(run.text);
  if (run.style.underline) t = `<u>${t}</u>`;
  if (run.style.bold) t = `<b>${t}</b>`;
  if (run.style.italic) t = `<i>${t}</i>`;
  return t;
}
