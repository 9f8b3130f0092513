/**
 * Typed access to MPD attributes and children. Every getter names the element
 * path in its error so a bad manifest is diagnosable from the message alone
 * (e.g. `MPD/Period[0]/AdaptationSet[1]/Representation[2]@bandwidth`).
 */
import { ManifestError } from '../errors/manifest-error.js';
import { localName, type XmlElement } from '../util/xml/xml-reader.js';
import { parseIsoDateTime, parseIsoDuration } from './iso8601.js';

/** Children whose local name is `name` (namespace prefixes ignored, as MPDs use various prefixes). */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.name === name || localName(c.name) === name) out.push(c);
  return out;
}

/** First child with local name `name`, or `undefined`. */
export function childNamed(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.name === name || localName(c.name) === name) return c;
  return undefined;
}

/** Attribute by local name (`cenc:default_KID` matches `default_KID`). */
export function attrLocal(el: XmlElement, name: string): string | undefined {
  const direct = el.attributes[name];
  if (direct !== undefined) return direct;
  for (const key in el.attributes) if (localName(key) === name) return el.attributes[key];
  return undefined;
}

/** Non-negative finite number attribute. */
export function numberAttr(el: XmlElement | undefined, name: string, where: string): number | undefined {
  const raw = el?.attributes[name];
  if (raw === undefined) return undefined;
  const v = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(v) || v < 0) {
    throw new ManifestError('MANIFEST_INVALID_VALUE', `@${name}="${raw}" is not a non-negative number`, `${where}@${name}`);
  }
  return v;
}

/** Non-negative integer attribute, at most `max` (defaults to 2^53−1). */
export function intAttr(el: XmlElement | undefined, name: string, where: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = numberAttr(el, name, where);
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v > max) {
    throw new ManifestError('MANIFEST_INVALID_VALUE', `@${name}="${el!.attributes[name]}" is not an integer ≤ ${max}`, `${where}@${name}`);
  }
  return v;
}

/** `xs:duration` attribute in seconds. */
export function durationAttr(el: XmlElement | undefined, name: string, where: string): number | undefined {
  const raw = el?.attributes[name];
  if (raw === undefined) return undefined;
  const v = parseIsoDuration(raw);
  if (v === null) throw new ManifestError('MANIFEST_INVALID_VALUE', `@${name}="${raw}" is not an ISO 8601 duration`, `${where}@${name}`);
  return v;
}

/** `xs:dateTime` attribute in ms since the epoch. */
export function dateTimeAttr(el: XmlElement | undefined, name: string, where: string): number | undefined {
  const raw = el?.attributes[name];
  if (raw === undefined) return undefined;
  const v = parseIsoDateTime(raw);
  if (v === null) throw new ManifestError('MANIFEST_INVALID_VALUE', `@${name}="${raw}" is not an ISO 8601 date-time`, `${where}@${name}`);
  return v;
}

/** `xs:boolean`. */
export function boolAttr(el: XmlElement | undefined, name: string): boolean | undefined {
  const raw = el?.attributes[name];
  if (raw === undefined) return undefined;
  return raw === 'true' || raw === '1';
}

/** Frame rate `30`, `30000/1001`. */
export function frameRateAttr(el: XmlElement | undefined, where: string): number | undefined {
  const raw = el?.attributes.frameRate;
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)(?:\/(\d+))?\s*$/.exec(raw);
  const v = m ? parseFloat(m[1]!) / (m[2] ? parseInt(m[2], 10) : 1) : NaN;
  if (!Number.isFinite(v) || v <= 0 || v > 1000) {
    throw new ManifestError('MANIFEST_INVALID_VALUE', `@frameRate="${raw}" is not a frame rate`, `${where}@frameRate`);
  }
  return v;
}

/**
 * Signed integer attribute. Used for `@presentationTimeOffset`: the schema says
 * unsigned, but deployed content (e.g. dash.js's gap test vectors) uses negative
 * offsets to shift media later, and the arithmetic is well defined, so we
 * accept it as dash.js and shaka-player do.
 */
export function signedIntAttr(el: XmlElement | undefined, name: string, where: string): number | undefined {
  const raw = el?.attributes[name];
  if (raw === undefined) return undefined;
  const v = Number(raw.trim());
  if (raw.trim() === '' || !Number.isSafeInteger(v)) {
    throw new ManifestError('MANIFEST_INVALID_VALUE', `@${name}="${raw}" is not an integer`, `${where}@${name}`);
  }
  return v;
}
