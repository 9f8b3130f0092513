/**
 * The cross-device report: a pass/fail/skip matrix with one column per run
 * (session × player), startup and QoE figures in the cells, and memory /
 * buffer curves of the endurance cases on canvas (soak-charts.ts) — a self-contained HTML
 * file (the CLI saves it as the HTML report).
 */
import type { StoredResult } from './conformance-result.js';
import { runKey } from './report-formats.js';
import { soakSection } from './soak-charts.js';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The HTML report of `results` (all runs they contain); `query` (`?session=…`) is kept on the download links. */
export function reportPage(results: readonly StoredResult[], query = ''): string {
  const runs = [...new Map(results.map((r) => [runKey(r), r])).values()];
  const caseIds = [...new Set(results.map((r) => r.caseId))].sort();
  const cell = new Map(results.map((r) => [`${runKey(r)}\u0000${r.caseId}`, r]));
  const count = (k: string, s: StoredResult['status']) => results.filter((r) => runKey(r) === k && r.status === s).length;
  const head = runs.map((r) => `<th title="${esc(r.device.userAgent)}">${esc(r.session)}<br>${esc(r.player)}<br><small>${esc(r.device.label || r.device.platform)}</small><br><small>${count(runKey(r), 'pass')}✓ ${count(runKey(r), 'fail')}✗ ${count(runKey(r), 'skip')}–</small></th>`).join('');
  const rows = caseIds.map((id) => {
    const tds = runs.map((run) => {
      const r = cell.get(`${runKey(run)}\u0000${id}`);
      if (!r) return '<td class="none">·</td>';
      const figs = [r.metrics.startupMs !== undefined ? `${(r.metrics.startupMs / 1000).toFixed(2)} s` : '', r.metrics.qoe !== undefined ? `QoE ${r.metrics.qoe}` : ''].filter(Boolean).join(' · ');
      return `<td class="${r.status}" title="${esc(r.reason)}">${r.status}${figs ? `<br><small>${figs}</small>` : ''}</td>`;
    }).join('');
    return `<tr><th>${esc(id)}</th>${tds}</tr>`;
  }).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Edgeplay conformance report</title><style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#202124} table{border-collapse:collapse} th,td{border:1px solid #dadce0;padding:.2rem .4rem;vertical-align:top}
tbody th{text-align:left;font-weight:normal;font-family:monospace} td.pass{background:#e6f4ea} td.fail{background:#fce8e6;font-weight:bold} td.skip{background:#f1f3f4;color:#5f6368} td.none{color:#bbb}
figure{display:inline-block;margin:.5rem} canvas{width:480px;height:170px;display:block} figcaption{font-size:12px;color:#5f6368} .nochart{color:#5f6368}</style></head><body>
<h1>Edgeplay conformance report</h1><p>${runs.length} run(s), ${caseIds.length} case(s). Downloads: <a href="report.json${esc(query)}">JSON</a> · <a href="report.csv${esc(query)}">CSV</a> · <a href="report.junit.xml${esc(query)}">JUnit</a> (add <code>?session=a,b</code> to pick runs).</p>
<table><thead><tr><th>case</th>${head}</tr></thead><tbody>
${rows}
</tbody></table>
<h2>Endurance</h2>${soakSection(results, runKey)}
</body></html>`;
}
