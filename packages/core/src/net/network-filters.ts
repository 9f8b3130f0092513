/**
 * The part of the request engine apps may touch: filters on every request and
 * response (auth headers, URL signing, CMCD, unwrapping). The engine class
 * itself stays internal so its retry and failover machinery can change.
 */
import type { RequestFilter, ResponseFilter } from './request-engine.js';

export type { RequestFilter, ResponseFilter };

/** Filters on the player's network traffic (segments, manifests, licences, certificates...). */
export interface NetworkFilters {
  /**
   * Adds a filter applied to every attempt's request, after the filters added
   * before it (each receives the previous one's output). Returns a remover.
   */
  addRequestFilter(filter: RequestFilter): () => void;
  /** Adds a filter applied to every successful response before it is used. Returns a remover. */
  addResponseFilter(filter: ResponseFilter): () => void;
}
