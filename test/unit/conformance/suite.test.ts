import { describe, expect, it } from 'vitest';
import { allCases, capabilityCases } from '../../../conformance/src/cases/index.js';
import { expand, filterCases, shard } from '../../../conformance/src/model/generate.js';
import { countByCategory } from '../../../conformance/src/model/summary.js';
import { probeNames } from '../../../conformance/src/browser/probes/probe-table.js';

describe('conformance suite data', () => {
  const cases = allCases();

  it('has ≥ 150 cases with unique ids, across every category', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    const cats = new Set(cases.map((c) => c.category));
    for (const c of ['mse', 'codec', 'eme', 'video-frame', 'playback', 'failover', 'abr', 'endurance']) expect(cats.has(c as never)).toBe(true);
  });

  it('every capability case names a probe that exists; every player case has a stream, steps and expectations', () => {
    const names = new Set(probeNames());
    for (const c of capabilityCases()) expect(names.has(c.probe!.probe), c.id).toBe(true);
    for (const c of cases.filter((x) => x.kind === 'player')) {
      expect(c.stream, c.id).toBeDefined();
      expect(c.steps!.length, c.id).toBeGreaterThan(0);
      expect(c.expect!.length, c.id).toBeGreaterThan(0);
      expect(c.steps![0]!.op === 'load' || c.steps![0]!.op === 'shape', c.id).toBe(true);
    }
  });

  it('the self-test case is excluded unless asked for', () => {
    expect(cases.some((c) => c.id.startsWith('selftest-'))).toBe(false);
    expect(allCases({ selfTest: true }).filter((c) => c.id.startsWith('selftest-'))).toHaveLength(1);
  });

  it('expand rejects duplicate rows', () => {
    const t = { id: 't', build: (r: string) => ({ rowId: r, category: 'mse' as const, kind: 'capability' as const, title: r, budgetMs: 1 }) };
    expect(expand(t, ['a', 'b']).map((c) => c.id)).toEqual(['t/a', 't/b']);
    expect(() => expand(t, ['a', 'a'])).toThrow(/duplicate conformance case id t\/a/);
  });

  it('filters by id substring or category; shards partition the list', () => {
    expect(filterCases(cases, 'failover').every((c) => c.category === 'failover' || c.id.includes('failover'))).toBe(true);
    expect(filterCases(cases, 'mse,codec').length).toBe(cases.filter((c) => c.category === 'mse' || c.category === 'codec').length);
    expect(filterCases(cases, '')).toHaveLength(cases.length);
    const parts = [0, 1, 2].map((i) => shard(cases, i, 3));
    expect(parts.flat().map((c) => c.id).sort()).toEqual(cases.map((c) => c.id).sort());
    expect(() => shard(cases, 3, 3)).toThrow(RangeError);
  });

  it('counts by category with a total', () => {
    const counts = countByCategory([{ category: 'mse', status: 'pass' }, { category: 'mse', status: 'skip' }, { category: 'abr', status: 'fail' }]);
    expect(counts).toEqual({ mse: { pass: 1, fail: 0, skip: 1 }, abr: { pass: 0, fail: 1, skip: 0 }, total: { pass: 1, fail: 1, skip: 1 } });
  });
});

describe('sharding with serial groups', () => {
  it('keeps a serial group on one shard while the rest is spread round-robin', () => {
    const items = [{ id: 0 }, { id: 1, serialGroup: 'g' }, { id: 2, serialGroup: 'g' }, { id: 3 }, { id: 4, serialGroup: 'g' }, { id: 5 }];
    const parts = [0, 1, 2].map((i) => shard(items, i, 3).map((x) => x.id));
    expect(parts).toEqual([[0, 3], [1, 2, 4], [5]]);
    const steering = allCases().filter((c) => c.serialGroup === 'steering-override');
    expect(steering.length).toBe(2);
    expect([0, 1, 2].filter((i) => shard(allCases(), i, 3).some((c) => c.serialGroup === 'steering-override'))).toHaveLength(1);
  });
});
