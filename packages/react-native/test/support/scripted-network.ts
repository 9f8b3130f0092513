import type { NetworkRequest } from '../../../core/src/platform/network-client.js';
import type { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { ScriptedNetwork as SharedScriptedNetwork } from '../../../../test/support/fake-network.js';

/** One scripted answer: a body with a status, or a refused connection. */
export type ScriptedAnswer = { status?: number; body?: string } | 'refuse';

/**
 * The React Native suites' preset of the shared test-kit network: every answer `latencyMs`
 * later, any HTTP status resolved (the adapter's DRM and telemetry code reads statuses), and
 * `'refuse'` rejecting with `CONNECTION_FAILED`.
 */
export class ScriptedNetwork extends SharedScriptedNetwork {
  constructor(clock: VirtualClock, answer: (req: NetworkRequest) => ScriptedAnswer, latencyMs = 20) {
    super({ clock, httpErrors: 'resolve', ttfbMs: latencyMs, reportHeaders: false }, (req) => {
      const a = answer(req);
      return a === 'refuse' ? { refuse: true } : { body: a.body ?? '', ...(a.status !== undefined ? { status: a.status } : {}) };
    });
  }
}
