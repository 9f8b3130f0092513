/**
 * The endurance curves of the report: JS heap, SourceBuffer bytes and
 * ranges, buffer, dropped frames and stalls over the soak, drawn on canvas
 * (as the demo's diagnostics charts are) by a small inline script, so the
 * saved HTML report stays one self-contained file. The data goes into the
 * page as JSON (`<` escaped, so no sample text can close the script).
 */
import type { StoredResult, StoredSample } from './conformance-result.js';

/** One line of a chart. */
export interface ChartSeries {
  name: string;
  color: string;
  /** One value per sample (null: not measured on this device). */
  values: (number | null)[];
}

/** One chart: a shared time axis (s) and its series. */
export interface SoakChart {
  label: string;
  unit: string;
  t: number[];
  series: ChartSeries[];
  /** Times (s) a new stall began: drawn as vertical markers. */
  stalls: number[];
}

const MB = 1024 * 1024;
const opt = (v: number | undefined, scale = 1) => (v === undefined ? null : v / scale);

/** The charts of one soak's samples; a chart with no measured value at all is left out (said in the page instead). */
export function soakCharts(samples: readonly StoredSample[]): { charts: SoakChart[]; missing: string[] } {
  const t = samples.map((s) => Math.round(s.t * 10) / 10);
  const stalls = samples.filter((s, i) => i > 0 && s.stalls > samples[i - 1]!.stalls).map((s) => Math.round(s.t * 10) / 10);
  const specs: Omit<SoakChart, 't' | 'stalls'>[] = [
    { label: 'JS heap', unit: 'MB', series: [{ name: 'used JS heap', color: '#1a73e8', values: samples.map((s) => (s.heapBytes === null ? null : s.heapBytes / MB)) }] },
    { label: 'SourceBuffer bytes', unit: 'MB', series: [{ name: 'held (estimated)', color: '#9334e6', values: samples.map((s) => opt(s.sbBytes, MB)) }] },
    {
      label: 'buffer', unit: 's', series: [
        { name: 'ahead of the playhead', color: '#188038', values: samples.map((s) => s.bufferedSeconds) },
        { name: 'in SourceBuffers (audio + video)', color: '#e37400', values: samples.map((s) => opt(s.sbBufferedSeconds)) },
      ],
    },
    { label: 'SourceBuffer ranges', unit: 'ranges', series: [{ name: 'buffered ranges', color: '#12b5cb', values: samples.map((s) => opt(s.sbRanges)) }] },
    { label: 'dropped frames', unit: 'frames', series: [{ name: 'dropped (cumulative)', color: '#d93025', values: samples.map((s) => s.droppedFrames) }] },
  ];
  const charts: SoakChart[] = [];
  const missing: string[] = [];
  for (const spec of specs) {
    const measured = spec.series.filter((s) => s.values.some((v) => v !== null));
    if (measured.length === 0 || samples.length < 2) missing.push(spec.label);
    else charts.push({ ...spec, series: measured, t, stalls });
  }
  return { charts, missing };
}

/** JSON safe inside `<script>`: `<` (and the line separators JS strings reject in old engines) escaped. */
export const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Draws every `canvas[data-chart]` from `#soak-data`: axes, min/max, legend, stall markers. */
const DRAW_SCRIPT = `(() => {
  const data = JSON.parse(document.getElementById('soak-data').textContent);
  for (const c of document.querySelectorAll('canvas[data-chart]')) {
    const chart = data[Number(c.dataset.chart)];
    const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    const w = c.clientWidth || 480, h = c.clientHeight || 170;
    c.width = Math.round(w * dpr); c.height = Math.round(h * dpr);
    const g = c.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const pad = { l: 46, r: 10, t: 10, b: 34 };
    const tMax = Math.max(1, ...chart.t);
    const all = chart.series.flatMap((s) => s.values.filter((v) => v !== null));
    const yMax = Math.max(1e-9, ...all) * 1.1;
    const x = (t) => pad.l + (t / tMax) * (w - pad.l - pad.r);
    const y = (v) => h - pad.b - (v / yMax) * (h - pad.t - pad.b);
    g.fillStyle = '#f8f9fa'; g.fillRect(0, 0, w, h);
    g.strokeStyle = '#dadce0'; g.lineWidth = 1; g.fillStyle = '#5f6368'; g.font = '10px system-ui, sans-serif';
    for (let i = 0; i <= 4; i++) {
      const v = (yMax / 4) * i;
      g.beginPath(); g.moveTo(pad.l, y(v)); g.lineTo(w - pad.r, y(v)); g.stroke();
      g.fillText(v >= 100 ? v.toFixed(0) : v.toFixed(1), 4, y(v) + 3);
    }
    for (let i = 0; i <= 4; i++) {
      g.textAlign = i === 0 ? 'left' : i === 4 ? 'right' : 'center';
      g.fillText(Math.round((tMax / 4) * i) + ' s', x((tMax / 4) * i), h - pad.b + 12);
    }
    g.textAlign = 'left';
    g.strokeStyle = 'rgba(217,48,37,0.8)';
    for (const t of chart.stalls) { g.beginPath(); g.moveTo(x(t), pad.t); g.lineTo(x(t), h - pad.b); g.stroke(); }
    let lx = pad.l;
    for (const s of chart.series) {
      g.strokeStyle = s.color; g.lineWidth = 1.6; g.beginPath();
      let open = false;
      s.values.forEach((v, i) => {
        if (v === null) { open = false; return; }
        if (open) g.lineTo(x(chart.t[i]), y(v)); else g.moveTo(x(chart.t[i]), y(v));
        open = true;
      });
      g.stroke();
      g.fillStyle = s.color; g.fillRect(lx, h - 12, 10, 3);
      g.fillStyle = '#3c4043'; g.fillText(s.name, lx + 14, h - 8);
      lx += 24 + g.measureText(s.name).width;
    }
    if (chart.stalls.length) { g.fillStyle = '#d93025'; g.fillText(chart.stalls.length + ' stall(s)', lx, h - 8); }
    c.dataset.drawn = String(chart.series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0));
  }
})();`;

/** The report's endurance section: one block per soak result with its canvases, the data and the drawing script. */
export function soakSection(results: readonly StoredResult[], runLabel: (r: StoredResult) => string): string {
  const soaks = results.filter((r) => (r.metrics.samples?.length ?? 0) > 0);
  if (soaks.length === 0) return '<p>No soak results.</p>';
  const data: SoakChart[] = [];
  const blocks = soaks.map((r) => {
    const { charts, missing } = soakCharts(r.metrics.samples!);
    const canvases = charts.map((chart) => {
      data.push(chart);
      const peaks = chart.series.map((s) => s.values.filter((v): v is number => v !== null)).map((vs) => Math.max(...vs));
      return `<figure><canvas data-chart="${data.length - 1}" width="480" height="170" role="img" aria-label="${esc(chart.label)}"></canvas><figcaption>${esc(chart.label)} (${esc(chart.unit)}; peak ${peaks.map((v) => v.toFixed(1)).join(' / ')}; ${chart.t.length} samples over ${Math.round(chart.t[chart.t.length - 1]!)} s)</figcaption></figure>`;
    }).join('');
    const note = missing.length ? `<p class="nochart">not measured on this device: ${esc(missing.join(', '))}</p>` : '';
    return `<section><h3>${esc(r.caseId)} — ${esc(runLabel(r))} (${esc(r.device.platform)})</h3>${canvases}${note}</section>`;
  });
  return `${blocks.join('\n')}\n<script type="application/json" id="soak-data">${scriptJson(data)}</script>\n<script>${DRAW_SCRIPT}</script>`;
}
