/** The whole suite, in run order (fast capability probes first, then playback, then endurance). */
import type { ConformanceCase } from '../model/case.js';
import { capabilityCases } from './capability-cases.js';
import { enduranceCases } from './endurance-cases.js';
import { playbackCases, selfTestCases } from './playback-cases.js';

/** Every case of the suite; `selfTest` adds the deliberately broken case. */
export function allCases(options: { selfTest?: boolean } = {}): ConformanceCase[] {
  return [...capabilityCases(), ...playbackCases(), ...enduranceCases(), ...(options.selfTest ? selfTestCases() : [])];
}

export { capabilityCases, enduranceCases, playbackCases, selfTestCases };
