// A small canvas time-series chart for the diagnostics panel: a sliding window of
// samples per series, a shared time axis, vertical markers (switches, stalls, cache changes).
// Hand-written instead of a chart library: it draws three lines and some ticks twice a second,
// in ~120 lines and 0 KB of dependencies (uPlot, the smallest good library, is ~45 KB min).

const DPR = () => Math.max(1, Math.min(3, window.devicePixelRatio || 1));

export class TimeSeriesChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{ windowS?: number, unit: string, scale?: number, max?: number, series: { name: string, color: string, step?: boolean }[] }} options
   */
  constructor(canvas, options) {
    this.canvas = canvas;
    this.windowS = options.windowS ?? 60;
    this.unit = options.unit;
    this.scale = options.scale ?? 1;
    this.max = options.max;
    this.series = options.series.map((s) => ({ ...s, points: [] }));
    this.markers = [];
  }

  /** Adds one sample per series (seconds, values in series order; null/NaN = gap). */
  push(t, values) {
    this.series.forEach((s, i) => {
      const v = values[i];
      s.points.push([t, Number.isFinite(v) ? v : null]);
      while (s.points.length && s.points[0][0] < t - this.windowS - 5) s.points.shift();
    });
    this.now = t;
  }

  /** Adds a vertical marker: kind 'switch' | 'stall' | 'cdn' | 'error', with a short label. */
  mark(t, kind, label) {
    this.markers.push({ t, kind, label });
    while (this.markers.length && this.markers[0].t < t - this.windowS - 5) this.markers.shift();
  }

  draw() {
    const c = this.canvas;
    const dpr = DPR();
    const w = c.clientWidth;
    const h = c.clientHeight;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
    }
    const g = c.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const pad = { l: 34, r: 8, t: 8, b: 16 };
    const now = this.now ?? 0;
    // The window fills from the left for the first minute, then scrolls.
    const t0 = Math.max(0, now - this.windowS);
    const x = (t) => pad.l + ((t - t0) / this.windowS) * (w - pad.l - pad.r);
    // Grid: every 10 s.
    g.strokeStyle = 'rgba(255,255,255,0.07)';
    g.fillStyle = 'rgba(255,255,255,0.45)';
    g.font = '10px system-ui, sans-serif';
    g.lineWidth = 1;
    for (let s = Math.ceil(t0 / 10) * 10; s <= t0 + this.windowS; s += 10) {
      g.beginPath();
      g.moveTo(x(s), pad.t);
      g.lineTo(x(s), h - pad.b);
      g.stroke();
      g.fillText(`${Math.round(s)}s`, x(s) - 8, h - 3);
    }
    // Markers under the lines.
    const colors = { switch: '#8ab4f8', stall: '#f28b82', cdn: '#fdd663', error: '#ff5252' };
    for (const m of this.markers) {
      if (m.t < t0) continue;
      g.strokeStyle = colors[m.kind] ?? '#aaa';
      g.setLineDash(m.kind === 'switch' ? [2, 3] : []);
      g.beginPath();
      g.moveTo(x(m.t), pad.t);
      g.lineTo(x(m.t), h - pad.b);
      g.stroke();
      g.setLineDash([]);
      if (m.kind !== 'switch') {
        // Labels sit low, one row per kind, so a fault and the cache change it causes stay readable.
        const row = { error: 2, cdn: 1, stall: 0 }[m.kind] ?? 0;
        g.fillStyle = colors[m.kind];
        g.fillText(m.label.slice(0, 18), Math.min(x(m.t) + 3, w - pad.r - 60), h - pad.b - 4 - row * 12);
      }
    }
    // Series share one y scale (a chart shows one unit: Mb/s, or seconds).
    const visible = this.series.flatMap((s) => s.points.filter(([t, v]) => t >= t0 && v !== null).map(([, v]) => v));
    const max = this.max ?? Math.max(1e-9, ...visible) * 1.15;
    const y = (v) => h - pad.b - (v / max) * (h - pad.t - pad.b);
    g.fillStyle = 'rgba(255,255,255,0.6)';
    g.fillText(`${(max / this.scale).toFixed(max / this.scale < 10 ? 1 : 0)} ${this.unit}`, 2, pad.t + 8);
    g.fillText(`0`, 2, h - pad.b);
    this.series.forEach((s, i) => {
      g.strokeStyle = s.color;
      g.lineWidth = 2;
      g.beginPath();
      let last = null;
      for (const [t, v] of s.points) {
        if (t < t0 || v === null) { last = null; continue; }
        if (last === null) g.moveTo(x(t), y(v));
        else if (s.step) { g.lineTo(x(t), y(last)); g.lineTo(x(t), y(v)); }
        else g.lineTo(x(t), y(v));
        last = v;
      }
      g.stroke();
      g.fillStyle = s.color;
      g.fillText(s.name, w - pad.r - 4 - g.measureText(s.name).width, pad.t + 10 + i * 12);
    });
  }
}
