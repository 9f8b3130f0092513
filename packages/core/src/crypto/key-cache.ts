/**
 * Segment keys by URI. HLS fetches the key of an EXT-X-KEY once and uses it
 * for every segment under that tag; live streams rotate keys (a new URI every
 * N segments), so the cache is bounded (least recently used goes first) and a
 * key that proves wrong can be dropped and fetched again.
 */
import { isEdgeplayError } from '../errors/edgeplay-error.js';
import { MediaError } from '../errors/media-error.js';

/** Fetches the raw key bytes at `uri` (the lead wires it to the request engine, kind `key`). */
export type KeyFetcher = (uri: string) => Promise<Uint8Array>;

/** Options of {@link KeyCache}. */
export interface KeyCacheOptions {
  fetchKey: KeyFetcher;
  /**
   * Most keys kept. With per-segment rotation (the worst case: one key per
   * 2–6 s segment) 32 covers a 64–192 s buffer, more than any buffer goal we
   * ship (30 s), and 32 × 32 bytes is nothing.
   */
  maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 32;

/** Per-URI key cache with in-flight de-duplication. */
export class KeyCache {
  private readonly fetchKey: KeyFetcher;
  private readonly maxEntries: number;
  /** Insertion order is recency order (re-inserted on each hit). */
  private readonly entries = new Map<string, Promise<Uint8Array>>();

  constructor(options: KeyCacheOptions) {
    this.fetchKey = options.fetchKey;
    this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  }

  /** Number of keys held or being fetched. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The key at `uri`, fetched at most once while cached (concurrent callers
   * share one fetch). `data:` URIs are decoded without fetching. A failed
   * fetch is not cached, so the next call tries again.
   *
   * @param expectedLength 16 or 32; a key of another length is KEY_LOAD_FAILED.
   * @throws MediaError KEY_LOAD_FAILED naming the key URI (the network error is the `cause`).
   */
  get(uri: string, expectedLength = 16): Promise<Uint8Array> {
    const hit = this.entries.get(uri);
    if (hit) {
      this.entries.delete(uri);
      this.entries.set(uri, hit);
      return hit.then((k) => checkLength(k, uri, expectedLength));
    }
    const pending = this.load(uri);
    this.entries.set(uri, pending);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    pending.catch(() => {
      if (this.entries.get(uri) === pending) this.entries.delete(uri);
    });
    return pending.then((k) => checkLength(k, uri, expectedLength));
  }

  /** Forgets `uri` (e.g. after DECRYPT_FAILED: the server may have rotated the key behind the same URI). */
  invalidate(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }

  private async load(uri: string): Promise<Uint8Array> {
    if (/^data:/i.test(uri)) return decodeDataUri(uri);
    try {
      const key = await this.fetchKey(uri);
      return key.slice();
    } catch (e) {
      const status = isEdgeplayError(e) && typeof e.details.status === 'number' ? e.details.status : undefined;
      throw new MediaError('KEY_LOAD_FAILED', `key ${uri} could not be loaded: ${e instanceof Error ? e.message : String(e)}`, {
        details: { keyUri: uri, ...(status === undefined ? {} : { status }) },
        cause: e,
      });
    }
  }
}

function checkLength(key: Uint8Array, uri: string, expected: number): Uint8Array {
  if (key.length !== expected) {
    throw new MediaError('KEY_LOAD_FAILED', `key ${uri} is ${key.length} bytes, expected ${expected}`, { details: { keyUri: uri, length: key.length } });
  }
  return key;
}

/** `data:[<mediatype>][;base64],<data>` (RFC 2397) → bytes. */
function decodeDataUri(uri: string): Uint8Array {
  const comma = uri.indexOf(',');
  const fail = (why: string) => new MediaError('KEY_LOAD_FAILED', `key data URI is malformed: ${why}`, { details: { keyUri: uri.slice(0, 64) } });
  if (comma < 0) throw fail('no comma');
  const meta = uri.slice(5, comma);
  const payload = uri.slice(comma + 1);
  if (/;base64$/i.test(meta)) {
    let bin: string;
    try {
      bin = atob(decodeURIComponent(payload));
    } catch {
      throw fail('bad base64');
    }
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  }
  let text: string;
  try {
    text = decodeURIComponent(payload);
  } catch {
    throw fail('bad percent-encoding');
  }
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}
