/**
 * TTML time expressions (TTML1 §10.3.1, TTML2 §10.3.1, IMSC1 §6.4) resolved to
 * seconds with the document's timing parameters.
 *
 * - clock time: `hh:mm:ss`, `hh:mm:ss.fff` (fraction of a second) or
 *   `hh:mm:ss:ff` / `hh:mm:ss:ff.sub` (frames and sub-frames);
 * - offset time: `<number>(h|m|s|ms|f|t)` — frames at the effective frame
 *   rate, ticks at `ttp:tickRate`.
 */

/** The `ttp:` parameters that turn frames and ticks into seconds. */
export interface TtmlTimingParameters {
  /** Effective frames per second: `ttp:frameRate` × `ttp:frameRateMultiplier`. */
  frameRate: number;
  /** `ttp:subFrameRate`: sub-frames per frame. */
  subFrameRate: number;
  /** `ttp:tickRate`: ticks per second. */
  tickRate: number;
}

/** TTML defaults: 30 fps, 1 sub-frame; tick rate = frame rate × sub-frame rate when a frame rate is given, else 1 (TTML1 §6.2.11). */
export const DEFAULT_TIMING: TtmlTimingParameters = { frameRate: 30, subFrameRate: 1, tickRate: 1 };

function positive(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Timing parameters from the raw attribute values of the root `tt` element
 * (local names `frameRate`, `frameRateMultiplier`, `subFrameRate`, `tickRate`).
 * Malformed values fall back to the defaults: a wrong frame rate shifts frame
 * times, it must not lose the document.
 */
export function timingParameters(raw: { frameRate?: string; frameRateMultiplier?: string; subFrameRate?: string; tickRate?: string }): TtmlTimingParameters {
  const base = positive(raw.frameRate);
  let frameRate = base ?? DEFAULT_TIMING.frameRate;
  const mult = /^\s*(\d+)\s+(\d+)\s*$/.exec(raw.frameRateMultiplier ?? '');
  if (mult && Number(mult[2]) > 0) frameRate = (frameRate * Number(mult[1])) / Number(mult[2]);
  const subFrameRate = positive(raw.subFrameRate) ?? DEFAULT_TIMING.subFrameRate;
  const tickRate = positive(raw.tickRate) ?? (base !== undefined ? frameRate * subFrameRate : DEFAULT_TIMING.tickRate);
  return { frameRate, subFrameRate, tickRate };
}

const CLOCK = /^(\d{2,}):(\d{2}):(\d{2}(?:\.\d+)?)(?::(\d{2,}(?:\.\d+)?))?$/;
const OFFSET = /^(\d+(?:\.\d+)?)(h|ms|m|s|f|t)$/;

/**
 * Seconds of a time expression, or null when it is not one (the caller
 * ignores the attribute, as TTML processors do with invalid values).
 */
export function parseTimeExpression(value: string, params: TtmlTimingParameters): number | null {
  const v = value.trim();
  if (v.length > 64) return null; // no valid expression is this long; keeps hostile attributes cheap
  const clock = CLOCK.exec(v);
  if (clock) {
    const seconds = Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
    if (Number(clock[2]) > 59 || Number(clock[3]) >= 61) return null;
    if (clock[4] === undefined) return seconds;
    const [frames = '0', sub = '0'] = clock[4].split('.');
    return seconds + (Number(frames) + Number(sub) / params.subFrameRate) / params.frameRate;
  }
  const offset = OFFSET.exec(v);
  if (!offset) return null;
  const n = Number(offset[1]);
  switch (offset[2]) {
    case 'h':
      return n * 3600;
    case 'm':
      return n * 60;
    case 's':
      return n;
    case 'ms':
      return n / 1000;
    case 'f':
      return n / params.frameRate;
    default:
      return n / params.tickRate;
  }
}
