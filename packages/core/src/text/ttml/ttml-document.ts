/**
 * Reading a TTML document: the XML (through the project's bounded reader,
 * with mixed content kept in order), the timing parameters, the `<head>`
 * (styles, regions, embedded images) — everything the body walk needs.
 */
import { EdgeplayError } from '../../errors/edgeplay-error.js';
import { ManifestError } from '../../errors/manifest-error.js';
import { localName, readXml, type XmlElement } from '../../util/xml/xml-reader.js';
import { base64ToBytes } from '../../drm/bytes.js';
import type { TextCueImage, TextCueRegion } from '../../platform/text-renderer.js';
import { regionGeometry, rootExtentOf, type RootExtent } from './ttml-layout.js';
import { TTML_NS, TTP_NS, TTS_NS, TtmlNames, xmlId } from './ttml-names.js';
import { TtmlStyleSheet, type TtmlStyleProps } from './ttml-style.js';
import { timingParameters, type TtmlTimingParameters } from './ttml-time.js';

/**
 * Bounds for hostile documents. A 2-hour EBU-TT-D sidecar is ~1–2 MB with
 * ~20 k elements and nesting depth < 10 (tt/body/div/p/span/span); image
 * subtitles embed base64 PNGs, tens of kB each. The limits leave an order of
 * magnitude of headroom over that and stop the rest before memory grows.
 */
export const TTML_LIMITS = {
  /** Characters per document (image documents included). */
  maxLength: 32 * 1024 * 1024,
  maxDepth: 32,
  maxElements: 200_000,
  /** Longest attribute value: styles and times are short; a 4 KiB `style` list is already absurd. */
  maxAttributeLength: 4096,
} as const;

/** A region of the layout: its geometry and the styles its content inherits. */
export interface TtmlRegion {
  geometry: TextCueRegion;
  props: TtmlStyleProps;
}

/** What the body walk needs of a document. */
export interface TtmlDocument {
  names: TtmlNames;
  body: XmlElement | null;
  timing: TtmlTimingParameters;
  styles: TtmlStyleSheet;
  regions: ReadonlyMap<string, TtmlRegion>;
  /** Embedded images (`smpte:image`) by xml:id. */
  images: ReadonlyMap<string, TextCueImage>;
  rootExtent: RootExtent | null;
}

/** A recoverable `text` error: a bad subtitle document never stops video. */
export function ttmlError(source: string, message: string, cause?: unknown, details: Record<string, unknown> = {}): EdgeplayError {
  return new EdgeplayError('text', 'TEXT_INVALID', `${source}: ${message}`, { severity: 'recoverable', details: { source, ...details }, ...(cause === undefined ? {} : { cause }) });
}

function children(el: XmlElement | undefined, names: TtmlNames, local: string): XmlElement[] {
  return el ? el.children.filter((c) => names.is(c, TTML_NS, local)) : [];
}

function* descendants(el: XmlElement): Generator<XmlElement> {
  const stack = [...el.children];
  while (stack.length) {
    const e = stack.pop()!;
    yield e;
    stack.push(...e.children);
  }
}

/** Rejects oversized attribute values anywhere in the tree (one pass, O(document)). */
function checkAttributes(root: XmlElement, source: string): void {
  for (const el of [root, ...descendants(root)]) {
    for (const [name, value] of Object.entries(el.attributes)) {
      if (value.length > TTML_LIMITS.maxAttributeLength) {
        throw ttmlError(source, `attribute ${name} of <${el.name}> is ${value.length} characters (limit ${TTML_LIMITS.maxAttributeLength})`, undefined, { reason: 'limit' });
      }
    }
  }
}

/**
 * Parses the XML and the head of a TTML document.
 * @throws EdgeplayError TEXT_INVALID (recoverable) for malformed XML, DTD
 * entity declarations, limits exceeded, or a root that is not `tt`.
 */
export function readTtmlDocument(xml: string, source: string): TtmlDocument {
  let root: XmlElement;
  try {
    root = readXml(xml, { maxLength: TTML_LIMITS.maxLength, maxDepth: TTML_LIMITS.maxDepth, maxElements: TTML_LIMITS.maxElements, mixedContent: true });
  } catch (e) {
    if (e instanceof ManifestError) throw ttmlError(source, e.message, e, { reason: e.code === 'MANIFEST_LIMIT_EXCEEDED' || e.code === 'MANIFEST_TOO_LARGE' ? 'limit' : 'malformed' });
    throw e;
  }
  const names = new TtmlNames(root);
  if (!names.is(root, TTML_NS, 'tt')) throw ttmlError(source, `root element is <${root.name}>, not <tt>`, undefined, { reason: 'malformed' });
  checkAttributes(root, source);
  const ttp = names.attrsIn(root, TTP_NS);
  const timing = timingParameters(ttp);
  const head = children(root, names, 'head')[0];
  const styleEls = children(head, names, 'styling').flatMap((s) => children(s, names, 'style'));
  const styles = new TtmlStyleSheet(names, styleEls);
  const rootExtent = rootExtentOf(names.attr(root, TTS_NS, 'extent'));
  const regions = new Map<string, TtmlRegion>();
  for (const r of children(head, names, 'layout').flatMap((l) => children(l, names, 'region'))) {
    const id = xmlId(r);
    if (!id || regions.has(id)) continue;
    const props = styles.compute(r, {}, children(r, names, 'style'));
    regions.set(id, { geometry: regionGeometry(props, id, rootExtent), props });
  }
  const images = new Map<string, TextCueImage>();
  if (head) {
    for (const el of descendants(head)) {
      const id = xmlId(el);
      if (!id || localName(el.name) !== 'image' || !el.name.includes(':')) continue;
      if (names.attr(el, '', 'encoding') && names.attr(el, '', 'encoding')!.toLowerCase() !== 'base64') continue;
      try {
        images.set(id, { mimeType: `image/${(names.attr(el, '', 'imagetype') ?? 'png').toLowerCase()}`, data: base64ToBytes(el.text) });
      } catch (e) {
        throw ttmlError(source, `smpte:image ${id} is not base64`, e, { reason: 'malformed' });
      }
    }
  }
  return { names, body: children(root, names, 'body')[0] ?? null, timing, styles, regions, images, rootExtent };
}
