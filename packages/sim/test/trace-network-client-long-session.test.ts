/**
 * The simulated network late in a long session: past 2^21 ms (≈ 35 min) of
 * virtual time a millisecond's ulp (4.7e-10 ms) times a 40 Mb/s rate is more
 * than the 1e-6-byte completion tolerance, so a body's last fraction of a
 * byte could be "due" at exactly `now` and the completion timer refired at
 * the same instant forever — the livelock of the 1-hour Tizen soak
 * (packages/tv/test/memory-budget-soak.test.ts) at ≈ 2200 s.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../core/src/platform/clock.js';
import type { NetworkResponse } from '../../core/src/platform/network-client.js';
import { TraceNetworkClient } from '../src/trace-network-client.js';
import { VirtualClock } from '../src/virtual-clock.js';

/** `clock`, but setting more than `limit` timers without time moving throws (a spin fails the test instead of hanging it). */
function spinGuard(clock: VirtualClock, limit = 1000): Clock {
  let at = Number.NaN;
  let count = 0;
  return {
    now: () => clock.now(),
    wallNow: () => clock.wallNow(),
    clearTimeout: (h) => clock.clearTimeout(h),
    setTimeout: (callback, delayMs) => {
      if (clock.now() === at) {
        if (++count > limit) throw new Error(`timer spin at virtual ${clock.now()} ms`);
      } else {
        at = clock.now();
        count = 0;
      }
      return clock.setTimeout(callback, delayMs);
    },
  };
}

describe('TraceNetworkClient late in a long session', () => {
  it('completes every body 2200 s into the session (no timer spin on the last fraction of a byte)', async () => {
    // 40 Mb/s = 5000 bytes/ms, 40 ms RTT: the soak's network. Before the fix about one size in ten spun here
    // (100 002 bytes: the first, at 2 200 060.0004 ms).
    for (let bytes = 100_000; bytes < 100_100; bytes++) {
      const clock = new VirtualClock(2_200_000);
      const net = new TraceNetworkClient({ clock: spinGuard(clock), trace: [{ time_s: 0, mbps: 40 }], rttMs: 40, defaultBytes: bytes });
      let response: NetworkResponse | null = null;
      void net.request({ url: 'https://x/seg', kind: 'segment' }).promise.then((r) => (response = r));
      clock.advance(1000);
      await Promise.resolve();
      expect(response, `${bytes} bytes`).not.toBeNull();
      expect(response!.bytes).toBe(bytes);
      expect(response!.timing.end).toBeCloseTo(2_200_040 + bytes / 5000, 3);
      expect(net.totalBytes).toBeCloseTo(bytes, 4); // within the 1e-6-byte completion tolerance
      expect(clock.pendingTimers).toBe(0);
    }
  });
});
