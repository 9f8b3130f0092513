/** Throughput traces (`time_s Mbps` per line, as in ../shared/traces) as a rate-at-time function. */
import { readFileSync } from 'node:fs';
import { HttpError } from '../http/http-error.js';

export interface ThroughputTrace {
  /** Bits per second at `seconds` since the trace started (loops at the end). */
  rateAt(seconds: number): number;
  duration: number;
}

export function parseTrace(text: string): ThroughputTrace {
  const times: number[] = [];
  const rates: number[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2) continue;
    const t = Number(parts[0]);
    const mbps = Number(parts[1]);
    if (!Number.isFinite(t) || !Number.isFinite(mbps) || mbps < 0) continue;
    times.push(t);
    rates.push(Math.max(mbps, 0.01) * 1e6);
  }
  if (times.length < 2) throw new HttpError(400, 'BAD_TRACE', 'trace has fewer than two valid "time_s Mbps" lines');
  const t0 = times[0]!;
  const duration = Math.max(1, times[times.length - 1]! - t0);
  return {
    duration,
    rateAt(seconds: number): number {
      const t = t0 + (seconds % duration);
      let lo = 0;
      let hi = times.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (times[mid]! <= t) lo = mid;
        else hi = mid - 1;
      }
      return rates[lo]!;
    },
  };
}

export function loadTrace(file: string): ThroughputTrace {
  return parseTrace(readFileSync(file, 'utf8'));
}
