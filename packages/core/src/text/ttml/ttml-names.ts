/**
 * Namespace-aware attribute access for TTML. Documents bind the TTML
 * namespaces to whatever prefixes they like (`tts:`, `s:`, `ttsx:`…); the
 * bindings on the root `tt` element are what real documents use, so those are
 * resolved (with the conventional prefixes as a fallback when a document
 * forgets to declare them). Redeclarations on inner elements are not tracked.
 */
import { localName, type XmlElement } from '../../util/xml/xml-reader.js';

export const TTML_NS = 'http://www.w3.org/ns/ttml';
export const TTS_NS = 'http://www.w3.org/ns/ttml#styling';
export const TTP_NS = 'http://www.w3.org/ns/ttml#parameter';
export const SMPTE_NS = 'http://www.smpte-ra.org/schemas/2052-1/2010/smpte-tt';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const CONVENTIONAL: Readonly<Record<string, string>> = { tts: TTS_NS, ttp: TTP_NS, smpte: SMPTE_NS, xml: XML_NS };

/**
 * The namespace a URI stands for: DFXP-era documents write the styling and
 * parameter namespaces as `http://www.w3.org/2006/10/ttaf1#style(ing)` and
 * `…#parameter`, and SMPTE-TT has had several dated URIs; all mean the same.
 */
function canonical(uri: string): string {
  if (/#styling$|#style$/.test(uri)) return TTS_NS;
  if (uri.endsWith('#parameter')) return TTP_NS;
  if (uri.includes('smpte-tt')) return SMPTE_NS;
  return uri;
}

/** Prefix → namespace URI, from the root's `xmlns:*` declarations. */
export class TtmlNames {
  private readonly prefixes = new Map<string, string>(Object.entries(CONVENTIONAL));
  /** Namespace of unprefixed element names. */
  readonly defaultNs: string;

  constructor(root: XmlElement) {
    for (const [k, v] of Object.entries(root.attributes)) if (k.startsWith('xmlns:')) this.prefixes.set(k.slice(6), canonical(v.trim()));
    this.prefixes.set('xml', XML_NS);
    this.defaultNs = root.attributes.xmlns?.trim() ?? TTML_NS;
  }

  /** Value of the attribute `local` in namespace `ns` (unprefixed attributes have no namespace: pass `ns` = ''). */
  attr(el: XmlElement, ns: string, local: string): string | undefined {
    for (const [name, value] of Object.entries(el.attributes)) {
      const colon = name.indexOf(':');
      if (colon < 0) {
        if (ns === '' && name === local) return value;
        continue;
      }
      if (name.slice(colon + 1) === local && this.prefixes.get(name.slice(0, colon)) === ns) return value;
    }
    return undefined;
  }

  /** Every attribute of `el` in namespace `ns`, by local name. */
  attrsIn(el: XmlElement, ns: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(el.attributes)) {
      const colon = name.indexOf(':');
      if (colon >= 0 && this.prefixes.get(name.slice(0, colon)) === ns) out[name.slice(colon + 1)] = value;
    }
    return out;
  }

  /** Whether `el` is the element `local` of namespace `ns` (TTML content elements are usually unprefixed). */
  is(el: XmlElement, ns: string, local: string): boolean {
    if (localName(el.name) !== local) return false;
    const colon = el.name.indexOf(':');
    const elNs = colon < 0 ? this.defaultNs : this.prefixes.get(el.name.slice(0, colon));
    // Lenient on the TTML namespace itself: old DFXP files use http://www.w3.org/2006/10/ttaf1 or none.
    return elNs === ns || (ns === TTML_NS && (elNs === undefined || elNs === '' || elNs.startsWith('http://www.w3.org/2006/') || elNs.startsWith('http://www.w3.org/ns/ttml')));
  }
}

/** `xml:id` of an element. */
export function xmlId(el: XmlElement): string | undefined {
  return el.attributes['xml:id'];
}
