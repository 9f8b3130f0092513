/** The whole suite, in run order (fast capability probes first, then playback, then endurance). */
import type { ConformanceCase } from '../model/case.js';
import type { CompatCase } from '../../../packages/server/src/fixtures/compat/compat-catalog.js';
import { capabilityCases } from './capability-cases.js';
import { compatCases } from './compat-cases.js';
import { enduranceCases } from './endurance-cases.js';
import { playbackCases, selfTestCases } from './playback-cases.js';

/**
 * Every case of the suite; `selfTest` adds the deliberately broken case, `compat` (the compat
 * catalog's entries, fetched by the runner page) adds one case per real-world stream class.
 */
export function allCases(options: { selfTest?: boolean; compat?: readonly CompatCase[] } = {}): ConformanceCase[] {
  return [...capabilityCases(), ...playbackCases(), ...compatCases(options.compat ?? []), ...enduranceCases(), ...(options.selfTest ? selfTestCases() : [])];
}

export { capabilityCases, compatCases, enduranceCases, playbackCases, selfTestCases };
