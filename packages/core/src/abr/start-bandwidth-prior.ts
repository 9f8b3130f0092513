/**
 * The throughput the first ABR decision plans with, before any media segment
 * has been measured: a combination of the evidence a player has at that point.
 */

/** One transfer made before the first media segment (manifest, playlist, init segment, index). */
export interface StartTransfer {
  /** Body bytes received. */
  bytes: number;
  /** First byte → last byte, ms (the round trip excluded: it is not bandwidth). */
  bodyMs: number;
  /** Host (`name:port`) it came from, when known. */
  host?: string;
}

/** Everything known about the link before the first media segment. */
export interface StartEvidence {
  /** This session's transfers so far (manifest, playlists, init segments), oldest first. */
  transfers: readonly StartTransfer[];
  /**
   * Host the media segments will come from, when known: transfers from another host measured
   * another path (a manifest from the origin or an API, segments from a CDN) and are not evidence.
   * In bench:abr-browser the manifest comes unshaped from the origin while the segments come
   * through the trace-shaped cache: counted, its ~30–60 Mbit/s started segment 1 at the top rung
   * on 1–3 Mbit/s traces, abandoned 0.5 s later (+0.3–0.5 s startup).
   */
  mediaHost?: string;
  /** The platform's downlink hint, bits/s (the browser's `navigator.connection.downlink` × 10⁶), when it has one. */
  downlinkBps?: number;
  /** The estimate persisted by the last session, bits/s, and how long ago it was written (ms). */
  lastSession?: { bps: number; ageMs: number };
}

/** The prior and which evidence made it (for the decision's reason and tests). */
export interface StartPrior {
  /** The prior, bits/s (positive and finite). */
  bps: number;
  /** Human-readable: the sources and their weights, or `default`. */
  basis: string;
}

/**
 * Turns the start evidence into the first decision's throughput prior.
 * Injectable (`startBandwidthPrior` component): an app that knows its users'
 * networks (an operator's CDN, a TV on ethernet) can supply its own rule.
 */
export interface StartBandwidthPrior {
  /** The prior for `evidence`; called at each decision until a media segment has been measured. */
  estimate(evidence: StartEvidence): StartPrior;
}

/** Tuning of {@link combineStartEvidence}. */
export interface StartPriorConfig {
  /**
   * A transfer below this many bytes is not measured: up to one or two TCP
   * segments arrive in one read, so its body time is the event loop's, not the
   * link's. 4 KB is three full-size packets (two inter-packet gaps).
   */
  minTransferBytes: number;
  /**
   * A transfer whose body took less than this (ms) is not measured: Chromium
   * coarsens `performance.now()` to 0.1 ms without cross-origin isolation, so
   * 0.5 ms keeps the quantisation error under ~20 %. (The loopback reference
   * server's 7 KB DASH manifest: 0.8–0.9 ms of body, measured in Chromium.)
   */
  minBodyMs: number;
  /**
   * Body time (ms) from which a transfer too small to measure still caps the
   * prior at its rate. 10 ms: a 1.5 KB manifest whose body took longer came
   * over a link under ~1.2 Mbit/s (the default's level), so the cap only bites
   * below the default. A main-thread delay read as body time can only lower
   * the prior, and a low prior costs one segment at a low rung; a missed slow
   * link costs a first segment of many seconds (750 kbit/s on 0.18 Mbit/s: 16 s).
   */
  slowTransferBodyMs: number;
  /**
   * Pooled bytes at which this session's transfers get their full weight;
   * below, the weight scales linearly (a single 7 KB manifest: 0.87).
   */
  fullWeightBytes: number;
  /** Weight of this session's measured transfers at `fullWeightBytes`: the freshest evidence about this very path. */
  transferWeight: number;
  /**
   * Weight of the last session's estimate when fresh; it halves every
   * `lastSessionHalfLifeMs` (the viewer may have moved networks since). 1, as
   * this session's own transfers: it is a measurement of this device's network
   * over many segments (with 0.5 against the downlink hint's 0.2, Chromium's
   * fixed 1.5 Mbit/s pulled a persisted 56 Mbit/s down to 20 and segment 1
   * stayed at the bottom rung on loopback).
   */
  lastSessionWeight: number;
  /** See {@link StartPriorConfig.lastSessionWeight}, ms (6 h: a viewer's evening on one network). */
  lastSessionHalfLifeMs: number;
  /**
   * Weight of the platform's downlink hint. Low: Chromium's value is a coarse
   * network-quality estimate, rounded and capped at 10 Mbit/s by the spec, and
   * with no observations yet it reports a fixed default (1.5 Mbit/s, "4g",
   * measured in headless Chromium on loopback) — a hint of the network type,
   * not a measurement of the path to the CDN. 0.1: a tie-breaker when alone,
   * a nudge next to a measurement.
   */
  downlinkWeight: number;
  /**
   * The prior when there is no evidence at all, bits/s: conservative, as hls.js
   * (500 kbit/s) and shaka-player (1 Mbit/s) default — an over-estimate at
   * start costs a stall before the first frame, an under-estimate one segment
   * of lower quality.
   */
  defaultBps: number;
  /**
   * Upper bound of the prior, bits/s: above every ladder in practice, and it
   * bounds the damage of a body time read falsely short (a busy main thread
   * can take the first-byte timestamp after the body has arrived).
   */
  maxBps: number;
}

