/**
 * SegmentTemplate URL expansion (ISO/IEC 23009-1 §5.3.9.4.4): `$RepresentationID$`,
 * `$Number$`, `$Bandwidth$`, `$Time$`, `$SubNumber$`, each with an optional
 * `%0<width>d` format tag, and `$$` for a literal dollar.
 *
 * The template is compiled once per representation into literal/identifier
 * parts so expanding thousands of segment URLs is a few string concatenations.
 */

export type TemplateIdentifier = 'RepresentationID' | 'Number' | 'Bandwidth' | 'Time' | 'SubNumber';

/** A compiled template: alternating literals and identifier slots. */
export interface CompiledTemplate {
  readonly parts: ReadonlyArray<string | { id: TemplateIdentifier; width: number }>;
  /** True when `$Time$` appears (the index needs timeline times, not only numbers). */
  readonly usesTime: boolean;
  readonly usesNumber: boolean;
}

const IDENTIFIERS = new Set<string>(['RepresentationID', 'Number', 'Bandwidth', 'Time', 'SubNumber']);

/**
 * Compiles a template string. Returns an error message instead of throwing so
 * the parser can name the element; unknown identifiers are an error because a
 * URL with a literal `$Foo$` in it would only 404 later, far from the cause.
 */
export function compileTemplate(template: string): CompiledTemplate | string {
  const parts: Array<string | { id: TemplateIdentifier; width: number }> = [];
  let literal = '';
  let i = 0;
  let usesTime = false;
  let usesNumber = false;
  while (i < template.length) {
    const d = template.indexOf('$', i);
    if (d < 0) {
      literal += template.slice(i);
      break;
    }
    literal += template.slice(i, d);
    const close = template.indexOf('$', d + 1);
    if (close < 0) return `unterminated "$" in template "${template}"`;
    const body = template.slice(d + 1, close);
    i = close + 1;
    if (body === '') {
      literal += '$';
      continue;
    }
    const pct = body.indexOf('%');
    const id = pct < 0 ? body : body.slice(0, pct);
    if (!IDENTIFIERS.has(id)) return `unknown identifier $${body}$ in template "${template}"`;
    let width = 0;
    if (pct >= 0) {
      const fmt = /^%0(\d{1,2})d$/.exec(body.slice(pct));
      if (!fmt) return `bad format tag in $${body}$ (expected %0<width>d)`;
      if (id === 'RepresentationID') return '$RepresentationID$ takes no format tag';
      width = parseInt(fmt[1]!, 10);
    }
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ id: id as TemplateIdentifier, width });
    if (id === 'Time') usesTime = true;
    if (id === 'Number') usesNumber = true;
  }
  if (literal) parts.push(literal);
  return { parts, usesTime, usesNumber };
}

/** Values substituted into a template. Numbers are integers (Time may exceed 2^32; it stays exact up to 2^53). */
export interface TemplateValues {
  RepresentationID: string;
  Bandwidth: number;
  Number?: number;
  Time?: number;
  SubNumber?: number;
}

/** Expands a compiled template. */
export function expandTemplate(t: CompiledTemplate, v: TemplateValues): string {
  let out = '';
  for (const part of t.parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = v[part.id];
    let s = value === undefined ? '' : String(value);
    if (part.width > s.length) s = '0'.repeat(part.width - s.length) + s;
    out += s;
  }
  return out;
}
