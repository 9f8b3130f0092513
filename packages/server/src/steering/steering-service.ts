/**
 * Content steering (DASH-IF CS / HLS rfc8216bis §7): ranks the caches by health
 * (injected faults and observed errors), load (active requests) and proximity
 * (ISP-embedded before IXP), origin last. The answer carries TTL and a
 * RELOAD-URI so clients come back; a fault is reflected at the next reload,
 * i.e. within one TTL.
 */
export interface CacheStatus {
  id: string;
  kind: 'isp' | 'ixp' | 'origin';
  healthy: boolean;
  activeRequests: number;
  errors: number;
}

export function rankPathways(caches: readonly CacheStatus[]): string[] {
  const score = (c: CacheStatus) => (c.kind === 'origin' ? 1e9 : (c.healthy ? 0 : 1e6) + c.activeRequests * 10 + (c.kind === 'ixp' ? 5 : 0));
  return [...caches].sort((a, b) => score(a) - score(b) || a.id.localeCompare(b.id)).map((c) => c.id);
}

export function dashSteeringResponse(ranking: string[], ttl: number, reloadUri: string): Record<string, unknown> {
  return { VERSION: 1, TTL: ttl, 'RELOAD-URI': reloadUri, 'SERVICE-LOCATION-PRIORITY': ranking };
}

export function hlsSteeringResponse(ranking: string[], ttl: number, reloadUri: string): Record<string, unknown> {
  return { VERSION: 1, TTL: ttl, 'RELOAD-URI': reloadUri, 'PATHWAY-PRIORITY': ranking };
}

/** An operator's priority first (in its order), then the rest in computed rank. */
export function withOverride(ranking: readonly string[], override: readonly string[] | null): string[] {
  if (!override) return [...ranking];
  return [...override.filter((id) => ranking.includes(id)), ...ranking.filter((id) => !override.includes(id))];
}
