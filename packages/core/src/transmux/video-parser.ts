/**
 * The contract between the transmuxer and a video elementary-stream parser
 * (H.264, H.265): PES payloads in, samples with 90 kHz DTS/CTS out, plus the
 * track configuration for the init segment.
 */
import type { EncodedSample, TrackConfig } from './types.js';

export interface VideoParser {
  /** One PES payload with its unwrapped 90 kHz PTS/DTS (absent when the PES has none). */
  push(data: Uint8Array, pts: number | undefined, dts: number | undefined): void;
  /** End of segment: the samples completed so far, in decode order; durations are left 0 for the caller. */
  flush(): EncodedSample[];
  /** Current configuration, `null` until parameter sets were seen. A new object means the parameters changed. */
  config(): TrackConfig | null;
  reset(): void;
}
