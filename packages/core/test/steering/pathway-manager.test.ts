import { describe, expect, it } from 'vitest';
import { PathwayManager, type CdnChange } from '../../src/steering/pathway-manager.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import type { BaseUrl } from '../../src/manifest/model.js';

const A: BaseUrl = { url: 'https://a/', pathwayId: 'a' };
const B: BaseUrl = { url: 'https://b/', pathwayId: 'b' };
const U: BaseUrl = { url: 'https://unnamed/', pathwayId: '' };

function setup() {
  const clock = new VirtualClock();
  const m = new PathwayManager({ clock, basePenaltyMs: 1000 });
  const changes: CdnChange[] = [];
  m.on('cdnchanged', (c) => changes.push(c));
  return { clock, m, changes };
}

describe('PathwayManager', () => {
  it('cdnchanged carries the failure that moved media, counted in stats', () => {
    const { m, changes } = setup();
    m.order([A, B]);
    m.served(A);
    m.reportFailure(A, 'stalled');
    m.served(B);
    expect(changes).toEqual([{ from: 'a', to: 'b', reason: 'failure:stalled' }]);
    const s = m.stats();
    expect(s).toMatchObject({ current: 'b', cdnChanges: 1, failures: { stalled: 1 } });
  });

  it('a return after the penalty is "recovered"; a steering reorder is "steering"', async () => {
    const { clock, m, changes } = setup();
    m.order([A, B]);
    m.served(A);
    m.reportFailure(A, 'http-error');
    m.order([A, B]);
    m.served(B);
    await clock.advanceAsync(1500); // penalty over
    m.order([A, B]);
    m.reportSuccess(A, { bytes: 100_000, durationMs: 100, ttfbMs: 10 });
    m.served(A);
    expect(changes.map((c) => `${c.from}>${c.to} ${c.reason}`)).toEqual(['a>b failure:http-error', 'b>a recovered']);
  });

  it('unnamed pathways are told apart by URL', () => {
    const { m, changes } = setup();
    m.served(U);
    m.served(A);
    expect(changes).toEqual([{ from: 'https://unnamed/', to: 'a', reason: 'order' }]);
    expect(m.hasAlternative([U, A], U)).toBe(true);
    expect(m.hasAlternative([U], U)).toBe(false);
  });

  it('two different pathways too slow within 20 s: the network is slow, slow verdicts pause for 60 s', async () => {
    const { clock, m } = setup();
    m.reportFailure(A, 'too-slow');
    expect(m.slowVerdictsSuspended()).toBe(false);
    await clock.advanceAsync(25_000);
    m.reportFailure(B, 'too-slow'); // 25 s later: not the same episode
    expect(m.slowVerdictsSuspended()).toBe(false);
    await clock.advanceAsync(5_000);
    m.reportFailure(A, 'too-slow');
    expect(m.slowVerdictsSuspended()).toBe(true);
    await clock.advanceAsync(59_000);
    expect(m.slowVerdictsSuspended()).toBe(true);
    await clock.advanceAsync(2_000);
    expect(m.slowVerdictsSuspended()).toBe(false);
    // The same pathway twice is that cache, not the network.
    m.reportFailure(B, 'too-slow');
    m.reportFailure(B, 'too-slow');
    expect(m.slowVerdictsSuspended()).toBe(false);
  });

  it('detach forgets penalties, counters and the serving pathway', () => {
    const { m, changes } = setup();
    m.served(A);
    m.reportFailure(A, 'connection');
    m.detach();
    expect(m.stats()).toMatchObject({ current: null, cdnChanges: 0, failures: {}, pathways: [] });
    m.served(B);
    expect(changes).toEqual([]);
  });
  it('otherPathwaysSilent: every other pathway failed without answering since any success; a success anywhere clears it', () => {
    const { m } = setup();
    m.reportFailure(B, 'slow-ttfb');
    expect(m.otherPathwaysSilent([A, B], A)).toBe(true);
    m.reportSuccess(A, { bytes: 1000, durationMs: 10, ttfbMs: 5 });
    expect(m.otherPathwaysSilent([A, B], A)).toBe(false);
    m.reportFailure(B, 'http-error');
    expect(m.otherPathwaysSilent([A, B], A)).toBe(false);
    m.reportFailure(B, 'stalled');
    m.detach();
    expect(m.otherPathwaysSilent([A, B], A)).toBe(false);
  });
});
