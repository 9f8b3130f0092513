/**
 * A small, strict XML reader that builds a lightweight element tree.
 *
 * Why not DOMParser: it does not exist in Node (where the simulator and the
 * parser benchmarks run), and a DOM costs far more than manifests need — MPDs
 * use elements, attributes and a little text, never mixed content that matters.
 * A single forward scan with `indexOf` over the string, no regexes in the hot
 * path, and attribute values sliced straight out of the input is what makes the
 * DASH parser several times faster than DOM-based peers.
 *
 * Strictness: mismatched or unclosed tags, malformed attributes, unknown
 * entities and trailing garbage are reported as `ManifestError`
 * (`MANIFEST_XML_MALFORMED`) with line and column, never silently repaired:
 * a repaired manifest is a silently wrong model.
 */
import { ManifestError } from '../../errors/manifest-error.js';

/** One XML element. Names keep their prefix (`cenc:pssh`); {@link localName} strips it. */
export interface XmlElement {
  /** Qualified name as written, e.g. `cenc:pssh`. */
  readonly name: string;
  /** Attributes as written (qualified names), values with entities decoded. */
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  /** Concatenated character data directly inside this element (CDATA included), not trimmed. */
  text: string;
  /** 1-based line of the start tag, for error messages. */
  readonly line: number;
  /**
   * For elements named in {@link XmlReadLimits.rawElements}: the unparsed
   * inner markup (children are left empty; the caller scans it itself).
   */
  raw?: string;
  /**
   * Only with {@link XmlReadLimits.mixedContent}: character data and child
   * elements in document order (TTML `<p>a<br/>b<span>c</span></p>`), which
   * `text` + `children` cannot express.
   */
  nodes?: (XmlElement | string)[];
}

/**
 * Limits that keep hostile input from exhausting memory or the stack, sized
 * for the smallest target device (a TV with a few hundred MB of JS heap):
 * 4.9 M empty elements used to cost 1.1 GB (issue 15 #12). With shared empty
 * attribute/child containers and interned names an element costs ~70 bytes,
 * so 500k elements stay under ~40 MB.
 */
export interface XmlReadLimits {
  /** Maximum input length in characters (default 16 Mi; the largest real MPDs seen are ~5 MB). */
  maxLength?: number;
  /** Maximum element nesting depth (default 64). */
  maxDepth?: number;
  /** Maximum number of elements (default 500k). */
  maxElements?: number;
  /**
   * Caps per local element name (default {@link DEFAULT_ELEMENT_CAPS}): a
   * Representation costs the model far more than an XML element (a track,
   * a segment index), so structural elements get tighter caps than the total.
   */
  maxPerName?: Readonly<Record<string, number>>;
  /**
   * Local names of elements whose content is returned unparsed in
   * {@link XmlElement.raw}. The DASH parser scans SegmentTimeline this way:
   * tens of thousands of `<S>` elements become two typed arrays instead of
   * tens of thousands of objects. Such an element may not contain itself.
   */
  rawElements?: ReadonlySet<string>;
  /** Record {@link XmlElement.nodes} (mixed content in order) on every element. */
  mixedContent?: boolean;
}

const GT = 62; // >
const SLASH = 47; // /
const EQ = 61; // =
const QUOT = 34; // "
const APOS = 39; // '
const QUESTION = 63; // ?
const BANG = 33; // !

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

// Letters, digits, '_', ':', '-', '.', and any non-ASCII (XML allows a wide range; we do not police it).
const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  NAME_CHAR[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 45 || c === 46 ? 1 : 0;
}

function isNameChar(c: number): boolean {
  return c > 127 ? c === c /* not NaN past the end */ : NAME_CHAR[c] === 1;
}

/** Returns the local part of a qualified name (`cenc:pssh` → `pssh`). */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * Default per-name caps. Period: long ad-inserted live streams reach a few
 * hundred; AdaptationSet/Representation: a few per period in real content,
 * these leave two orders of magnitude of headroom.
 */
export const DEFAULT_ELEMENT_CAPS: Readonly<Record<string, number>> = { Period: 10_000, AdaptationSet: 20_000, Representation: 50_000, ContentProtection: 50_000 };

// Shared by every element without attributes / every self-closing element: most of a large MPD's
// elements (SegmentURL, S outside raw mode) have no children, and a fresh [] and {} each cost ~50 bytes.
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

