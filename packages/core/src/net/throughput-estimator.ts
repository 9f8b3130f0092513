/** One completed (or partially completed) transfer, as seen by the network engine. */
export interface TransferSample {
  bytes: number;
  /** First byte → last byte, ms (excludes TTFB so latency does not read as low bandwidth). */
  durationMs: number;
  /** Request start → first byte, ms. */
  ttfbMs: number;
  /** Clock.now at the end of the transfer. */
  endTime: number;
  /** How many transfers were in flight concurrently (1 = alone). */
  concurrency?: number;
  fromCache?: boolean;
}

/**
 * Estimates available bandwidth from transfer samples. Replaceable: the
 * default is a dual fast/slow EWMA; a sliding-window harmonic mean or a learned
 * predictor can be swapped in through player config.
 */
export interface ThroughputEstimator {
  addSample(sample: TransferSample): void;
  /** Bits per second; `NaN` (or the configured default) until enough data. */
  getEstimate(): number;
  /** 0..1: trust in the estimate. */
  getConfidence(): number;
  /** Smoothed time to first byte, ms. */
  getLatencyEstimate(): number;
  reset(): void;
}
