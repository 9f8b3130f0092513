/**
 * Seek landing correction for pipelines that land off target (snapping to an
 * earlier keyframe: "seeks land seconds early" on Tizen and webOS). Pure: a
 * factory over the clock; the web sink calls the result on the `seeked`
 * after each seek it issued and re-seeks to what it returns.
 */

/** Farther than this from the target counts as a bad landing, s (a frame or two of jitter is normal). */
export const SEEK_LANDING_TOLERANCE_S = 0.5;

/**
 * A corrector for `seekDelay` (the profile quirk): null when the profile does
 * not correct (0). Otherwise `(requested, landed)` returns `requested` when
 * the landing is more than {@link SEEK_LANDING_TOLERANCE_S} off and no
 * corrective seek happened in the last `seekDelay` seconds (a slow pipeline
 * would otherwise loop), else null.
 * @param nowMs monotonic ms (`performance.now`)
 */
export function seekLandingCorrector(seekDelay: number, nowMs: () => number): ((requested: number, landed: number) => number | null) | null {
  if (!(seekDelay > 0)) return null;
  let lastCorrectionMs = -Infinity;
  return (requested, landed) => {
    if (!Number.isFinite(requested) || Math.abs(landed - requested) <= SEEK_LANDING_TOLERANCE_S) return null;
    const now = nowMs();
    if (now - lastCorrectionMs < seekDelay * 1000) return null;
    lastCorrectionMs = now;
    return requested;
  };
}
