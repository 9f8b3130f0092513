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
 * Piecewise-constant bandwidth over a trace, looping. The trace's period is
 * its last timestamp plus the mean step, so the last sample lasts as long as
 * a typical one.
 */
export class BandwidthTrace {
  readonly points: readonly TracePoint[];
  /** Loop period, seconds. */
  readonly period: number;
  private readonly offset: number;

  /** @param offsetS start this many seconds into the trace (varies runs over one trace). */
  constructor(points: readonly TracePoint[], offsetS = 0) {
    if (points.length === 0) throw new RangeError('BandwidthTrace: empty trace');
    this.points = points;
    const first = points[0]!.time_s;
    const last = points[points.length - 1]!.time_s;
    const step = points.length > 1 ? (last - first) / (points.length - 1) : 1;
    this.period = last - first + (step > 0 ? step : 1);
    this.offset = offsetS;
  }

  private locate(timeS: number): { index: number; phase: number; cycle: number } {
    const first = this.points[0]!.time_s;
    const t = timeS + this.offset;
    const cycle = Math.floor(t / this.period);
    const phase = t - cycle * this.period + first;
    // Binary search: last point with time_s <= phase.
    let lo = 0;
    let hi = this.points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.points[mid]!.time_s <= phase) lo = mid;
      else hi = mid - 1;
    }
    return { index: lo, phase, cycle };
  }

  /** Mbit/s at simulation time `timeS`. */
  mbpsAt(timeS: number): number {
    return this.points[this.locate(timeS).index]!.mbps;
  }

  /** Simulation time (s) of the next bandwidth change strictly after `timeS`. */
  nextChange(timeS: number): number {
    const { index, phase } = this.locate(timeS);
    const first = this.points[0]!.time_s;
    const nextPhase = index + 1 < this.points.length ? this.points[index + 1]!.time_s : first + this.period;
    const delta = nextPhase - phase;
    return timeS + (delta > 1e-9 ? delta : 1e-6);
  }

  /** Mean Mbit/s over one period (time-weighted). */
  meanMbps(): number {
    let sum = 0;
    for (let i = 0; i < this.points.length; i++) {
      const end = i + 1 < this.points.length ? this.points[i + 1]!.time_s : this.points[0]!.time_s + this.period;
      sum += this.points[i]!.mbps * (end - this.points[i]!.time_s);
    }
    return sum / this.period;
  }
}
