import type { ThroughputSample } from './abr-strategy.js';
import type { StartTransfer } from './start-bandwidth-prior.js';
import type { TransferInfo } from '../net/request-engine.js';
import type { TransferSample } from '../net/throughput-estimator.js';

/** Non-segment transfers kept for the start prior: a manifest, a few playlists and init segments fit. */
const START_TRANSFERS_KEPT = 16;

/**
 * The last segment transfers and the transfers made before the first segment,
 * as the ABR context reports them (`throughputSamples`, and the evidence of the
 * `initialEstimate` prior). Fed by the request engine's transfer listener;
 * MPC-style strategies predict from the samples themselves rather than from
 * the estimator's smoothed figure.
 */
export class TransferHistory {
  private readonly samples: ThroughputSample[] = [];
  private readonly start: StartTransfer[] = [];

  /** `keep`: segment transfers remembered (robustMPC's harmonic mean uses the last 5; 10 leaves room for its error window). */
  constructor(private readonly keep = 10) {}

  add(sample: TransferSample, info: TransferInfo): void {
    if (!info.complete || sample.fromCache) return;
    const total = sample.ttfbMs + sample.durationMs;
    // The manifest / playlist / init transfers are the only evidence before the first segment
    // (body time: `durationMs` is first → last byte, so the round trip does not read as low bandwidth).
    if (info.kind === 'manifest' || info.kind === 'media-playlist' || info.kind === 'init' || info.kind === 'index') {
      if (this.samples.length === 0 && sample.bytes > 0) {
        const host = hostOf(info.url);
        this.start.push({ bytes: sample.bytes, bodyMs: sample.durationMs, ...(host !== undefined ? { host } : {}) });
        if (this.start.length > START_TRANSFERS_KEPT) this.start.shift();
      }
      return;
    }
    if (info.kind !== 'segment') return;
    this.samples.push({ bytes: sample.bytes, durationMs: total, ttfbMs: sample.ttfbMs, endMs: sample.endTime });
    if (this.samples.length > this.keep) this.samples.shift();
  }

  recent(): readonly ThroughputSample[] {
    return this.samples;
  }

  /** The transfers made before the first media segment of this load (the start prior's evidence), oldest first. */
  startTransfers(): readonly StartTransfer[] {
    return this.start;
  }

  reset(): void {
    this.samples.length = 0;
    this.start.length = 0;
  }
}

/** `name:port` of an absolute URL; undefined when it does not parse. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
