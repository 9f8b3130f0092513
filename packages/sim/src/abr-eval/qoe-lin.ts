/**
 * The linear QoE of Pensieve (Mao et al., SIGCOMM 2017) and MPC (Yin et al.,
 * SIGCOMM 2015), per segment: bitrate in Mbit/s − 4.3 × rebuffer seconds −
 * |bitrate change| in Mbit/s. 4.3 is the top rung of the Pensieve ladder in
 * Mbit/s: one second of stall costs as much as one segment at the top rung.
 */
export const QOE_LIN_REBUFFER_PENALTY = 4.3;
/** Weight of |Δbitrate| (Mbit/s) in QoE_lin. */
export const QOE_LIN_SMOOTHNESS_PENALTY = 1;

/** One played segment as QoE_lin sees it. */
export interface QoeSegment {
  /** Nominal bitrate of the rung played, bits/s. */
  bitrate: number;
  /** Seconds stalled waiting for this segment (the first segment's: startup delay). */
  rebufferS: number;
}

/** Totals of a session's QoE_lin. */
export interface QoeLinBreakdown {
  /** Σ per-segment QoE. */
  total: number;
  /** total / segments (0 for none). */
  perSegment: number;
  /** Σ bitrate, Mbit/s. */
  bitrateMbps: number;
  /** 4.3 × Σ rebuffer s. */
  rebufferPenalty: number;
  /** Σ |Δbitrate|, Mbit/s. */
  smoothnessPenalty: number;
  segments: number;
}

/** QoE_lin of one segment given the previous segment's bitrate (null for the first). */
export function qoeLinStep(bitrate: number, previousBitrate: number | null, rebufferS: number): number {
  const mbps = bitrate / 1e6;
  const change = previousBitrate === null ? 0 : Math.abs(mbps - previousBitrate / 1e6);
  return mbps - QOE_LIN_REBUFFER_PENALTY * rebufferS - QOE_LIN_SMOOTHNESS_PENALTY * change;
}

/** QoE_lin over a played sequence. */
export function qoeLin(segments: readonly QoeSegment[]): QoeLinBreakdown {
  let bitrate = 0;
  let rebuffer = 0;
  let smooth = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    bitrate += s.bitrate / 1e6;
    rebuffer += QOE_LIN_REBUFFER_PENALTY * s.rebufferS;
    if (i > 0) smooth += QOE_LIN_SMOOTHNESS_PENALTY * Math.abs(s.bitrate - segments[i - 1]!.bitrate) / 1e6;
  }
  const total = bitrate - rebuffer - smooth;
  return { total, perSegment: segments.length ? total / segments.length : 0, bitrateMbps: bitrate, rebufferPenalty: rebuffer, smoothnessPenalty: smooth, segments: segments.length };
}
