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
  /** Media buffered ahead of the playhead, s. */
  bufferAheadS: number;
  segmentDurationS: number;
  /** The player's throughput estimate, bits/s (NaN when unknown). */
  estimateBps: number;
  /** This transfer's body rate while bytes flowed (its quiet time left out), bits/s; NaN without body bytes. */
  flowRateBps: number;
  /** Since the transfer's last body bytes, ms. */
  idleMs: number;
  /** The silence after which the verdict called it stalled, ms. */
  stallDeadlineMs: number;
}

/** The rule's answer: fail over (`cache`) or keep the transfer (`last-mile`). */
export type StallAttribution = { blame: 'cache' } | { blame: 'last-mile'; detail: string };

/**
 * Fraction of the body delivered above which a stalled transfer is "mostly
 * delivered": restarting it elsewhere costs more than half a segment again.
 * On trace_942598 the dropped transfer was at 82 %.
 */
export const MOSTLY_DELIVERED = 0.5;

/**
 * The slow-transfer verdicts this rule weighs (those of `judgeTransfer`).
 * Anything else — an HTTP error, a bad body — only the cache can have produced.
 */
const STALL_REASONS: ReadonlySet<PathwayFailureReason> = new Set(['stalled', 'slow-ttfb', 'too-slow']);

const CACHE: StallAttribution = { blame: 'cache' };

/**
 * The buffer (s) below which waiting on a stalled, mostly delivered transfer
 * stops being free: room to fetch the whole segment again from another
 * pathway at the estimate twice over, plus one segment of margin, and never
 * less than two segments (the policy's safe-buffer level). Infinity when
 * nothing was measured yet (no basis for waiting).
 */
export function patienceFloorS(e: Pick<StallEvidence, 'bytesExpected' | 'segmentDurationS' | 'estimateBps'>): number {
  if (!(e.estimateBps > 0)) return Infinity;
  const refetchS = (e.bytesExpected * 8) / e.estimateBps;
  return Math.max(2 * e.segmentDurationS, 2 * refetchS + e.segmentDurationS);
}

/**
 * How long (ms) a mostly delivered transfer may stay silent past its stall
 * deadline when the buffer is below {@link patienceFloorS}: as long as
 * fetching its delivered bytes again would take at the faster of the
 * estimate and its own rate — the ski-rental rule (wait as long as giving up
 * would cost, then give up), which never loses more than twice the best
 * choice in hindsight. On trace_8996 (a 5 s dead zone at startup) the first
 * segment, 51 % delivered, is kept and playback starts 2.6 s sooner; on a
 * fast link the wait is a fraction of a second.
 */
export function skiRentalPatienceMs(e: Pick<StallEvidence, 'bytesLoaded' | 'estimateBps' | 'flowRateBps'>): number {
  const rate = Math.max(e.estimateBps > 0 ? e.estimateBps : 0, e.flowRateBps > 0 ? e.flowRateBps : 0);
  return rate > 0 ? (e.bytesLoaded * 8 * 1000) / rate : 0;
}

/**
 * Blames the last mile (keep the transfer) when
 * - every other pathway has also failed silently since anything last
 *   succeeded: switching cannot help, and the attempt in flight is as likely
 *   as any to get the first bytes once the link returns; or
 * - the transfer is mostly delivered ({@link MOSTLY_DELIVERED}) and the buffer
 *   is above {@link patienceFloorS}: waiting costs nothing visible, while a
 *   failover throws the delivered bytes away. Below the floor the cache is
 *   blamed after all, leaving time to fetch the segment elsewhere — so a
 *   cache that really died mid-body is still left before the buffer runs dry;
 * - below that floor, a mostly delivered transfer that went silent is kept
 *   for {@link skiRentalPatienceMs} past its stall deadline.
 * Anything else (an HTTP error, a bad body, too little evidence) blames the cache.
 */
export function attributeStall(e: StallEvidence): StallAttribution {
  if (!STALL_REASONS.has(e.reason)) return CACHE;
  if (e.otherPathwaysSilent) return { blame: 'last-mile', detail: `${e.reason}: every other pathway also failed without answering since the last success` };
  const delivered = e.bytesExpected > 0 ? e.bytesLoaded / e.bytesExpected : 0;
  const floor = patienceFloorS(e);
  if (delivered < MOSTLY_DELIVERED) return CACHE;
  if (e.bufferAheadS > floor) {
    return { blame: 'last-mile', detail: `${e.reason} at ${Math.round(delivered * 100)} % delivered with ${e.bufferAheadS.toFixed(1)} s buffered (waits down to ${floor.toFixed(1)} s)` };
  }
  const patienceMs = skiRentalPatienceMs(e);
  if (e.reason === 'stalled' && e.idleMs < e.stallDeadlineMs + patienceMs) {
    return { blame: 'last-mile', detail: `stalled at ${Math.round(delivered * 100)} % delivered: waits ${Math.round(patienceMs)} ms past the deadline, what fetching it again would cost` };
  }
  return CACHE;
}
