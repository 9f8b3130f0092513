import { describe, expect, it } from 'vitest';
import { Checkpoint, type KeyValueStore } from '../../../conformance/src/browser/checkpoint.js';
import type { CaseResult } from '../../../conformance/src/model/case.js';

const memory = (): KeyValueStore & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
};
const result = (caseId: string): CaseResult => ({ caseId, category: 'mse', title: caseId, player: 'device', status: 'pass', reason: '', durationMs: 1 });

describe('runner checkpoint (resume after a crash or reload)', () => {
  it('a reloaded page sees finished cases and the case that was running', () => {
    const store = memory();
    const a = new Checkpoint(store, 'k');
    a.start('mse/append');
    a.finish(result('mse/append'));
    a.start('mse/remove'); // the page dies here
    const b = new Checkpoint(store, 'k');
    expect(b.has('mse/append')).toBe(true);
    expect(b.has('mse/remove')).toBe(false);
    expect(b.interrupted).toBe('mse/remove');
  });

  it('tracks what the server acknowledged', () => {
    const c = new Checkpoint(memory(), 'k');
    c.finish(result('a'));
    c.finish(result('b'));
    c.markPosted(['a']);
    expect(c.unposted().map((r) => r.caseId)).toEqual(['b']);
  });

  it('a corrupt checkpoint starts over instead of wedging the runner', () => {
    const store = memory();
    store.setItem('k', '{not json');
    expect(new Checkpoint(store, 'k').results).toEqual([]);
    store.setItem('k', JSON.stringify({ results: 'nope', running: 3 }));
    const c = new Checkpoint(store, 'k');
    expect(c.results).toEqual([]);
    expect(c.interrupted).toBeNull();
  });

  it('when storage is full, older soak samples are thinned and the save retried', () => {
    const store = memory();
    let fail = true;
    const flaky: KeyValueStore = { ...store, setItem: (k, v) => { if (fail && v.length > 2_000) { fail = false; throw new DOMException('full', 'QuotaExceededError'); } store.setItem(k, v); } };
    const c = new Checkpoint(flaky, 'k');
    const samples = Array.from({ length: 40 }, (_, t) => ({ t, heapBytes: 1, bufferedSeconds: 1, droppedFrames: 0, totalFrames: t, stalls: 0 }));
    c.finish({ ...result('soak'), metrics: { samples } });
    const saved = JSON.parse(store.getItem('k')!) as { results: CaseResult[] };
    expect(saved.results[0]!.metrics!.samples!.length).toBe(10);
  });
});