/** One distinct element name: the interned string and how many elements carry it. */
interface NameEntry {
  name: string;
  count: number;
  cap: number;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Parses `xml` and returns the root element.
 * @throws ManifestError `MANIFEST_EMPTY`, `MANIFEST_TOO_LARGE`, `MANIFEST_XML_MALFORMED`, `MANIFEST_LIMIT_EXCEEDED`.
 */
export function readXml(xml: string, limits: XmlReadLimits = {}): XmlElement {
  const maxLength = limits.maxLength ?? 16 * 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 64;
  const maxElements = limits.maxElements ?? 500_000;
  const caps = limits.maxPerName ?? DEFAULT_ELEMENT_CAPS;
  const names = new Map<string, NameEntry>();
  const nameEntry = (raw: string): NameEntry => {
    let e = names.get(raw);
    if (!e) names.set(raw, (e = { name: raw, count: 0, cap: caps[localName(raw)] ?? Infinity }));
    return e;
  };
  if (xml.length > maxLength) {
    throw new ManifestError('MANIFEST_TOO_LARGE', `XML document is ${xml.length} characters, limit is ${maxLength}`);
  }
  const len = xml.length;
  let pos = 0;
  if (xml.charCodeAt(0) === 0xfeff) pos = 1; // BOM
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elementCount = 0;
  // Line numbers are counted incrementally (elements arrive in document order). The position of the
  // next newline is remembered, so a single-line (minified) document does not rescan to its end for
  // every element: that made a 15.7 MB MPD take 33-38 s (issue 15 #12); now every character is
  // looked at once.
  let nextNewline = xml.indexOf('\n');
  let line = 1;
  const lineAt = (at: number): number => {
    while (nextNewline >= 0 && nextNewline < at) {
      line++;
      nextNewline = xml.indexOf('\n', nextNewline + 1);
    }
    return line;
  };

  const fail = (message: string, at: number): never => {
    const { line, column } = lineColumn(xml, at);
    throw new ManifestError('MANIFEST_XML_MALFORMED', `malformed XML: ${message}`, `line ${line}, column ${column}`, {
      details: { line, column },
    });
  };

  while (pos < len) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt < 0 ? len : lt;
    if (textEnd > pos) {
      const top = stack[stack.length - 1];
      if (top) {
        const raw = xml.slice(pos, textEnd);
        const decoded = raw.indexOf('&') >= 0 ? decodeEntities(raw, pos, fail) : raw;
        top.text += decoded;
        top.nodes?.push(decoded);
      } else if (!isBlank(xml, pos, textEnd)) {
        fail(root ? 'content after the root element' : 'text before the root element', pos);
      }
    }
    if (lt < 0) break;
    pos = lt + 1;
    const c = xml.charCodeAt(pos);
    if (c === QUESTION) {
      const end = xml.indexOf('?>', pos);
      if (end < 0) fail('unterminated processing instruction', lt);
      pos = end + 2;
      continue;
    }
    if (c === BANG) {
      if (xml.startsWith('!--', pos)) {
        const end = xml.indexOf('-->', pos + 3);
        if (end < 0) fail('unterminated comment', lt);
        pos = end + 3;
      } else if (xml.startsWith('![CDATA[', pos)) {
        const end = xml.indexOf(']]>', pos + 8);
        if (end < 0) fail('unterminated CDATA section', lt);
        const top = stack[stack.length - 1];
        if (!top) fail('CDATA outside the root element', lt);
        top!.text += xml.slice(pos + 8, end);
        top!.nodes?.push(xml.slice(pos + 8, end));
        pos = end + 3;
      } else if (xml.startsWith('!DOCTYPE', pos)) {
        // No DTDs: internal subsets could define entity bombs. Skip a simple DOCTYPE, refuse one with a subset.
        const end = xml.indexOf('>', pos);
        if (end < 0) fail('unterminated DOCTYPE', lt);
        if (xml.slice(pos, end).includes('[')) fail('DOCTYPE with an internal subset is not accepted', lt);
        pos = end + 1;
      } else {
        fail('unexpected "<!"', lt);
      }
      continue;
    }
    if (c === SLASH) {
      // End tag.
      let p = pos + 1;
      while (p < len && isNameChar(xml.charCodeAt(p))) p++;
      const name = xml.slice(pos + 1, p);
      while (p < len && isSpace(xml.charCodeAt(p))) p++;
      if (xml.charCodeAt(p) !== GT) fail(`malformed end tag </${name}`, lt);
      const top = stack.pop();
      if (!top) fail(`end tag </${name}> without a start tag`, lt);
      if (top!.name !== name) fail(`end tag </${name}> does not match <${top!.name}> opened on line ${top!.line}`, lt);
      pos = p + 1;
      continue;
    }
    // Start tag.
    let p = pos;
    while (p < len && isNameChar(xml.charCodeAt(p))) p++;
    if (p === pos) fail('expected an element name after "<"', lt);
    const entry = nameEntry(xml.slice(pos, p));
    const name = entry.name;
    let attributes = NO_ATTRIBUTES;
    let selfClosing = false;
    for (;;) {
      const ws = p;
      while (p < len && isSpace(xml.charCodeAt(p))) p++;
      if (p >= len) fail(`unterminated start tag <${name}`, lt);
      const ch = xml.charCodeAt(p);
      if (ch === GT) {
        p++;
        break;
      }
      if (ch === SLASH) {
        if (xml.charCodeAt(p + 1) !== GT) fail(`expected "/>" in <${name}`, p);
        selfClosing = true;
        p += 2;
        break;
      }
      if (ws === p) fail(`expected whitespace before attribute in <${name}`, p);
      const an = p;
      while (p < len && isNameChar(xml.charCodeAt(p))) p++;
      if (an === p) fail(`malformed attribute in <${name}`, p);
      const attrName = xml.slice(an, p);
      while (p < len && isSpace(xml.charCodeAt(p))) p++;
      if (xml.charCodeAt(p) !== EQ) fail(`attribute ${attrName} in <${name}> has no value`, p);
      p++;
      while (p < len && isSpace(xml.charCodeAt(p))) p++;
      const quote = xml.charCodeAt(p);
      if (quote !== QUOT && quote !== APOS) fail(`attribute ${attrName} in <${name}> is not quoted`, p);
      const vEnd = xml.indexOf(quote === QUOT ? '"' : "'", p + 1);
      if (vEnd < 0) fail(`unterminated value of attribute ${attrName} in <${name}>`, p);
      let value = xml.slice(p + 1, vEnd);
      if (value.indexOf('<') >= 0) fail(`"<" in value of attribute ${attrName}`, p);
      if (value.indexOf('&') >= 0) value = decodeEntities(value, p + 1, fail);
      if (attributes === NO_ATTRIBUTES) attributes = {};
      else if (Object.prototype.hasOwnProperty.call(attributes, attrName)) fail(`duplicate attribute ${attrName} in <${name}>`, an);
      if (attrName === '__proto__') fail('attribute name __proto__ is not accepted', an);
      attributes[attrName] = value;
      p = vEnd + 1;
    }
    if (++elementCount > maxElements) {
      throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `more than ${maxElements} XML elements`);
    }
    if (++entry.count > entry.cap) {
      throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `more than ${entry.cap} <${localName(name)}> elements`);
    }
    const element: XmlElement = { name, attributes, children: selfClosing ? NO_CHILDREN : [], text: '', line: lineAt(lt), ...(limits.mixedContent ? { nodes: [] } : {}) };
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.children.push(element);
      parent.nodes?.push(element);
    } else if (root) fail('more than one root element', lt);
    else root = element;
    if (!selfClosing && limits.rawElements?.has(localName(name))) {
      const close = xml.indexOf(`</${name}`, p);
      if (close < 0) fail(`element <${name}> opened on line ${element.line} is never closed`, lt);
      let q = close + 2 + name.length;
      while (q < len && isSpace(xml.charCodeAt(q))) q++;
      if (xml.charCodeAt(q) !== GT) fail(`malformed end tag </${name}`, close);
      element.raw = xml.slice(p, close);
      pos = q + 1;
      continue;
    }
    if (!selfClosing) {
      if (stack.length >= maxDepth) {
        throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `XML nesting deeper than ${maxDepth}`, `<${name}>`);
      }
      stack.push(element);
    }
    pos = p;
  }
  if (stack.length) fail(`element <${stack[stack.length - 1]!.name}> opened on line ${stack[stack.length - 1]!.line} is never closed`, len);
  if (!root) {
    throw new ManifestError('MANIFEST_EMPTY', 'document has no root element');
  }
  return root;
}

function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

function decodeEntities(raw: string, offset: number, fail: (m: string, at: number) => never): string {
  let out = '';
  let last = 0;
  for (let i = raw.indexOf('&'); i >= 0; i = raw.indexOf('&', last)) {
    const semi = raw.indexOf(';', i + 1);
    if (semi < 0 || semi - i > 12) fail('unterminated entity reference', offset + i);
    const ent = raw.slice(i + 1, semi);
    let ch: string | undefined;
    if (ent.charCodeAt(0) === 35) {
      const code = ent.charCodeAt(1) === 120 || ent.charCodeAt(1) === 88 ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      if (!Number.isFinite(code) || code < 0 || code > 0x10ffff) fail(`bad character reference &${ent};`, offset + i);
      ch = String.fromCodePoint(code);
    } else {
      ch = NAMED_ENTITIES[ent];
      if (ch === undefined) fail(`unknown entity &${ent};`, offset + i);
    }
    out += raw.slice(last, i) + ch;
    last = semi + 1;
  }
  return out + raw.slice(last);
}

/** 1-based line and column of a character offset (only computed on errors and per element line). */
function lineColumn(s: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = s.indexOf('\n'); i >= 0 && i < at; i = s.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}
