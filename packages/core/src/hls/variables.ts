/**
 * EXT-X-DEFINE (draft-pantos-hls-rfc8216bis §4.4.2.3): NAME/VALUE, IMPORT of a
 * multivariant variable into a media playlist, QUERYPARAM from the playlist URL.
 */
import { ManifestError } from '../errors/manifest-error.js';
import type { AttributeReader } from './attribute-list.js';

const NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Output of `{$NAME}` substitution may be at most this many times the playlist
 * it came from (plus {@link EXPANSION_FLOOR}), and never more than
 * {@link EXPANSION_CAP} characters in all. Chained EXT-X-DEFINE values double
 * at each level: 1.2 KB of playlist reached a 428 M-character URI at 1.7 GB
 * (issue 15 #11). Real playlists use variables to shorten URIs: a 500k-segment
 * playlist of `{$base}/seg-N.ts` lines with a 50-character base expands ~4×.
 */
export const EXPANSION_FACTOR = 8;
/** Expansion every playlist may use, however small (a few long CDN tokens). */
export const EXPANSION_FLOOR = 1024 * 1024;
/** Absolute bound on characters produced by substitution in one playlist (≈ 64 MB as one-byte strings). */
export const EXPANSION_CAP = 64 * 1024 * 1024;

/**
 * The variables of one playlist and the substitution budget they may spend.
 * A Map so the parsers' lookups stay what they were; the budget is charged by
 * {@link substituteVariables} for every character it produces.
 */
export class VariableScope extends Map<string, string> {
  private remaining: number;

  /** `inputLength`: characters of the playlist the variables come from. */
  constructor(inputLength: number) {
    super();
    this.remaining = Math.min(EXPANSION_CAP, EXPANSION_FLOOR + EXPANSION_FACTOR * inputLength);
  }

  /** Spends `n` characters of output; throws MANIFEST_LIMIT_EXCEEDED once the budget is gone. */
  charge(n: number, line: number): void {
    this.remaining -= n;
    if (this.remaining < 0) {
      throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', 'variable substitution expands the playlist beyond its limit (EXT-X-DEFINE amplification)', `line ${line}`);
    }
  }
}

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
