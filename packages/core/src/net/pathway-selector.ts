import type { BaseUrl } from '../manifest/model.js';

/** Why a request against a pathway failed, as classified by the network engine. */
export type PathwayFailureReason = 'http-error' | 'connection' | 'timeout' | 'slow-ttfb' | 'stalled' | 'too-slow' | 'bad-body';

/**
 * Decides which pathway (edge cache) each request goes to. The network engine
 * asks it for an order and reports outcomes; the failover issue implements the
 * full manager (penalty box, content steering). The default keeps the manifest
 * order and moves a failing pathway to the back.
 */
export interface PathwaySelector {
  /** The candidates in the order to try them. `candidates` is the track's own ranked list. */
  order(candidates: readonly BaseUrl[]): BaseUrl[];
  reportSuccess(pathway: BaseUrl, sample: { bytes: number; durationMs: number; ttfbMs: number }): void;
  reportFailure(pathway: BaseUrl, reason: PathwayFailureReason): void;
  /** The pathway new requests currently go to first. */
  current(): string | null;
}
