/**
 * Redundant variant streams (RFC 8216 §6.2.3 / §6.3: the same variant listed
 * more than once with different URIs, the classic HLS multi-CDN failover).
 * Without `PATHWAY-ID`, each copy is given a synthetic pathway id — the n-th
 * occurrence of a variant's identity belongs to pathway `redundant-n` — so
 * that:
 * - a copy's audio/subtitle groups (`audA` for origin 1, `audB` for origin 2)
 *   belong to that pathway, and the multivariant parser's rendition matching
 *   (n-th group of each pathway, same name/language/channels) merges them into
 *   ONE track per rendition with a URL per origin — audio fails over too;
 * - every URL of one origin shares one pathway key, so `cdnchanged` fires when
 *   the serving origin changes, not whenever audio and video requests happen to
 *   go to differently named playlist URLs (the unnamed-pathway key is the URL).
 */

/** The fields of a parsed variant this needs. */
export interface RedundancyCandidate {
  /** Identity across copies (attributes without URI / group names). */
  key: string;
  pathwayId: string;
}

/** The synthetic pathway id of the `copy`-th (0-based) occurrence of a variant. */
export function redundantPathwayId(copy: number): string {
  return `redundant-${copy + 1}`;
}

/**
 * Assigns `redundant-n` pathway ids in place when the playlist names no
 * pathways and some variant is listed more than once. Returns whether it did.
 */
export function assignRedundantPathways(variants: readonly RedundancyCandidate[]): boolean {
  if (variants.some((v) => v.pathwayId !== '')) return false; // PATHWAY-ID given: steering's own model applies
  const seen = new Map<string, number>();
  const copies = variants.map((v) => {
    const n = seen.get(v.key) ?? 0;
    seen.set(v.key, n + 1);
    return n;
  });
  if (![...seen.values()].some((n) => n > 1)) return false;
  variants.forEach((v, i) => (v.pathwayId = redundantPathwayId(copies[i]!)));
  return true;
}
