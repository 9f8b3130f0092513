import { describe, expect, it } from 'vitest';
import { LAST_SESSION_BANDWIDTH_KEY, LastSessionBandwidth } from '../../src/abr/last-session-bandwidth.js';
import type { Clock } from '../../src/platform/clock.js';
import { MapStorage } from '../support/map-storage.js';

function clockAt(state: { now: number; wall: number }): Clock {
  return { now: () => state.now, wallNow: () => state.wall, setTimeout: () => 0, clearTimeout: () => undefined };
}

describe('LastSessionBandwidth', () => {
  it('reads back what was written, with its wall-clock age', () => {
    const storage = new MapStorage();
    const time = { now: 0, wall: 1_700_000_000_000 };
    new LastSessionBandwidth(storage, clockAt(time)).write(12_345_678);
    time.wall += 60_000;
    expect(new LastSessionBandwidth(storage, clockAt(time)).read()).toEqual({ bps: 12_345_678, ageMs: 60_000 });
  });

  it('throttles writes to one per interval of monotonic time', () => {
    const storage = new MapStorage();
    const time = { now: 0, wall: 0 };
    const memory = new LastSessionBandwidth(storage, clockAt(time), 10_000);
    memory.write(1_000_000);
    time.now = 5_000;
    memory.write(2_000_000);
    expect(memory.read()?.bps).toBe(1_000_000);
    time.now = 10_000;
    memory.write(3_000_000);
    expect(memory.read()?.bps).toBe(3_000_000);
  });

  it('reads storage once until it writes, the age still following the clock', () => {
    const storage = new MapStorage();
    const time = { now: 0, wall: 1_000_000 };
    new LastSessionBandwidth(storage, clockAt(time)).write(4_000_000);
    let gets = 0;
    const counted = { get: (k: string) => (gets++, storage.get(k)), set: (k: string, v: string) => storage.set(k, v) };
    const memory = new LastSessionBandwidth(counted, clockAt(time));
    expect(memory.read()).toEqual({ bps: 4_000_000, ageMs: 0 });
    time.wall += 5_000;
    expect(memory.read()).toEqual({ bps: 4_000_000, ageMs: 5_000 });
    expect(gets).toBe(1);
    memory.write(6_000_000);
    expect(memory.read()?.bps).toBe(6_000_000);
    expect(gets).toBe(2);
  });

  it('ignores non-finite estimates (the estimator before enough bytes)', () => {
    const storage = new MapStorage();
    new LastSessionBandwidth(storage, clockAt({ now: 0, wall: 0 })).write(NaN);
    expect(storage.map.size).toBe(0);
  });

  it('reads a corrupt or foreign value as nothing', () => {
    const storage = new MapStorage();
    const memory = new LastSessionBandwidth(storage, clockAt({ now: 0, wall: 0 }));
    for (const raw of ['not json', '42', 'null', '{"bps":"fast","at":1}', '{"bps":-5,"at":1}', '{"bps":5}']) {
      storage.set(LAST_SESSION_BANDWIDTH_KEY, raw);
      expect(memory.read()).toBeUndefined();
    }
  });
});
