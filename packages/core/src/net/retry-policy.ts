import type { NetworkError } from '../errors/network-error.js';

/**
 * How the request engine retries a failed request. One "attempt" is one round
 * over all candidate pathways: failing over to another CDN is immediate (it
 * is independent of the one that failed), while retrying the same set waits
 * `retryDelay` so a struggling origin is not hammered.
 */
export interface RetryPolicy {
  /** Rounds in total, including the first (1 = no retry). */
  maxAttempts: number;
  /** Delay before the second round, ms. */
  baseDelayMs: number;
  /** Upper bound of any delay, ms (before jitter). */
  maxDelayMs: number;
  /** Multiplier per further round (2 = doubling). */
  backoffFactor: number;
  /**
   * Jitter as a fraction of the delay: the delay is scaled by a uniform factor
   * in [1 − fuzz, 1 + fuzz], so many clients that failed together do not retry
   * in lock-step (thundering herd on a recovering CDN).
   */
  fuzz: number;
  /**
   * While no pathway gives any answer at all — every failure is a refused or
   * broken connection, a timeout or a stalled body, never an HTTP status — the
   * client's own network is the likelier culprit (a train in a tunnel) and
   * more rounds cannot "use up" anything: such rounds do not count against
   * `maxAttempts` until this long (ms) has passed since the first of them.
   * Retries continue at `maxDelayMs` meanwhile, so playback resumes within a
   * few seconds of the network coming back. 0 = count every round;
   * `maxAttempts: 1` (no retries at all) also disables it.
   */
  outageToleranceMs: number;
}

/**
 * Defaults: 4 rounds, 250 ms doubling to at most 4 s, ±50 % jitter. Short
 * first delay because a stalled player pays for every millisecond; the cap
 * keeps the worst case (~7 s before jitter) well inside a 30 s buffer. A
 * network outage (no pathway answers at all) is ridden out for up to 60 s,
 * as a mobile user expects a stall, not an error, after a short dead zone.
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  backoffFactor: 2,
  fuzz: 0.5,
  outageToleranceMs: 60_000,
});

/**
 * Merges a partial policy over the defaults and clamps nonsense (negative or
 * NaN values) so a bad config cannot produce an infinite or negative loop.
 */
export function resolveRetryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const pick = (v: number | undefined, d: number, min: number): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(min, v) : d);
  return {
    maxAttempts: Math.floor(pick(partial.maxAttempts, DEFAULT_RETRY_POLICY.maxAttempts, 1)),
    baseDelayMs: pick(partial.baseDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs, 0),
    maxDelayMs: pick(partial.maxDelayMs, DEFAULT_RETRY_POLICY.maxDelayMs, 0),
    backoffFactor: pick(partial.backoffFactor, DEFAULT_RETRY_POLICY.backoffFactor, 1),
    fuzz: Math.min(1, pick(partial.fuzz, DEFAULT_RETRY_POLICY.fuzz, 0)),
    outageToleranceMs: pick(partial.outageToleranceMs, DEFAULT_RETRY_POLICY.outageToleranceMs, 0),
  };
}

/**
 * Delay in ms to wait after failed round `attempt` (1-based) before the next:
 * `min(maxDelay, base × factor^(attempt−1)) × (1 + fuzz × (2·random − 1))`.
 * Pure; `random` returns [0, 1).
 */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * Math.pow(policy.backoffFactor, exponent));
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0.5;
  return Math.max(0, nominal * (1 + policy.fuzz * (2 * unit - 1)));
}

/**
 * Whether retrying the same resource can help. Aborts never retry; client
 * errors that will not change (400, 401, 403, 405, 410, 501...) do not retry
 * either, while 404 does (an edge may not have the segment yet, notably live),
 * as do 408, 429, 5xx, timeouts and connection failures.
 */
export function isRetryable(error: NetworkError): boolean {
  if (error.code === 'ABORTED') return false;
  if (error.code !== 'HTTP_ERROR') return true;
  const status = error.details.status;
  if (status === undefined) return true;
  if (status === 404 || status === 408 || status === 425 || status === 429) return true;
  if (status === 501 || status === 505) return false;
  return status >= 500 || status < 400;
}
