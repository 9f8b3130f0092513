/**
 * Common Media Client Data (CTA-5004): a request filter that tells the CDN
 * what each request is for (object type, bitrate, duration) and how the
 * player is doing (buffer length, measured throughput, startup), keyed by a
 * session id, as the `CMCD` query parameter or the `CMCD-*` headers.
 *
 * Encoding goes through `@svta/cml-cmcd` (the Common Media Library's CMCD
 * package that hls.js uses and shaka vendors): key ordering, Structured Field
 * value forms, spec rounding (bl/mtp to 100, br/d to integers) and the
 * header-shard split are its job, kept in step with the spec upstream. What
 * is ours is where the values come from.
 */
import { appendCmcdHeaders, toCmcdQuery, type Cmcd, type CmcdV1Data } from '@svta/cml-cmcd';
import type { NetworkRequest, RequestKind } from '../platform/network-client.js';
import type { NetworkFilters } from './network-filters.js';
import type { RequestFilter } from './request-engine.js';

/** CTA-5004 object types (`ot`). */
export type CmcdObjectType = 'm' | 'a' | 'v' | 'av' | 'i' | 'c' | 'tt' | 'k' | 'o';

/** The `cmcd` section of the player config. */
export interface CmcdConfig {
  /** Send CMCD on every request of the player (off by default: it changes every URL, so CDN caches must ignore it). */
  enabled: boolean;
  /**
   * `query`: the `CMCD` query parameter (no CORS preflight); `headers`: the
   * four `CMCD-*` request headers (needs the CDN to allow them in CORS).
   */
  mode: 'query' | 'headers';
  /** Session id (`sid`); a random UUID per player when absent. */
  sessionId?: string;
  /** Content id (`cid`), e.g. the title id of the app's catalogue. */
  contentId?: string;
}

/** Defaults of {@link CmcdConfig}. */
export const DEFAULT_CMCD_CONFIG: Readonly<CmcdConfig> = Object.freeze({ enabled: false, mode: 'query' });

/** What the filter reads of the player at request time (a `Player` satisfies it). */
export interface CmcdSource {
  /** Where the filter is installed. */
  readonly network: NetworkFilters;
  /** Player state: `loading`/`buffering` mark requests as startup-urgent (`su`). */
  readonly state: string;
  /** Current config; its `cmcd` section is read at every request. */
  getConfig(): { readonly cmcd: CmcdConfig };
  /** Buffer ahead (s) and throughput estimate (bits/s): `bl` and `mtp`. */
  getStats(): { readonly bufferAhead: number; readonly estimatedBandwidth: number };
  /** The loaded presentation: `sf` (DASH/HLS) and `st` (VOD/live). */
  getPresentation(): { readonly format: 'dash' | 'hls'; readonly type: 'vod' | 'live' } | null;
}

/** `ot` of a request from its kind and, for media, its content type. */
export function cmcdObjectType(kind: RequestKind, contentType?: 'video' | 'audio' | 'text' | 'image'): CmcdObjectType {
  switch (kind) {
    case 'manifest':
    case 'media-playlist':
      return 'm';
    case 'init':
      return 'i';
    case 'segment':
    case 'index':
      return contentType === 'audio' ? 'a' : contentType === 'text' ? 'tt' : contentType === 'image' ? 'i' : 'v';
    case 'key':
    case 'license':
    case 'certificate':
      return 'k';
    default:
      return 'o';
  }
}

/**
 * The CMCD keys of one request: object keys from the request (`ot`, and `br`
 * kbps / `d` ms when the request carries its media), request keys from the
 * player (`bl` ms, `mtp` kbps, `su`), session keys from config and
 * presentation (`sid`, `cid`, `sf`, `st`). Unknown or non-finite values are left out.
 */
export function cmcdData(request: NetworkRequest, source: Omit<CmcdSource, 'network'>, sessionId: string): CmcdV1Data {
  const config = source.getConfig().cmcd;
  const stats = source.getStats();
  const presentation = source.getPresentation();
  const media = request.media;
  const data: CmcdV1Data = { sid: config.sessionId ?? sessionId, ot: cmcdObjectType(request.kind, media?.contentType) };
  if (config.contentId) data.cid = config.contentId;
  if (presentation) {
    data.sf = presentation.format === 'dash' ? 'd' : 'h';
    data.st = presentation.type === 'live' ? 'l' : 'v';
  }
  if (media && Number.isFinite(media.bandwidth) && media.bandwidth > 0) data.br = media.bandwidth / 1000;
  if (media && Number.isFinite(media.duration) && media.duration > 0) data.d = media.duration * 1000;
  if (request.kind === 'segment' || request.kind === 'init') {
    if (Number.isFinite(stats.bufferAhead)) data.bl = Math.max(0, stats.bufferAhead * 1000);
    if (source.state === 'loading' || source.state === 'buffering') data.su = true;
  }
  if (Number.isFinite(stats.estimatedBandwidth) && stats.estimatedBandwidth > 0) data.mtp = stats.estimatedBandwidth / 1000;
  return data;
}

/**
 * A request filter adding CMCD per `source.getConfig().cmcd`, read at every
 * request so `player.configure({ cmcd: { enabled: true } })` takes effect on
 * the next request. `data:`/`blob:` URLs are left alone; an existing `CMCD`
 * query parameter is replaced; the fragment stays last.
 */
export function cmcdRequestFilter(source: Omit<CmcdSource, 'network'>, sessionId: string = randomSessionId()): RequestFilter {
  return (request) => {
    const config = source.getConfig().cmcd;
    if (!config.enabled || !/^https?:/i.test(request.url)) return request;
    // The encoders are typed for v2 data (lists per object type) but with `version: 1` encode v1's scalars (cmcd.test.ts reads the result).
    const data = cmcdData(request, source, sessionId) as Cmcd;
    if (config.mode === 'headers') return { ...request, headers: appendCmcdHeaders({ ...(request.headers ?? {}) }, data, { version: 1 }) };
    return { ...request, url: withQuery(request.url, toCmcdQuery(data, { version: 1 })) };
  };
}

/** Installs `cmcdRequestFilter` on the player's network filters. Returns the remover. */
export function attachCmcd(source: CmcdSource): () => void {
  return source.network.addRequestFilter(cmcdRequestFilter(source));
}

/** Puts `CMCD=…` into the query of `url`, replacing an existing one and keeping the fragment last. */
function withQuery(url: string, query: string): string {
  const hashAt = url.indexOf('#');
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = base.indexOf('?');
  const path = queryAt >= 0 ? base.slice(0, queryAt) : base;
  const kept = queryAt >= 0 ? base.slice(queryAt + 1).split('&').filter((p) => p !== '' && p.split('=')[0] !== 'CMCD') : [];
  kept.push(query);
  return `${path}?${kept.join('&')}${hash}`;
}

/** RFC 4122 v4 id (CTA-5004 recommends a UUID for `sid`). */
function randomSessionId(): string {
  const uuid = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto?.randomUUID;
  if (uuid) return uuid.call((globalThis as { crypto?: unknown }).crypto);
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8).join('')}-${hex.slice(8, 12).join('')}-${hex.slice(12, 16).join('')}-${hex.slice(16, 20).join('')}-${hex.slice(20).join('')}`;
}
