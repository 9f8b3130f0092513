import type { NetworkRequest } from '../../src/platform/network-client.js';
import type { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { ScriptedNetwork } from '../../../../test/support/fake-network.js';

/** How the fake answers one URL: an HTTP status after `ttfbMs`, a body taking `bodyMs`, or a hang. */
export interface FakeRoute {
  status?: number;
  ttfbMs?: number;
  bodyMs?: number;
  bytes?: number;
  /** Never answers (to exercise timeouts). */
  hang?: boolean;
  /** Rejects with CONNECTION_FAILED. */
  refuse?: boolean;
}

/**
 * The request-engine suites' preset of the shared {@link ScriptedNetwork}: a status ≥ 400
 * rejects with `HTTP_ERROR` after the headers (the NetworkClient contract), 10 ms to headers
 * and 10 ms of body by default, 1000 zero bytes, progress at half and at the end.
 */
export class FakeNetworkClient extends ScriptedNetwork {
  constructor(clock: VirtualClock, route: (req: NetworkRequest, nth: number) => FakeRoute) {
    super({ clock, httpErrors: 'reject', ttfbMs: 10, bodyMs: 10, progress: 'halves' }, (req, ctx) => ({ bytes: 1000, ...route(req, ctx.nthForUrl) }));
  }

  /** How many times `abort()` was called. */
  get aborted(): number {
    return this.abortCalls;
  }
}
