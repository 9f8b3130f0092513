import { describe, expect, it } from 'vitest';
import { DefaultPathwaySelector, type PathwayChange } from '../../src/steering/default-pathway-selector.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import type { BaseUrl } from '../../src/manifest/model.js';

const A: BaseUrl = { url: 'https://a/', pathwayId: 'a' };
const B: BaseUrl = { url: 'https://b/', pathwayId: 'b' };
const C: BaseUrl = { url: 'https://c/', pathwayId: 'c' };
const ids = (l: BaseUrl[]) => l.map((b) => b.pathwayId).join('');

function setup() {
  const clock = new VirtualClock();
  const sel = new DefaultPathwaySelector({ clock, basePenaltyMs: 1000, backoffFactor: 2, maxPenaltyMs: 5000 });
  const changes: PathwayChange[] = [];
  sel.on('change', (c) => changes.push(c));
  return { clock, sel, changes };
}

describe('DefaultPathwaySelector', () => {
  it('keeps manifest rank while healthy', () => {
    const { sel } = setup();
    expect(ids(sel.order([A, B, C]))).toBe('abc');
    expect(sel.current()).toBe('a');
  });

  it('boxes a failing pathway behind the healthy ones, then probes it after expiry', () => {
    const { clock, sel, changes } = setup();
    sel.order([A, B, C]);
    sel.reportFailure(A, 'connection');
    expect(ids(sel.order([A, B, C]))).toBe('bca');
    expect(changes.at(-1)).toEqual({ from: 'a', to: 'b', reason: 'failure:connection' });
    clock.advance(999);
    expect(ids(sel.order([A, B, C]))).toBe('bca');
    clock.advance(1);
    expect(ids(sel.order([A, B, C]))).toBe('abc'); // probe
    expect(sel.isBoxed('a')).toBe(false);
  });

  it('backs off exponentially on consecutive failures, capped, and a success clears the record', () => {
    const { clock, sel } = setup();
    const penalties: number[] = [];
    for (let i = 0; i < 5; i++) {
      sel.reportFailure(A, 'timeout');
      penalties.push(sel.status().find((s) => s.id === 'a')!.penaltyRemainingMs);
      clock.advance(penalties[i]!); // expiry, failed probe next
    }
    expect(penalties).toEqual([1000, 2000, 4000, 5000, 5000]);
    sel.reportSuccess(A, { bytes: 100_000, durationMs: 100, ttfbMs: 10 });
    sel.reportFailure(A, 'timeout');
    expect(sel.status().find((s) => s.id === 'a')!.penaltyRemainingMs).toBe(1000);
  });

  it('when all are boxed, still returns them, soonest expiry first', () => {
    const { clock, sel } = setup();
    sel.reportFailure(A, 'http-error');
    sel.reportFailure(A, 'http-error'); // 2000 ms
    clock.advance(10);
    sel.reportFailure(B, 'http-error'); // until 1010
    sel.reportFailure(C, 'http-error');
    clock.advance(10);
    sel.reportFailure(C, 'http-error'); // now until 2020... second strike: 2000 → 2020
    expect(ids(sel.order([A, B, C]))).toBe('bac');
  });

  it('setPriority reorders new requests (steering) and unlisted pathways come last', () => {
    const { sel, changes } = setup();
    sel.order([A, B, C]);
    sel.setPriority(['c', 'a']);
    expect(ids(sel.order([A, B, C]))).toBe('cab');
    expect(changes.at(-1)).toEqual({ from: 'a', to: 'c', reason: 'steering' });
    sel.reportFailure(C, 'slow-ttfb');
    expect(ids(sel.order([A, B, C]))).toBe('abc');
  });

  it('tracks per-pathway throughput from successes', () => {
    const { sel } = setup();
    sel.reportSuccess(B, { bytes: 1_000_000, durationMs: 1000, ttfbMs: 20 });
    expect(sel.status().find((s) => s.id === 'b')!.throughputBps).toBe(8e6);
  });

  it('unnamed pathways are keyed by URL', () => {
    const { sel } = setup();
    const u1 = { url: 'https://x/', pathwayId: '' };
    const u2 = { url: 'https://y/', pathwayId: '' };
    sel.reportFailure(u1, 'connection');
    expect(sel.order([u1, u2]).map((b) => b.url)).toEqual(['https://y/', 'https://x/']);
  });
});
