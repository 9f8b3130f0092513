/**
 * What the request-engine suites set up the same way: two base URLs on two
 * pathways, a pathway selector that records what the engine reports, and an
 * engine on a virtual clock over {@link FakeNetworkClient} with deterministic
 * retries (100 ms base delay, no fuzz, 3 attempts).
 */
import { RequestEngine } from '../../src/net/request-engine.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import type { BaseUrl } from '../../src/manifest/model.js';
import type { PathwayFailureReason, PathwaySelector } from '../../src/net/pathway-selector.js';
import { FakeNetworkClient, type FakeRoute } from './fake-network-client.js';

/** Pathway `a` first, `b` second, in manifest order. */
export const TWO_PATHWAYS: BaseUrl[] = [
  { url: 'https://a.example/v/', pathwayId: 'a' },
  { url: 'https://b.example/v/', pathwayId: 'b' },
];

/** Records pathway outcomes (`ok a`, `fail b stalled`); keeps manifest order. */
export class RecordingSelector implements PathwaySelector {
  readonly events: string[] = [];
  order(c: readonly BaseUrl[]) {
    return [...c];
  }
  reportSuccess(p: BaseUrl) {
    this.events.push(`ok ${p.pathwayId}`);
  }
  reportFailure(p: BaseUrl, reason: PathwayFailureReason) {
    this.events.push(`fail ${p.pathwayId} ${reason}`);
  }
  current() {
    return null;
  }
}

/** An engine whose network answers each URL (and its `nth` request) with `route`; `extra` overrides engine options. */
export function engineOnFakeNetwork(route: (url: string, nth: number) => FakeRoute, extra: Partial<ConstructorParameters<typeof RequestEngine>[0]> = {}) {
  const clock = new VirtualClock();
  const client = new FakeNetworkClient(clock, (req, nth) => route(req.url, nth));
  const engine = new RequestEngine({ client, clock, random: () => 0.5, retry: { baseDelayMs: 100, fuzz: 0, maxAttempts: 3 }, ...extra });
  return { clock, client, engine };
}
