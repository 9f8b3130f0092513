/** @edgeplay/conformance: the case model, the generated suite and the pure verdict logic. */
export type * from './model/case.js';
export { expand, filterCases, shard, type CaseTemplate } from './model/generate.js';
export { allCases, capabilityCases, enduranceCases, playbackCases, selfTestCases } from './cases/index.js';
export { DEFAULT_SOAK_SECONDS } from './cases/endurance-cases.js';
export { judge, qoeScore, type Observation } from './model/verdict.js';
export { countByCategory, type CategoryCounts } from './model/summary.js';
