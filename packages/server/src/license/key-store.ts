/**
 * Where content keys come from. The reference server answers ClearKey from the
 * fixture catalog; a Widevine/PlayReady/FairPlay proxy would implement the same
 * interface by forwarding to its DRM vendor.
 */
import type { Catalog } from '../fixtures/catalog.js';

/** One content key (kid → key, hex). */
export interface ContentKey {
  kid: string;
  key: string;
}

/** Where the ClearKey licence service looks keys up. */
export interface KeyStore {
  /** Keys of `title` among `kids` (lowercase hex); unknown kids are simply absent. */
  keysFor(title: string, kids: string[]): ContentKey[];
}

export class CatalogKeyStore implements KeyStore {
  constructor(private readonly catalog: Catalog) {}

  keysFor(title: string, kids: string[]): ContentKey[] {
    const t = this.catalog.titles.find((x) => x.id === title);
    const keys = t?.encryption?.keys ?? [];
    return keys.filter((k) => kids.includes(k.kid.toLowerCase()));
  }
}
