/**
 * EXT-X-DEFINE (draft-pantos-hls-rfc8216bis §4.4.2.3): NAME/VALUE, IMPORT of a
 * multivariant variable into a media playlist, QUERYPARAM from the playlist URL.
 */
import { ManifestError } from '../errors/manifest-error.js';
import type { AttributeReader } from './attribute-list.js';

const NAME = /^[A-Za-z0-9_-]+$/;

/** Applies one EXT-X-DEFINE to `vars`. */
export function readDefine(a: AttributeReader, vars: Map<string, string>, playlistUrl: string, imported?: ReadonlyMap<string, string>): void {
  const w = `line ${a.loc.line}: #EXT-X-DEFINE`;
  const name = a.string('NAME');
  const importName = a.string('IMPORT');
  const queryParam = a.string('QUERYPARAM');
  const given = [name, importName, queryParam].filter((x) => x !== undefined).length;
  if (given !== 1) throw new ManifestError('MANIFEST_INVALID_VALUE', 'exactly one of NAME, IMPORT, QUERYPARAM is required', w);
  const key = (name ?? importName ?? queryParam)!;
  if (!NAME.test(key)) throw new ManifestError('MANIFEST_INVALID_VALUE', `bad variable name "${key.slice(0, 40)}"`, w);
  if (vars.has(key)) throw new ManifestError('MANIFEST_INVALID_VALUE', `variable ${key} defined twice`, w);
  let value: string | undefined;
  if (name !== undefined) {
    value = a.requiredString('VALUE');
  } else if (importName !== undefined) {
    value = imported?.get(importName);
    if (value === undefined) throw new ManifestError('MANIFEST_UNDEFINED_VARIABLE', `IMPORT="${importName}" is not defined in the multivariant playlist`, w);
  } else {
    let params: URLSearchParams | null = null;
    try {
      params = new URL(playlistUrl).searchParams;
    } catch {
      params = null;
    }
    value = params?.get(queryParam!) ?? undefined;
    if (value === undefined) throw new ManifestError('MANIFEST_UNDEFINED_VARIABLE', `QUERYPARAM="${queryParam}" is not in the playlist URL`, w);
  }
  vars.set(key, value);
}
