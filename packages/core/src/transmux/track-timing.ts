/**
 * Sample durations for a fragment: each sample lasts until the next one's
 * decode time. The last sample of a segment has no successor yet (the next
 * segment may not even be fetched), so it gets the previous sample's duration
 * — for constant frame rate video that is exact; the next segment's tfdt comes
 * from its own DTS, so any error does not accumulate.
 */
import type { EncodedSample } from './types.js';

/**
 * Fills `duration` of `samples` (decode order) in place. `fallback` is the
 * duration to use for a single-sample run or a non-increasing DTS; returns
 * the duration to carry over as the next fallback.
 */
export function assignDurations(samples: EncodedSample[], fallback: number): number {
  let last = fallback;
  for (let i = 0; i < samples.length - 1; i++) {
    const d = samples[i + 1].dts - samples[i].dts;
    samples[i].duration = d > 0 ? d : last;
    if (d > 0) last = d;
  }
  if (samples.length > 0) samples[samples.length - 1].duration = last;
  return last;
}
