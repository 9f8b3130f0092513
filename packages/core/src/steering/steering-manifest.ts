/**
 * Steering manifests: the JSON a content-steering server answers with
 * (DASH-IF Content Steering 1.0 §4.2, HLS rfc8216bis §7 / Apple's HLS Content
 * Steering specification). Both formats share one shape and differ in the
 * name of the priority list: `SERVICE-LOCATION-PRIORITY` (DASH) vs
 * `PATHWAY-PRIORITY` (HLS).
 *
 * The parser is strict about what it uses and lenient about what it ignores:
 * unknown keys pass (the formats are meant to be extended), a wrong type on a
 * known key is an error, because acting on a half-understood steering answer
 * could send every client of a service to the wrong CDN.
 */
import { ManifestError } from '../errors/manifest-error.js';
import { resolveUri } from '../manifest/resolve.js';

/** HLS `PATHWAY-CLONES` entry: a new pathway derived from an existing one. */
export interface PathwayClone {
  /** Pathway to copy. */
  baseId: string;
  /** Id of the new pathway. */
  id: string;
  /** Replaces the hostname of every URI of the base pathway. */
  host?: string;
  /** Query parameters added to (or replacing those of) every URI. */
  params: Record<string, string>;
  /** Full-URI replacements per STABLE-VARIANT-ID / STABLE-RENDITION-ID. */
  perVariantUris: Record<string, string>;
  perRenditionUris: Record<string, string>;
}

/** A parsed steering manifest. */
export interface SteeringManifest {
  version: 1;
  /** Seconds until the client should ask again (default 300). */
  ttlS: number;
  /** Absolute URI of the next request (RELOAD-URI, resolved), if the server moved it. */
  reloadUri?: string;
  /** Pathway ids, most preferred first. */
  priority: string[];
  clones: PathwayClone[];
}

export type SteeringFormat = 'dash' | 'hls';

/** TTL when the manifest gives none (both specifications say 300 s). */
export const DEFAULT_STEERING_TTL_S = 300;

const MAX_LENGTH = 256 * 1024;
const MAX_PATHWAYS = 1000;
// DASH serviceLocation / HLS PATHWAY-ID: HLS restricts to [a-zA-Z0-9.-_]; DASH allows any string, so bound length only.
const HLS_PATHWAY_ID = /^[A-Za-z0-9._-]+$/;

/**
 * Parses steering JSON. `requestUrl` is the URL the manifest came from
 * (a relative RELOAD-URI resolves against it). Throws a {@link ManifestError}
 * (`where: 'steering manifest'`) for anything that is not a usable version-1
 * steering manifest.
 */
