import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../src/virtual-clock.js';

describe('VirtualClock', () => {
  it('fires timers in due order, ties in creation order, including timers set by timers', () => {
    const c = new VirtualClock();
    const fired: string[] = [];
    c.setTimeout(() => fired.push('b30'), 30);
    c.setTimeout(() => fired.push('a10'), 10);
    c.setTimeout(() => {
      fired.push('c10');
      c.setTimeout(() => fired.push('d15'), 5);
    }, 10);
    c.advance(20);
    expect(fired).toEqual(['a10', 'c10', 'd15']);
    expect(c.now()).toBe(20);
    c.advance(100);
    expect(fired.at(-1)).toBe('b30');
  });
  it('cleared timers never fire; wall clock follows', () => {
    const c = new VirtualClock(0, 1000);
    let n = 0;
    const h = c.setTimeout(() => n++, 5);
    c.clearTimeout(h);
    c.advance(10);
    expect(n).toBe(0);
    expect(c.wallNow()).toBe(1010);
    expect(c.pendingTimers).toBe(0);
  });
  it('advanceAsync lets awaiting code observe each timer', async () => {
    const c = new VirtualClock();
    const sleep = (ms: number) => new Promise<void>((r) => c.setTimeout(r, ms));
    const seen: number[] = [];
    const task = (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(100);
        seen.push(c.now());
      }
    })();
    await c.advanceAsync(1000);
    await task;
    expect(seen).toEqual([100, 200, 300]);
  });
  it('handles many timers quickly', () => {
    const c = new VirtualClock();
    let n = 0;
    for (let i = 0; i < 100_000; i++) c.setTimeout(() => n++, (i * 7919) % 10_000);
    c.advance(10_000);
    expect(n).toBe(100_000);
  });
});
