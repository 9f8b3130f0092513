/**
 * Content steering (DASH-IF CS / HLS rfc8216bis §7): ranks the caches on
 * measured health — injected whole-cache faults, the error rate, throughput
 * and time to first byte of recent responses (median across clients, see
 * caches/cache-health.ts) — then load (clients in flight, beyond a dead zone)
 * and proximity (ISP-embedded before IXP), origin last. The answer carries
 * TTL and a RELOAD-URI so clients come back; trouble is reflected at the next
 * reload, i.e. within one TTL.
 */
export interface CacheStatus {
  id: string;
  kind: 'isp' | 'ixp' | 'origin';
  /** False while an operator-injected fault takes the whole cache down. */
  healthy: boolean;
  /** Clients with a request in flight. */
  load: number;
  /** 0..1 */
  errorRate: number;
  throughputBps: number | null;
  ttfbMs: number | null;
}

/**
 * Score weights (lower ranks first). An error rate of 10 % (100) outweighs any
 * load difference a few clients make; a cache delivering below 2 Mbit/s (the
 * middle of the fixture ladder) is penalised up to 300, a TTFB of 3 s by 280;
 * ISP before IXP breaks ties (5).
 */
/**
 * Clients a cache serves before load counts: a handful of players is no load
 * for a real edge, and without a dead zone one client (or 30 sockets of it)
 * reorders the ranking by itself (issue 15 #8).
 */
export const LOAD_DEAD_ZONE = 3;

export function pathwayScore(c: CacheStatus): number {
  if (c.kind === 'origin') return 1e9;
  const slow = c.throughputBps === null ? 0 : Math.max(0, (2e6 - c.throughputBps) / 2e6) * 300;
  // TTFB below 200 ms is normal (CDN edges answer in tens of ms); above it, up to 280 points at 3 s.
  const late = c.ttfbMs === null ? 0 : Math.max(0, Math.min(c.ttfbMs, 3000) - 200) / 10;
  return (c.healthy ? 0 : 1e6) + c.errorRate * 1000 + slow + late + Math.max(0, c.load - LOAD_DEAD_ZONE) * 10 + (c.kind === 'ixp' ? 5 : 0);
}

export function rankPathways(caches: readonly CacheStatus[]): string[] {
  return [...caches].sort((a, b) => pathwayScore(a) - pathwayScore(b) || a.id.localeCompare(b.id)).map((c) => c.id);
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
