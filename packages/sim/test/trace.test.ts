import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { BandwidthTrace, parseTrace } from '../src/trace.js';
import { loadTrace } from '../src/load-trace.js';
import { SHARED_DIR } from '../../core/test/support/shared-data.js';

describe('traces', () => {
  it('parses time<TAB>Mbps and rejects malformed lines with their line number', () => {
    expect(parseTrace('0\t1.5\n1.0\t2\n\n# c\n2.0 3')).toEqual([
      { time_s: 0, mbps: 1.5 },
      { time_s: 1, mbps: 2 },
      { time_s: 2, mbps: 3 },
    ]);
    expect(() => parseTrace('0\t1\nx\ty', 't')).toThrow(/t:2/);
    expect(() => parseTrace('1\t1\n0\t1')).toThrow(/backwards/);
    expect(() => parseTrace('')).toThrow(/no samples/);
    expect(() => parseTrace('0\t-1')).toThrow(RangeError);
  });
  it('is piecewise constant and loops', () => {
    // Pensieve convention: line i's rate holds from time[i-1] to time[i].
    const t = new BandwidthTrace(parseTrace('0\t1\n1\t2\n3\t4'));
    expect(t.period).toBe(3);
    expect([0, 0.5, 1, 2.9, 3, 4.2].map((s) => t.mbpsAt(s))).toEqual([2, 2, 4, 4, 2, 4]);
    expect(t.nextChange(0.5)).toBeCloseTo(1, 9);
    expect(t.nextChange(2.5)).toBeCloseTo(3, 9);
    expect(t.meanMbps()).toBeCloseTo(10 / 3, 9);
    expect(new BandwidthTrace(parseTrace('0\t1\n1\t2\n3\t4'), 1).mbpsAt(0)).toBe(4);
    expect(new BandwidthTrace(parseTrace('0\t5')).nextChange(3)).toBe(Infinity);
  });
  it('loads every shared training trace', () => {
    const dir = path.join(SHARED_DIR, 'traces', 'pensieve-train');
    const files = readdirSync(dir).filter((f) => !f.startsWith('.'));
    expect(files.length).toBeGreaterThan(100);
    for (const f of files.slice(0, 20)) expect(loadTrace(path.join(dir, f)).length).toBeGreaterThan(10);
  });
});
