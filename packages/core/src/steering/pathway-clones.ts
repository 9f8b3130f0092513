/**
 * Pathway cloning (HLS rfc8216bis §7.2 `PATHWAY-CLONES`, also accepted in
 * DASH-IF steering answers): the steering server names a new pathway as a
 * copy of an existing one with its URIs rewritten (another host, extra query
 * parameters, or per-variant URIs), so a service can bring a CDN online
 * without re-issuing manifests.
 *
 * Our model keeps one track per rendition with ranked `baseUrls` (one per
 * pathway), so a clone is one more `BaseUrl` on every track the base pathway
 * serves. Pure over the presentation: returns how many base URLs it added.
 */
import type { BaseUrl, Presentation, Track } from '../manifest/model.js';
import type { PathwayClone } from './steering-manifest.js';

/**
 * Adds the pathways `clones` describe to every track (and to
 * `presentation.pathways`). A clone whose id already exists, or whose base
 * pathway is unknown, is skipped: the specification says clones never
 * replace an existing pathway.
 */
export function applyPathwayClones(presentation: Presentation, clones: readonly PathwayClone[]): number {
  let added = 0;
  for (const clone of clones) {
    if (presentation.pathways.some((b) => b.pathwayId === clone.id)) continue;
    let any = false;
    for (const period of presentation.periods) {
      for (const set of period.switchingSets) {
        for (const track of set.tracks) {
          const base = track.baseUrls.find((b) => b.pathwayId === clone.baseId);
          if (!base || track.baseUrls.some((b) => b.pathwayId === clone.id)) continue;
          const url = clonedUrl(base.url, clone, track);
          if (url === null) continue;
          track.baseUrls.push(withId(base, url, clone.id));
          added++;
          any = true;
        }
      }
    }
    const presentationBase = presentation.pathways.find((b) => b.pathwayId === clone.baseId);
    if (any && presentationBase) {
      const url = clonedUrl(presentationBase.url, clone, null);
      if (url !== null) presentation.pathways.push(withId(presentationBase, url, clone.id));
    }
  }
  return added;
}

/** The URL of `url` on the cloned pathway, or null when it cannot be rewritten (not an http(s) URL). */
export function clonedUrl(url: string, clone: PathwayClone, track: Pick<Track, 'type' | 'stableId'> | null): string | null {
  const stable = track?.stableId;
  if (stable !== undefined) {
    const direct = track?.type === 'video' ? (clone.perVariantUris[stable] ?? clone.perRenditionUris[stable]) : (clone.perRenditionUris[stable] ?? clone.perVariantUris[stable]);
    if (direct !== undefined) return direct;
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (clone.host !== undefined) u.host = clone.host;
  for (const [k, v] of Object.entries(clone.params)) u.searchParams.set(k, v);
  return u.toString();
}

function withId(base: BaseUrl, url: string, pathwayId: string): BaseUrl {
  const out: BaseUrl = { url, pathwayId };
  if (base.priority !== undefined) out.priority = base.priority;
  if (base.weight !== undefined) out.weight = base.weight;
  return out;
}
