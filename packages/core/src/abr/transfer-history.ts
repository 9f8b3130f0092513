import type { ThroughputSample } from './abr-strategy.js';
import type { TransferInfo } from '../net/request-engine.js';
import type { TransferSample } from '../net/throughput-estimator.js';

/**
 * The last segment transfers and a prior for the first ABR decision, as the
 * ABR context reports them (`throughputSamples`, `initialEstimate`). Fed by
 * the request engine's transfer listener; MPC-style strategies predict from
 * the samples themselves rather than from the estimator's smoothed figure.
 */
export class TransferHistory {
  private readonly samples: ThroughputSample[] = [];
  private prior: number | undefined;

  /** `keep`: segment transfers remembered (robustMPC's harmonic mean uses the last 5; 10 leaves room for its error window). */
  constructor(private readonly keep = 10) {}

  add(sample: TransferSample, info: TransferInfo): void {
    if (!info.complete || sample.fromCache) return;
    const total = sample.ttfbMs + sample.durationMs;
    // The manifest / playlist / init transfers are the only evidence before the first segment.
    if (info.kind === 'manifest' || info.kind === 'media-playlist' || info.kind === 'init' || info.kind === 'index') {
      if (this.samples.length === 0 && sample.bytes > 0 && sample.durationMs > 0) this.prior = (sample.bytes * 8 * 1000) / sample.durationMs;
      return;
    }
    if (info.kind !== 'segment') return;
    this.samples.push({ bytes: sample.bytes, durationMs: total, ttfbMs: sample.ttfbMs, endMs: sample.endTime });
    if (this.samples.length > this.keep) this.samples.shift();
  }

  recent(): readonly ThroughputSample[] {
    return this.samples;
  }

  /** Bits/s of the last non-segment transfer before any segment, or undefined. */
  initialEstimate(): number | undefined {
    return this.prior;
  }

  reset(): void {
    this.samples.length = 0;
    this.prior = undefined;
  }
}
