import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSubmission } from '../../../packages/server/src/conformance/conformance-result.js';
import { toCsv, toJUnit } from '../../../packages/server/src/conformance/report-formats.js';
import { reportPage } from '../../../packages/server/src/conformance/report-page.js';
import { JsonFileResultsStore } from '../../../packages/server/src/conformance/results-store.js';
import { HttpError } from '../../../packages/server/src/http/http-error.js';

const device = { userAgent: 'UA/1', platform: 'Linux', label: 'lab' };
const body = (session: string, results: unknown[]) => ({ session, device, results });
const r = (caseId: string, status: string, extra: Record<string, unknown> = {}) => ({ caseId, category: 'mse', title: caseId, player: 'device', status, reason: status === 'pass' ? '' : 'why', durationMs: 5, ...extra });

describe('conformance results intake', () => {
  it('validates and bounds what a runner posts', () => {
    const [x] = parseSubmission(body('s1', [r('a', 'pass', { reason: 'x'.repeat(5_000), metrics: { qoe: 80, startupMs: 'fast' } })]), 7);
    expect(x!.reason).toHaveLength(2_000);
    expect(x!.metrics).toEqual({ qoe: 80 });
    expect(x!.receivedAt).toBe(7);
    expect(() => parseSubmission(body('bad session!', []), 0)).toThrow(/session must match/);
    expect(() => parseSubmission(body('s', [r('a', 'maybe')]), 0)).toThrow(/status must be/);
    expect(() => parseSubmission(body('s', Array.from({ length: 501 }, () => r('a', 'pass'))), 0)).toThrow(/at most 500/);
    expect(() => parseSubmission({ session: 's', results: [] }, 0)).toThrow(/device must be an object/);
  });

  it('any JSON body either parses or is a 400 HttpError (never another exception)', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      for (const input of [a, { session: 's', device, results: [a, b] }, { session: 's', device: a, results: b }]) {
        try {
          parseSubmission(input, 0);
        } catch (e) {
          if (!(e instanceof HttpError) || e.status !== 400) throw e;
        }
      }
    }), { numRuns: 300 });
  });
});

describe('conformance results store (NDJSON file)', () => {
  it('survives a restart, a re-post replaces the earlier result, a torn last line is skipped', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'conf-store-'));
    const a = new JsonFileResultsStore(dir);
    a.put(parseSubmission(body('s1', [r('x', 'fail'), r('y', 'pass')]), 1));
    a.put(parseSubmission(body('s1', [r('x', 'pass')]), 2));
    a.put(parseSubmission(body('s2', [r('x', 'skip')]), 3));
    appendFileSync(path.join(dir, 'conformance-results.ndjson'), '{"session":"s3","cas');
    const b = new JsonFileResultsStore(dir);
    expect(b.all(['s1']).map((x) => `${x.caseId}=${x.status}`).sort()).toEqual(['x=pass', 'y=pass']);
    expect(b.sessions().map((s) => [s.session, s.pass, s.fail, s.skip])).toEqual([['s2', 0, 0, 1], ['s1', 2, 0, 0]]);
  });
});

describe('conformance report formats', () => {
  const results = parseSubmission(body('s1', [r('a', 'pass'), r('b<&>', 'fail'), r('c', 'skip'), r('d', 'pass', { player: 'edgeplay', category: 'endurance', metrics: { samples: [{ t: 0, heapBytes: 1e6, bufferedSeconds: 5, droppedFrames: 0, totalFrames: 0, stalls: 0 }, { t: 5, heapBytes: 2e6, bufferedSeconds: 9, droppedFrames: 1, totalFrames: 125, stalls: 0 }] } })]), 1);

  it('JUnit: counts, escaped names, failure and skipped elements', () => {
    const x = toJUnit(results);
    expect(x).toContain('<testsuites name="edgeplay-conformance" tests="4" failures="1" skipped="1">');
    expect(x).toContain('name="b&lt;&amp;&gt;"');
    expect(x).toMatch(/name="c"[^>]*><skipped message="why"\/>/);
    expect(x).toMatch(/name="b&lt;&amp;&gt;"[^>]*><failure message="why">/);
  });

  it('CSV: one row per result, quoting, spreadsheet formulas neutralised', () => {
    const csv = toCsv(parseSubmission(body('s1', [r('=cmd()', 'fail', { reason: 'a, "b"' })]), 1));
    const [, row] = csv.split('\r\n');
    expect(row).toContain(`"'=cmd()"`);
    expect(row).toContain('"a, ""b"""');
  });

  it('HTML: a column per run, a cell per case, a chart per soak series', () => {
    const other = parseSubmission({ session: 's2', device: { ...device, userAgent: 'TV/2' }, results: [r('a', 'fail')] }, 2);
    const html = reportPage([...results, ...other], '?session=s1,s2');
    expect(html.match(/<th title="UA\/1">s1<br>device/g)).toHaveLength(1);
    expect(html).toContain('<th title="TV/2">s2<br>device');
    expect(html).toMatch(/<tr><th>a<\/th><td class="pass"[^>]*>pass<\/td><td class="none">·<\/td><td class="fail"/);
    expect(html).toMatch(/aria-label="JS heap"/);
    expect(html).toContain('href="report.csv?session=s1,s2"');
  });
});
