import { Ewma } from './ewma.js';
import type { ThroughputEstimator, TransferSample } from './throughput-estimator.js';

/** Tuning of {@link EwmaThroughputEstimator}. */
export interface EwmaThroughputEstimatorConfig {
  /** Half-life of the fast average, seconds of transfer time. */
  fastHalfLife: number;
  /** Half-life of the slow average, seconds of transfer time. */
  slowHalfLife: number;
  /** Transfers smaller than this (bytes) are dominated by TCP slow start / request overhead and are not bandwidth samples. */
  minSampleBytes: number;
  /** Bytes that must have been sampled before an estimate is reported. */
  minTotalBytes: number;
  /** What {@link EwmaThroughputEstimator.getEstimate} returns before that, bits/s (NaN = "no idea"). */
  defaultEstimate: number;
  /** Half-life of the TTFB average, in samples (each TTFB counts as weight 1). */
  latencyHalfLife: number;
}

const DEFAULTS: EwmaThroughputEstimatorConfig = {
  fastHalfLife: 2,
  slowHalfLife: 5,
  minSampleBytes: 16_000,
  minTotalBytes: 128_000,
  defaultEstimate: NaN,
  latencyHalfLife: 4,
};

/** Transfers whose wire time overlapped, merged into one measurement of the shared link. */
interface Group {
  start: number;
  end: number;
  bytes: number;
}

/**
 * The default bandwidth estimator: two bytes-weighted EWMAs of throughput
 * (fast: 2 s half-life, slow: 5 s) and the estimate is the *minimum* of the
 * two. As in shaka-player's design, taking the minimum reacts quickly when
 * bandwidth drops (the fast average falls first) and slowly when it rises
 * (the slow average lags), which is the asymmetric caution an ABR wants: an
 * over-estimate costs a stall, an under-estimate only some quality. Samples
 * are weighted by transfer duration so one long transfer outweighs a short
 * burst.
 *
 * Filtering: cached transfers (`fromCache`) and transfers under
 * `minSampleBytes` are ignored for bandwidth (they measure latency and TCP
 * slow start, not the link); TTFB of non-cached transfers feeds a separate
 * latency average. Sample duration is first byte → last byte, so latency is
 * not mistaken for low bandwidth.
 *
 * Parallel downloads (audio and video segments in flight together) share one
 * link, so measuring each alone would under-estimate it by about the number
 * of parallel transfers. Scaling a sample by its `concurrency` would instead
 * over-estimate whenever the transfers only partly overlap or are limited
 * per connection. So this estimator *merges overlapping transfers*: bytes of
 * transfers whose [first byte, end] intervals overlap are summed over the
 * union of their intervals, giving the throughput the link actually
 * delivered. A merged group is committed to the averages once a transfer
 * starts after it ended; until then it is folded in provisionally whenever an
 * estimate is read. A late transfer that overlaps an already-committed group
 * only contributes the bytes pro rata to its time after that group, so no
 * byte counts twice.
 *
 * Confidence combines how much has been measured (1 − e^(−n/4) over committed
 * groups) with how stable it is (e^(−σ), σ the exponentially weighted standard
 * deviation of ln-throughput): few or wildly varying samples mean low trust.
 */
export class EwmaThroughputEstimator implements ThroughputEstimator {
  private readonly config: EwmaThroughputEstimatorConfig;
  private fast: Ewma;
  private slow: Ewma;
  private logMean: Ewma;
  private logSquare: Ewma;
  private latency: Ewma;
  private group: Group | null = null;
  private committedUntil = -Infinity;
  private bytesSampled = 0;
  private groupsCommitted = 0;

  constructor(config: Partial<EwmaThroughputEstimatorConfig> = {}) {
    this.config = { ...DEFAULTS, ...config };
    this.fast = new Ewma(this.config.fastHalfLife);
    this.slow = new Ewma(this.config.slowHalfLife);
    this.logMean = new Ewma(this.config.slowHalfLife);
    this.logSquare = new Ewma(this.config.slowHalfLife);
    this.latency = new Ewma(this.config.latencyHalfLife);
  }

  addSample(sample: TransferSample): void {
    if (sample.fromCache) return;
    if (Number.isFinite(sample.ttfbMs) && sample.ttfbMs >= 0) this.latency.sample(1, sample.ttfbMs);
    if (!(sample.bytes >= this.config.minSampleBytes) || !(sample.durationMs > 0) || !Number.isFinite(sample.endTime)) return;

    let start = sample.endTime - sample.durationMs;
    let bytes = sample.bytes;
    if (start < this.committedUntil) {
      // Part of this transfer ran alongside a group already committed: count only its later share.
      const after = sample.endTime - this.committedUntil;
      if (after <= 0) return;
      bytes *= after / sample.durationMs;
      start = this.committedUntil;
    }
    const group = this.group;
    if (group && start < group.end && sample.endTime > group.start) {
      group.start = Math.min(group.start, start);
      group.end = Math.max(group.end, sample.endTime);
      group.bytes += bytes;
      return;
    }
    if (group) this.commit(group);
    this.group = { start, end: sample.endTime, bytes };
  }

  getEstimate(): number {
    const { fast, slow, bytes } = this.withPending();
    if (bytes < this.config.minTotalBytes || !(fast.weight > 0)) return this.config.defaultEstimate;
    return Math.min(fast.value, slow.value);
  }

  getConfidence(): number {
    const pending = this.group ? 1 : 0;
    const n = this.groupsCommitted + pending;
    if (n === 0) return 0;
    const amount = 1 - Math.exp(-n / 4);
    let sd = 0;
    if (this.logMean.weight > 0) {
      const mean = this.logMean.value;
      sd = Math.sqrt(Math.max(0, this.logSquare.value - mean * mean));
    }
    return amount * Math.exp(-sd);
  }

  getLatencyEstimate(): number {
    return this.latency.value;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.logMean.reset();
    this.logSquare.reset();
    this.latency.reset();
    this.group = null;
    this.committedUntil = -Infinity;
    this.bytesSampled = 0;
    this.groupsCommitted = 0;
  }

  private withPending(): { fast: Ewma; slow: Ewma; bytes: number } {
    const group = this.group;
    if (!group) return { fast: this.fast, slow: this.slow, bytes: this.bytesSampled };
    const fast = this.fast.clone();
    const slow = this.slow.clone();
    const { seconds, bps } = rateOf(group);
    fast.sample(seconds, bps);
    slow.sample(seconds, bps);
    return { fast, slow, bytes: this.bytesSampled + group.bytes };
  }

  private commit(group: Group): void {
    const { seconds, bps } = rateOf(group);
    this.fast.sample(seconds, bps);
    this.slow.sample(seconds, bps);
    const ln = Math.log(bps);
    this.logMean.sample(seconds, ln);
    this.logSquare.sample(seconds, ln * ln);
    this.bytesSampled += group.bytes;
    this.groupsCommitted++;
    this.committedUntil = Math.max(this.committedUntil, group.end);
  }
}

function rateOf(group: Group): { seconds: number; bps: number } {
  const seconds = (group.end - group.start) / 1000;
  return { seconds, bps: (group.bytes * 8) / seconds };
}
