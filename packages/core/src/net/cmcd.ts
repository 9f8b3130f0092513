import type { NetworkRequest, RequestKind } from '../platform/network-client.js';
import type { RequestFilter } from './request-engine.js';

/** CTA-5004 object types (`ot`). */
export type CmcdObjectType = 'm' | 'a' | 'v' | 'av' | 'i' | 'c' | 'tt' | 'k' | 'o';

/**
 * The CMCD keys Edgeplay sends (CTA-5004 §3.3). Units are the spec's:
 * kbps for `br`/`mtp`, ms for `bl`/`d`.
 */
export interface CmcdData {
  /** Encoded bitrate of the requested object, kbps. */
  br?: number;
  /** Buffer length ahead of the playhead, ms (rounded to 100 ms). */
  bl?: number;
  /** Object duration, ms. */
  d?: number;
  ot?: CmcdObjectType;
  /** Session id, unique per playback session. */
  sid?: string;
  /** Content id. */
  cid?: string;
  /** Measured throughput, kbps (rounded to 100 kbps). */
  mtp?: number;
  /** Startup: the object is needed urgently to start or resume playback. */
  su?: boolean;
}

/** Player state the filter reads for each request (called at request time, so values are current). */
export type CmcdStateGetter = (request: NetworkRequest) => CmcdData;

/** Default `ot` when the state getter leaves it out. Media segments default to video; the getter should say `a`/`tt` when it knows. */
export function cmcdObjectType(kind: RequestKind): CmcdObjectType {
  switch (kind) {
    case 'manifest':
    case 'media-playlist':
      return 'm';
    case 'init':
      return 'i';
    case 'segment':
      return 'v';
    case 'key':
    case 'license':
    case 'certificate':
      return 'k';
    default:
      return 'o';
  }
}

/**
 * Serialises CMCD data as CTA-5004 §3.2 requires: keys in alphabetical order,
 * comma-separated, integers as decimal, strings in double quotes (with `"` and
 * `\` escaped), boolean `true` as the bare key and `false` omitted, tokens
 * (`ot`) unquoted. Non-finite numbers are dropped rather than sent as `NaN`.
 */
export function serializeCmcd(data: CmcdData): string {
  const parts: string[] = [];
  for (const key of Object.keys(data).sort() as (keyof CmcdData)[]) {
    const value = data[key];
    if (value === undefined || value === null || value === false) continue;
    if (value === true) parts.push(key);
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) continue;
      parts.push(`${key}=${Math.round(value)}`);
    } else if (key === 'ot') parts.push(`${key}=${value}`);
    else parts.push(`${key}="${String(value).replace(/["\\]/g, (c) => `\\${c}`)}"`);
  }
  return parts.join(',');
}

/** Applies the spec's rounding (bl to 100 ms, mtp to 100 kbps, br/d to integers). */
export function roundCmcd(data: CmcdData): CmcdData {
  const out: CmcdData = { ...data };
  if (out.bl !== undefined) out.bl = Math.max(0, Math.round(out.bl / 100) * 100);
  if (out.mtp !== undefined) out.mtp = Math.max(0, Math.round(out.mtp / 100) * 100);
  if (out.br !== undefined) out.br = Math.round(out.br);
  if (out.d !== undefined) out.d = Math.round(out.d);
  return out;
}

/**
 * A request filter adding CMCD as the `CMCD` query parameter (CTA-5004 §2.2,
 * the transmission mode that survives CORS without preflight). Existing
 * query parameters and fragments are kept; a `CMCD` parameter already present
 * is replaced. `data:`/`blob:` URLs are left alone.
 */
export function cmcdRequestFilter(getState: CmcdStateGetter): RequestFilter {
  return (request) => {
    if (!/^https?:/i.test(request.url)) return request;
    const state = getState(request);
    const data = roundCmcd({ ...state, ot: state.ot ?? cmcdObjectType(request.kind) });
    const payload = serializeCmcd(data);
    if (!payload) return request;
    return { ...request, url: withQueryParam(request.url, 'CMCD', payload) };
  };
}

function withQueryParam(url: string, name: string, value: string): string {
  const hashAt = url.indexOf('#');
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = base.indexOf('?');
  const path = queryAt >= 0 ? base.slice(0, queryAt) : base;
  const kept = queryAt >= 0 ? base.slice(queryAt + 1).split('&').filter((p) => p !== '' && p.split('=')[0] !== name) : [];
  kept.push(`${name}=${encodeURIComponent(value)}`);
  return `${path}?${kept.join('&')}${hash}`;
}
