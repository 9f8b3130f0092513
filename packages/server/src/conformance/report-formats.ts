/** Conformance results as JUnit XML (one testsuite per run and category) and CSV (one row per result). */
import type { StoredResult } from './conformance-result.js';

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[^\t\n\r\u0020-\uffff]/gu, ''); // XML 1.0 forbids other control characters

/** A "run": one session with one player. */
export const runKey = (r: Pick<StoredResult, 'session' | 'player'>) => `${r.session}/${r.player}`;

/** JUnit XML: `<testsuite>` per run × category, `<failure>` / `<skipped>` with the reason. */
export function toJUnit(results: readonly StoredResult[]): string {
  const suites = new Map<string, StoredResult[]>();
  for (const r of results) {
    const player = r.player === 'device' ? 'device' : r.player;
    const k = `${r.session}.${player}.${r.category}`;
    suites.set(k, [...(suites.get(k) ?? []), r]);
  }
  const totals = { tests: results.length, failures: results.filter((r) => r.status === 'fail').length, skipped: results.filter((r) => r.status === 'skip').length };
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="edgeplay-conformance" tests="${totals.tests}" failures="${totals.failures}" skipped="${totals.skipped}">`];
  for (const [name, rs] of suites) {
    const fail = rs.filter((r) => r.status === 'fail').length;
    const skip = rs.filter((r) => r.status === 'skip').length;
    const time = rs.reduce((a, r) => a + r.durationMs, 0) / 1000;
    out.push(`  <testsuite name="${xml(name)}" tests="${rs.length}" failures="${fail}" skipped="${skip}" time="${time.toFixed(3)}">`);
    out.push(`    <properties><property name="userAgent" value="${xml(rs[0]!.device.userAgent)}"/><property name="platform" value="${xml(rs[0]!.device.platform)}"/></properties>`);
    for (const r of rs) {
      const open = `    <testcase classname="${xml(`${r.category}.${r.player}`)}" name="${xml(r.caseId)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
      if (r.status === 'pass') out.push(`${open}/>`);
      else if (r.status === 'skip') out.push(`${open}><skipped message="${xml(r.reason)}"/></testcase>`);
      else out.push(`${open}><failure message="${xml(r.reason.slice(0, 500))}">${xml(`${r.title}\n${r.reason}`)}</failure></testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v);
  // Quote always-risky cells; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** CSV, one row per result (sessions side by side by filtering or pivoting in a spreadsheet). */
export function toCsv(results: readonly StoredResult[]): string {
  const header = ['session', 'player', 'platform', 'userAgent', 'label', 'caseId', 'category', 'status', 'reason', 'durationMs', 'startupMs', 'qoe', 'stalls', 'averageBitrate', 'droppedFrames'];
  const rows = results.map((r) => [r.session, r.player, r.device.platform, r.device.userAgent, r.device.label, r.caseId, r.category, r.status, r.reason, r.durationMs, r.metrics.startupMs, r.metrics.qoe, r.metrics.stalls, r.metrics.averageBitrate, r.metrics.droppedFrames]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
