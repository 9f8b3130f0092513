import type { AbrControllerConfig, AbrStrategy } from '@edgeplay/core';
import type { BandwidthTrace, TracePoint } from './trace.js';
import type { SyntheticPresentation } from './synthetic-presentation.js';

/** Knobs of one simulated playback. */
export interface SimulationConfig {
  /** Seconds buffered ahead before downloads pause. */
  bufferGoal: number;
  /** Seconds buffered before playback starts. */
  rebufferGoal: number;
  /** Network round-trip time, ms. */
  rttMs: number;
  /** Start this far into the trace, seconds. */
  traceOffsetS: number;
  /** Let the ABR abandon in-flight segments. */
  abandon: boolean;
  /** Switch constraints for the AbrController wrapping the strategy. */
  controller: Partial<AbrControllerConfig>;
}

/** What {@link simulatePlayback} needs. */
export interface SimulationOptions {
  trace: readonly TracePoint[] | BandwidthTrace;
  presentation: SyntheticPresentation;
  abr: AbrStrategy;
  config?: Partial<SimulationConfig>;
  /** Seconds of media to play (at most the presentation's duration). */
  durationS: number;
}

/** QoE of one simulated playback. */
export interface SimulationResult {
  /** Stalled time / (stalled + played time), after startup. */
  rebufferRatio: number;
  /** Stalls after the first frame. */
  stalls: number;
  stallMs: number;
  /** Time-weighted bitrate of the media played, bits/s. */
  meanBitrate: number;
  /** Quality changes between consecutive played segments. */
  switches: number;
  /** Load → first frame, virtual ms. */
  startupMs: number;
  /** Seconds of media played. */
  playedS: number;
  /** Segment downloads abandoned for a lower track. */
  abandons: number;
  /** Virtual ms simulated. */
  virtualMs: number;
  /** Which engine drove the playback. */
  engine: 'player';
}

/** Default simulation settings. */
export const DEFAULT_SIMULATION_CONFIG: SimulationConfig = {
  bufferGoal: 30,
  rebufferGoal: 2,
  rttMs: 80,
  traceOffsetS: 0,
  abandon: true,
  controller: {},
};
