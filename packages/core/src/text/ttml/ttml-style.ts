/**
 * TTML style resolution (TTML1 §8.4): an element's specified style is its
 * referential styles (`style="a b"`, each resolved through its own `style`
 * chain), then nested `<style>` children (regions), then inline `tts:`
 * attributes — later wins; inheritable properties flow down from the region
 * the content is flowed into and from parent content elements.
 */
import type { XmlElement } from '../../util/xml/xml-reader.js';
import type { TextCueStyle } from '../../platform/text-renderer.js';
import { TTS_NS, type TtmlNames, xmlId } from './ttml-names.js';

/** `tts:` properties by local name, raw values. */
export type TtmlStyleProps = Readonly<Record<string, string>>;

/** Properties that do not inherit (TTML1 §8.2): region geometry and box properties. */
const NOT_INHERITED = new Set(['backgroundColor', 'display', 'displayAlign', 'extent', 'opacity', 'origin', 'overflow', 'padding', 'showBackground', 'writingMode', 'zIndex']);

/** Deepest `style` reference chain followed; deeper chains (or cycles) stop there. */
const MAX_REFERENCE_DEPTH = 16;

/** The `<styling>` section: named styles with their reference chains resolved on demand. */
export class TtmlStyleSheet {
  private readonly byId = new Map<string, XmlElement>();
  private readonly resolved = new Map<string, TtmlStyleProps>();

  constructor(
    private readonly names: TtmlNames,
    styles: readonly XmlElement[],
  ) {
    for (const s of styles) {
      const id = xmlId(s);
      if (id && !this.byId.has(id)) this.byId.set(id, s);
    }
  }

  /** Merged properties of the styles named in a `style` attribute (IDREFS, in order). */
  referenced(refs: string | undefined, depth = 0): TtmlStyleProps {
    if (!refs) return {};
    let out: Record<string, string> = {};
    for (const id of refs.trim().split(/\s+/)) out = { ...out, ...this.named(id, depth) };
    return out;
  }

  private named(id: string, depth: number): TtmlStyleProps {
    const cached = this.resolved.get(id);
    if (cached) return cached;
    const el = this.byId.get(id);
    if (!el || depth >= MAX_REFERENCE_DEPTH) return {};
    this.resolved.set(id, {}); // a cycle resolves to nothing instead of recursing
    const props = { ...this.referenced(this.names.attr(el, '', 'style'), depth + 1), ...this.names.attrsIn(el, TTS_NS) };
    this.resolved.set(id, props);
    return props;
  }

  /**
   * Computed properties of `el`: inheritable properties of `parent`, then its
   * referential styles, nested `<style>` children (for regions), inline attributes.
   */
  compute(el: XmlElement, parent: TtmlStyleProps, nested: readonly XmlElement[] = []): TtmlStyleProps {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parent)) if (!NOT_INHERITED.has(k)) out[k] = v;
    Object.assign(out, this.referenced(this.names.attr(el, '', 'style')));
    for (const s of nested) Object.assign(out, this.referenced(this.names.attr(s, '', 'style')), this.names.attrsIn(s, TTS_NS));
    Object.assign(out, this.names.attrsIn(el, TTS_NS));
    return out;
  }
}

const TEXT_ALIGN: Readonly<Record<string, TextCueStyle['textAlign']>> = { left: 'left', center: 'center', right: 'right', start: 'start', end: 'end', justify: 'start' };

/** The renderer-facing style of computed TTML properties (only what is set). */
export function cueStyleOf(props: TtmlStyleProps): TextCueStyle {
  const out: TextCueStyle = {};
  if (props.color) out.color = props.color.trim();
  if (props.backgroundColor) out.backgroundColor = props.backgroundColor.trim();
  const fontStyle = props.fontStyle?.trim();
  if (fontStyle === 'italic' || fontStyle === 'oblique') out.italic = true;
  if (props.fontWeight?.trim() === 'bold') out.bold = true;
  const decoration = props.textDecoration?.trim().split(/\s+/) ?? [];
  if (decoration.includes('underline')) out.underline = true;
  if (decoration.includes('lineThrough')) out.lineThrough = true;
  const align = TEXT_ALIGN[props.textAlign?.trim() ?? ''];
  if (align) out.textAlign = align;
  if (props.fontFamily) out.fontFamily = props.fontFamily.trim();
  if (props.fontSize) out.fontSize = props.fontSize.trim();
  return out;
}
