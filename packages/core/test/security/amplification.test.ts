/**
 * Issue 15 "Done means": every parser call on an input ≤ 2 MB finishes in
 * ≤ 2 s and retains ≤ 64 MB, on inputs that grow beyond the corpus (nesting
 * depth, element counts, define chains, trun counts…). Measured in a child
 * process with --expose-gc (see measure-parsers.ts).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Measurement {
  family: string;
  bytes: number;
  ms: number;
  retainedMB: number;
  outcome: string;
}

const script = fileURLToPath(new URL('./measure-parsers.ts', import.meta.url));

describe('parsers on size/amplification families (issue 15 #10-12)', () => {
  it('every input up to 2 MB: ≤ 2 s, ≤ 64 MB retained, a model or a typed error', () => {
    const raw = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(64 * 1024), String(512 * 1024), String(2 * 1024 * 1024)], { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
    const rows = JSON.parse(raw) as Measurement[];
    console.table(rows);
    expect(rows.length).toBeGreaterThanOrEqual(33);
    for (const r of rows) {
      expect.soft(r.bytes, r.family).toBeLessThanOrEqual(2.2 * 1024 * 1024);
      expect.soft(r.ms, `${r.family} @ ${r.bytes} B took ${r.ms} ms`).toBeLessThanOrEqual(2000);
      expect.soft(r.retainedMB, `${r.family} @ ${r.bytes} B retained ${r.retainedMB.toFixed(1)} MB`).toBeLessThanOrEqual(64);
      expect.soft(r.outcome, `${r.family} @ ${r.bytes} B`).toMatch(/^(model|error:[A-Z_]+)$/);
    }
  }, 180_000);
});
