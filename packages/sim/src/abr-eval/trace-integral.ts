import type { TracePoint } from '../trace.js';

/**
 * Cumulative bytes a looping Pensieve-convention trace delivers, for exact
 * transfer times: `finishTime(start, bytes)` is when a transfer of `bytes`
 * that has the whole link from `start` on completes. Same convention as the
 * simulator's `BandwidthTrace` (line i's rate holds from time[i−1] to
 * time[i], the trace loops) so the chunk model and the Player's simulated
 * network see the same link. O(log n) per query.
 */
export class TraceIntegral {
  /** Breakpoints of one period, seconds from the period start (0 … period). */
  private readonly times: Float64Array;
  /** Bytes delivered from the period start to each breakpoint. */
  private readonly bytes: Float64Array;
  /** Loop period, seconds (Infinity for a one-line, constant trace). */
  readonly period: number;
  private readonly perPeriod: number;
  private readonly constantRate: number;
  private readonly base: number;

  /** @param offsetS simulation time 0 is this far into the trace (as the simulator's `traceOffsetS`). */
  constructor(points: readonly TracePoint[], private readonly offsetS = 0) {
    if (points.length === 0) throw new RangeError('TraceIntegral: empty trace');
    const first = points[0]!.time_s;
    const last = points[points.length - 1]!.time_s;
    const n = points.length;
    if (n === 1 || !(last > first)) {
      this.period = Infinity;
      this.constantRate = (points[n - 1]!.mbps * 1e6) / 8;
      this.times = new Float64Array(0);
      this.bytes = new Float64Array(0);
      this.perPeriod = Infinity;
      this.base = 0;
      return;
    }
    this.constantRate = NaN;
    this.period = last - first;
    this.times = new Float64Array(n);
    this.bytes = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      this.times[i] = points[i]!.time_s - first;
      this.bytes[i] = this.bytes[i - 1]! + ((points[i]!.mbps * 1e6) / 8) * Math.max(0, points[i]!.time_s - points[i - 1]!.time_s);
    }
    this.perPeriod = this.bytes[n - 1]!;
    this.base = this.raw(offsetS);
  }

  /** Bytes from trace phase 0 to trace time x (looping). */
  private raw(x: number): number {
    const cycles = Math.floor(x / this.period);
    const phase = x - cycles * this.period;
    let lo = 1;
    let hi = this.times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! > phase) hi = mid;
      else lo = mid + 1;
    }
    const span = this.times[lo]! - this.times[lo - 1]!;
    const rate = span > 0 ? (this.bytes[lo]! - this.bytes[lo - 1]!) / span : 0;
    return cycles * this.perPeriod + this.bytes[lo - 1]! + rate * Math.min(span, phase - this.times[lo - 1]!);
  }

  /** Inverse of {@link raw}: the earliest trace time by which `b` bytes have been delivered. */
  private rawInverse(b: number): number {
    let cycles = Math.floor(b / this.perPeriod);
    let rem = b - cycles * this.perPeriod;
    if (rem <= 0 && cycles > 0) {
      cycles -= 1;
      rem += this.perPeriod;
    }
    // Smallest i >= 1 with bytes[i] >= rem.
    let lo = 1;
    let hi = this.bytes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.bytes[mid]! >= rem) hi = mid;
      else lo = mid + 1;
    }
    const got = this.bytes[lo]! - this.bytes[lo - 1]!;
    const span = this.times[lo]! - this.times[lo - 1]!;
    const within = got > 0 ? ((rem - this.bytes[lo - 1]!) / got) * span : 0;
    return cycles * this.period + this.times[lo - 1]! + within;
  }

  /** Bytes delivered from simulation time 0 to `t`. */
  cumulative(t: number): number {
    if (!Number.isFinite(this.period)) return this.constantRate * t;
    return this.raw(t + this.offsetS) - this.base;
  }

  /**
   * When a transfer of `bytes` whose body starts at simulation time `start`
   * completes, seconds. Infinity when the trace never delivers anything.
   */
  finishTime(start: number, bytes: number): number {
    if (bytes <= 0) return start;
    if (!Number.isFinite(this.period)) return this.constantRate > 0 ? start + bytes / this.constantRate : Infinity;
    if (!(this.perPeriod > 0)) return Infinity;
    const target = this.raw(start + this.offsetS) + bytes;
    return Math.max(start, this.rawInverse(target) - this.offsetS);
  }
}
