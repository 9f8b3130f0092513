/** DASH: MPD parsing into the presentation model. */
export { parseDashManifest, type DashParseOptions } from './mpd-parser.js';
export { segmentIndexFromSidx, type SidxIndexSource } from './sidx-segment-index.js';
export { segmentIndexFromWebm, MAX_WEBM_CUE_POINTS } from './webm-segment-index.js';
export { parseIsoDuration, parseIsoDateTime } from './iso8601.js';
export { compileTemplate, expandTemplate, type CompiledTemplate, type TemplateValues } from './template.js';
export { TemplateSegmentIndex } from './template-segment-index.js';
export { dashFormat, mergeDashPresentation } from './dash-format.js';
