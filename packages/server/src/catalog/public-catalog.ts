/**
 * What of the fixture catalog may go over HTTP (issue 15 #1): titles, tracks
 * and key *ids*, never the content keys, which leave only through the license
 * exchange (token, entitlement, concurrency limit). The fixture root's own
 * `catalog.json` holds the keys and is not served by the origin or the caches.
 */
import type { Catalog, CatalogTitle } from '../fixtures/catalog.js';

/** A catalog title as clients see it: `encryption.keys` replaced by the key ids. */
export type PublicCatalogTitle = Omit<CatalogTitle, 'encryption'> & { encryption: { scheme: 'cenc'; kids: string[] } | null };

export function publicCatalog(catalog: Catalog): { version: number; titles: PublicCatalogTitle[] } {
  return {
    version: catalog.version,
    titles: catalog.titles.map((t) => ({ ...t, encryption: t.encryption ? { scheme: t.encryption.scheme, kids: t.encryption.keys.map((k) => k.kid) } : null })),
  };
}

/**
 * True for media paths under a title folder (`<title>/<...>`). Files at the
 * fixture root (catalog.json, generator state) are private.
 */
export function isPublicMediaPath(relative: string): boolean {
  const parts = relative.split('/');
  return parts.length >= 2 && parts[0] !== '' && !parts[0]!.startsWith('.');
}
