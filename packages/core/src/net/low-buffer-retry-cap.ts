/**
 * How long a segment download may back off between retry rounds when the
 * buffer is low. The retry policy's back-off grows to `maxDelayMs` (4 s) while
 * no pathway answers (a network outage being ridden out); when the link
 * returns, the next round can then be up to 4 s away while the player is
 * already stalled. On trace_942598 (bench:abr, the DP plan replayed) a 4 s
 * back-off started 2 s before the link returned: the segment arrived 4 s
 * later than it could have. A player with little buffer probes sooner: a
 * failed round during an outage costs one request, a late one costs a stall.
 */

/** Back-off bound when the buffer is low, ms: one probe of the network per second. */
export const LOW_BUFFER_RETRY_CAP_MS = 1000;

/**
 * The bound (ms) on the next back-off of a download for media of
 * `segmentDurationS` with `bufferAheadS` buffered: Infinity (the policy's own
 * delay) from two segments of buffer up, {@link LOW_BUFFER_RETRY_CAP_MS} below.
 */
export function lowBufferRetryCapMs(bufferAheadS: number, segmentDurationS: number): number {
  const segment = Number.isFinite(segmentDurationS) && segmentDurationS > 0 ? segmentDurationS : 4;
  return bufferAheadS >= 2 * segment ? Infinity : LOW_BUFFER_RETRY_CAP_MS;
}
