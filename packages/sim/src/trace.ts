/** One line of a bandwidth trace: from `time_s` on, the link delivers `mbps`. */
export interface TracePoint {
  time_s: number;
  mbps: number;
}

/**
 * Parses a trace file (`time_s<TAB>Mbps` per line, the Pensieve/Oboe format;
 * any whitespace separates). Blank lines and `#` comments are skipped.
 * Throws a RangeError naming the line for anything else — a silently
 * misread trace would make every simulation result wrong.
 */
export function parseTrace(text: string, name = 'trace'): TracePoint[] {
  const points: TracePoint[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const time = Number(fields[0]);
    const mbps = Number(fields[1]);
    if (fields.length < 2 || !Number.isFinite(time) || !Number.isFinite(mbps) || mbps < 0) {
      throw new RangeError(`${name}:${i + 1}: expected "time_s<TAB>Mbps", got ${JSON.stringify(line.slice(0, 60))}`);
    }
    if (points.length && time < points[points.length - 1]!.time_s) {
      throw new RangeError(`${name}:${i + 1}: time ${time} goes backwards`);
    }
    points.push({ time_s: time, mbps });
  }
  if (points.length === 0) throw new RangeError(`${name}: no samples`);
  return points;
}

/**
 * Piecewise-constant bandwidth over a trace, looping, in the Pensieve
 * convention: the throughput on line i holds from `time[i−1]` to `time[i]`
 * (so the first line only anchors the clock), and the trace repeats with
 * period `time[last] − time[0]`. A one-line trace is a constant link.
 */
export class BandwidthTrace {
  readonly points: readonly TracePoint[];
  /** Loop period, seconds. */
  readonly period: number;
  private readonly offset: number;

  /** @param offsetS start this many seconds into the trace (varies runs over one trace). */
  constructor(points: readonly TracePoint[], offsetS = 0) {
    if (points.length === 0) throw new RangeError('BandwidthTrace: empty trace');
    const first = points[0]!.time_s;
    const last = points[points.length - 1]!.time_s;
    this.points = points.length > 1 && last > first ? points : [{ time_s: first, mbps: points[points.length - 1]!.mbps }];
    this.period = this.points.length > 1 ? last - first : Infinity;
    this.offset = Number.isFinite(offsetS) ? offsetS : 0;
  }

  /** Index of the line whose interval holds simulation time `timeS`, and the phase within the trace. */
  private locate(timeS: number): { index: number; phase: number } {
    const first = this.points[0]!.time_s;
    if (this.points.length === 1) return { index: 0, phase: first };
    const t = timeS + this.offset;
    const cycle = Math.floor(t / this.period);
    const phase = t - cycle * this.period + first;
    // Smallest i >= 1 with time[i] > phase.
    let lo = 1;
    let hi = this.points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.points[mid]!.time_s > phase) hi = mid;
      else lo = mid + 1;
    }
    return { index: lo, phase };
  }

  /** Mbit/s at simulation time `timeS`. */
  mbpsAt(timeS: number): number {
    return this.points[this.locate(timeS).index]!.mbps;
  }

  /** Simulation time (s) of the next bandwidth change strictly after `timeS` (Infinity for a constant link). */
  nextChange(timeS: number): number {
    if (this.points.length === 1) return Infinity;
    const { index, phase } = this.locate(timeS);
    const delta = this.points[index]!.time_s - phase;
    return timeS + (delta > 1e-9 ? delta : 1e-6);
  }

  /** Mean Mbit/s over one period (time-weighted). */
  meanMbps(): number {
    if (this.points.length === 1) return this.points[0]!.mbps;
    let sum = 0;
    for (let i = 1; i < this.points.length; i++) sum += this.points[i]!.mbps * (this.points[i]!.time_s - this.points[i - 1]!.time_s);
    return sum / this.period;
  }
}
