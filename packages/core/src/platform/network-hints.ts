/**
 * What the platform says about the network before anything is measured (the
 * web binding: the Network Information API). Hints, not measurements.
 */
export interface NetworkHints {
  /** Estimated downlink, bits/s, or undefined when the platform has no estimate. */
  downlinkBps(): number | undefined;
}
