/**
 * Whose outage is it? When `judgeTransfer` calls a transfer stalled (no
 * body bytes), hung (no first byte) or collapsed, this rule decides whether
 * the evidence blames the cache — then failing over to another pathway helps —
 * or the client's own last mile, where every pathway goes through the same
 * dead link and a failover only throws away the bytes already delivered.
 *
 * Measured on the Pensieve train traces (bench:abr, two pathways sharing one
 * trace-shaped link): on trace_942598 a segment 82 % downloaded with 15.9 s
 * buffered was dropped at a 20 s dead zone, then ten 0-byte attempts
 * alternated caches and a 4 s back-off landed just as the link returned —
 * 17.7 s of stall where the offline-optimal plan's chunk model stalls ~10 s.
 * With this rule (+ the probe, the engine's ride-out and the low-buffer retry
 * cap) the DP plan replayed there stalls 10.3 s.
 *
 * Pure: the pathway manager supplies the evidence, the load-error policy acts.
 */
import type { PathwayFailureReason } from './pathway-selector.js';

/** What is known when a transfer got a cache-failure verdict. */
export interface StallEvidence {
  /** The verdict's reason. */
  reason: PathwayFailureReason;
  /**
   * Every other candidate pathway failed without answering (stalled, hung,
   * timed out, refused) since the last transfer that succeeded on any
   * pathway: the network has not been seen working since, on any cache.
   */
  otherPathwaysSilent: boolean;
  bytesLoaded: number;
  /** Body size, known or estimated (> 0). */
  bytesExpected: number;
  /**
   * The probe of the other pathways for this attempt (see
   * {@link AlternativeProbeState}); `done` means it answered or failed, and
   * its outcome is already in `otherPathwaysSilent`.
   */
  probe: AlternativeProbeState;
}

/** Whether the other pathways were asked (a one-byte request) if they answer, for the attempt in flight. */
export type AlternativeProbeState = 'none' | 'pending' | 'done';

/**
 * The rule's answer: fail over (`cache`), keep the transfer (`last-mile`), or
 * keep it while asking the other pathways whether they answer at all
 * (`probe`): the evidence that separates a dead cache from a dead link
 * before delivered bytes are thrown away.
 */
export type StallBlame = 'cache' | 'last-mile' | 'probe';

/**
 * Fraction of the body delivered from which a stalled transfer is worth
 * keeping: a failover would throw away at least a quarter of a segment's
 * download. Below it a failover costs little and a dead cache is left at
 * once (the failover sim's mid-body stall at 8 % moves to cache b in < 6 s).
 * On the Pensieve train split (bench:abr --decompose, DP plan replayed):
 * 0.5 → × optimum 0.995, 0.25 → 0.996 (trace_942598 also dropped a segment
 * at 33 % delivered, 1 s before the link returned). Keeping costs one probe
 * round trip when the cache is at fault.
 */
export const WORTH_KEEPING = 0.25;

/**
 * The slow-transfer verdicts this rule weighs (those of `judgeTransfer`).
 * Anything else — an HTTP error, a bad body — only the cache can have produced.
 */
const STALL_REASONS: ReadonlySet<PathwayFailureReason> = new Set(['stalled', 'slow-ttfb', 'too-slow']);

/**
 * Blames the last mile (keep the transfer) when every other pathway has also
 * failed silently since anything last succeeded: switching cannot help, and
 * the attempt in flight is as likely as any to get its bytes once the link
 * returns. A transfer worth keeping ({@link WORTH_KEEPING}) is kept while the
 * other pathways are probed (`probe`, then `last-mile` while the probe is
 * pending): if one of them answers, the network works and the cache is
 * blamed — a cache that really died mid-body is left one probe round trip
 * later (the failover sims and the Chromium failover test: zero stalls);
 * if none answers, the first rule keeps the transfer. Anything else (an HTTP
 * error, a bad body, a transfer barely started) blames the cache at once, as
 * before.
 */
export function attributeStall(e: StallEvidence): StallBlame {
  if (!STALL_REASONS.has(e.reason)) return 'cache';
  if (e.otherPathwaysSilent) return 'last-mile';
  if (!(e.bytesExpected > 0 && e.bytesLoaded / e.bytesExpected >= WORTH_KEEPING)) return 'cache';
  if (e.probe === 'none') return 'probe';
  return e.probe === 'pending' ? 'last-mile' : 'cache';
}