/** Defaults of {@link combineStartEvidence}; see {@link StartPriorConfig} for the reasons. */
export const DEFAULT_START_PRIOR_CONFIG: Readonly<StartPriorConfig> = {
  minTransferBytes: 4 * 1024,
  minBodyMs: 0.5,
  slowTransferBodyMs: 10,
  fullWeightBytes: 8 * 1024,
  transferWeight: 1,
  lastSessionWeight: 1,
  lastSessionHalfLifeMs: 6 * 3600_000,
  downlinkWeight: 0.1,
  defaultBps: 1_000_000,
  maxBps: 50_000_000,
};

const positive = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v > 0;

/**
 * The combination rule, pure: a weighted geometric mean (a mean of
 * log-throughputs — throughput errors are multiplicative, and one source off
 * by 10× must not swamp the others as it would in an arithmetic mean) of
 *
 * - this session's measurable transfers from the media's host (all when it is unknown), pooled (total bytes over total body
 *   time), weight `transferWeight` × min(1, bytes / `fullWeightBytes`);
 * - the last session's estimate, weight `lastSessionWeight` × ½^(age / half-life);
 * - the platform's downlink hint, weight `downlinkWeight`;
 *
 * capped at `maxBps` and at the body rate of any transfer too small to
 * measure (an upper bound: see the comment in the code); `defaultBps` (under
 * the same caps) when no source has any weight.
 */
export function combineStartEvidence(evidence: StartEvidence, config: Readonly<StartPriorConfig> = DEFAULT_START_PRIOR_CONFIG): StartPrior {
  const sources: { name: string; bps: number; weight: number }[] = [];
  let bytes = 0;
  let bodyMs = 0;
  // Transfers too small or too short to measure still bound the link from above once their body
  // took `slowTransferBodyMs`: on a fast link such a body arrives in one read; one that took that
  // long came over a slow link, and the link is at most that fast. Without the bound a 1–2 KB manifest that took a second (a 3G start at 20 kbit/s)
  // left the 1 Mbit/s default in place: in bench:abr BOLA then fetched its first segments high
  // on pensieve traces that start in an outage (904 s of stall on one; the DP's plan 250 s).
  let ceiling = Infinity;
  for (const t of evidence.transfers) {
    if (evidence.mediaHost !== undefined && t.host !== undefined && t.host !== evidence.mediaHost) continue;
    if (!(t.bytes >= config.minTransferBytes) || !(t.bodyMs >= config.minBodyMs) || !Number.isFinite(t.bodyMs)) {
      if (t.bytes > 0 && t.bodyMs >= config.slowTransferBodyMs && Number.isFinite(t.bodyMs)) ceiling = Math.min(ceiling, (t.bytes * 8 * 1000) / t.bodyMs);
      continue;
    }
    bytes += t.bytes;
    bodyMs += t.bodyMs;
  }
  if (bytes > 0) sources.push({ name: 'transfers', bps: (bytes * 8 * 1000) / bodyMs, weight: config.transferWeight * Math.min(1, bytes / config.fullWeightBytes) });
  const last = evidence.lastSession;
  if (last && positive(last.bps)) {
    const age = Math.max(0, Number.isFinite(last.ageMs) ? last.ageMs : Infinity);
    sources.push({ name: 'last session', bps: last.bps, weight: config.lastSessionWeight * Math.pow(0.5, age / config.lastSessionHalfLifeMs) });
  }
  if (positive(evidence.downlinkBps)) sources.push({ name: 'downlink', bps: evidence.downlinkBps, weight: config.downlinkWeight });
  let weight = 0;
  let logSum = 0;
  for (const s of sources) {
    if (!(s.weight > 0)) continue;
    weight += s.weight;
    logSum += s.weight * Math.log(s.bps);
  }
  const bound = ceiling < Infinity ? `, ≤ ${(ceiling / 1e6).toFixed(2)} Mbit/s (small transfers)` : '';
  if (!(weight > 0)) return { bps: Math.min(config.defaultBps, config.maxBps, ceiling), basis: `default${bound}` };
  const bps = Math.min(config.maxBps, ceiling, Math.exp(logSum / weight));
  const basis = sources
    .filter((s) => s.weight > 0)
    .map((s) => `${s.name} ${(s.bps / 1e6).toFixed(2)} Mbit/s × ${s.weight.toFixed(2)}`)
    .join(', ');
  return { bps, basis: basis + bound };
}

/** The default {@link StartBandwidthPrior}: {@link combineStartEvidence} with `config` over the defaults. */
export class DefaultStartBandwidthPrior implements StartBandwidthPrior {
  private readonly config: StartPriorConfig;

  constructor(config: Partial<StartPriorConfig> = {}) {
    this.config = { ...DEFAULT_START_PRIOR_CONFIG, ...config };
  }

  /** {@link combineStartEvidence} with this prior's config. */
  estimate(evidence: StartEvidence): StartPrior {
    return combineStartEvidence(evidence, this.config);
  }
}