export function parseSteeringManifest(text: string, format: SteeringFormat, requestUrl: string): SteeringManifest {
  const where = 'steering manifest';
  if (text.length > MAX_LENGTH) throw new ManifestError('MANIFEST_TOO_LARGE', `steering manifest of ${text.length} characters exceeds ${MAX_LENGTH}`, where);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ManifestError('MANIFEST_WRONG_FORMAT', `steering manifest is not JSON: ${e instanceof Error ? e.message : String(e)}`, where);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ManifestError('MANIFEST_WRONG_FORMAT', 'steering manifest is not a JSON object', where);
  const o = json as Record<string, unknown>;
  if (o['VERSION'] !== 1) throw new ManifestError(o['VERSION'] === undefined ? 'MANIFEST_MISSING_ATTRIBUTE' : 'MANIFEST_UNSUPPORTED', `steering manifest VERSION ${JSON.stringify(o['VERSION'])} (only 1 is defined)`, where);

  let ttlS = DEFAULT_STEERING_TTL_S;
  if (o['TTL'] !== undefined) {
    const ttl = o['TTL'];
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) throw new ManifestError('MANIFEST_INVALID_VALUE', `steering TTL ${JSON.stringify(ttl)} is not a non-negative number`, where);
    ttlS = ttl;
  }

  let reloadUri: string | undefined;
  if (o['RELOAD-URI'] !== undefined) {
    const r = o['RELOAD-URI'];
    if (typeof r !== 'string' || r === '' || r.length > 8192) throw new ManifestError('MANIFEST_INVALID_VALUE', 'steering RELOAD-URI is not a non-empty string', where);
    reloadUri = resolveUri(r, requestUrl);
    if (!/^https?:/i.test(reloadUri)) throw new ManifestError('MANIFEST_INVALID_VALUE', `steering RELOAD-URI ${reloadUri} is not an http(s) URL`, where);
  }

  const key = format === 'dash' ? 'SERVICE-LOCATION-PRIORITY' : 'PATHWAY-PRIORITY';
  const list = o[key];
  if (list === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', `steering manifest has no ${key}`, where);
  const priority = pathwayList(list, key, format, where);

  const clones: PathwayClone[] = [];
  if (o['PATHWAY-CLONES'] !== undefined) {
    const raw = o['PATHWAY-CLONES'];
    if (!Array.isArray(raw) || raw.length > MAX_PATHWAYS) throw new ManifestError('MANIFEST_INVALID_VALUE', 'PATHWAY-CLONES is not an array of clone objects', where);
    raw.forEach((c, i) => clones.push(readClone(c, `${where} PATHWAY-CLONES[${i}]`, format)));
  }

  return { version: 1, ttlS, ...(reloadUri ? { reloadUri } : {}), priority, clones };
}

function pathwayList(value: unknown, key: string, format: SteeringFormat, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PATHWAYS) throw new ManifestError('MANIFEST_INVALID_VALUE', `${key} must be a non-empty array of pathway ids`, where);
  const out: string[] = [];
  for (const id of value) {
    checkPathwayId(id, format, `${where} ${key}`);
    // Duplicates are a server bug; the first occurrence is the rank it meant.
    if (!out.includes(id as string)) out.push(id as string);
  }
  return out;
}

function checkPathwayId(id: unknown, format: SteeringFormat, where: string): asserts id is string {
  if (typeof id !== 'string' || id === '' || id.length > 256 || (format === 'hls' && !HLS_PATHWAY_ID.test(id))) {
    throw new ManifestError('MANIFEST_INVALID_VALUE', `pathway id ${JSON.stringify(id)} is not valid`, where);
  }
}

function readClone(value: unknown, where: string, format: SteeringFormat): PathwayClone {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ManifestError('MANIFEST_INVALID_VALUE', 'clone is not an object', where);
  const c = value as Record<string, unknown>;
  checkPathwayId(c['BASE-ID'], format, `${where} BASE-ID`);
  checkPathwayId(c['ID'], format, `${where} ID`);
  const replacement = c['URI-REPLACEMENT'];
  if (typeof replacement !== 'object' || replacement === null || Array.isArray(replacement)) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'clone has no URI-REPLACEMENT object', where);
  const r = replacement as Record<string, unknown>;
  const clone: PathwayClone = { baseId: c['BASE-ID'], id: c['ID'], params: stringMap(r['PARAMS'], `${where} PARAMS`), perVariantUris: stringMap(r['PER-VARIANT-URIS'], `${where} PER-VARIANT-URIS`), perRenditionUris: stringMap(r['PER-RENDITION-URIS'], `${where} PER-RENDITION-URIS`) };
  if (r['HOST'] !== undefined) {
    const host = r['HOST'];
    // A hostname, optionally with a port; anything else would let a clone rewrite the scheme or path.
    if (typeof host !== 'string' || !/^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/.test(host)) throw new ManifestError('MANIFEST_INVALID_VALUE', `clone HOST ${JSON.stringify(host)} is not a host name`, where);
    clone.host = host;
  }
  return clone;
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ManifestError('MANIFEST_INVALID_VALUE', 'not an object of strings', where);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new ManifestError('MANIFEST_INVALID_VALUE', `value of ${JSON.stringify(k)} is not a string`, where);
    out[k] = v;
  }
  return out;
}
