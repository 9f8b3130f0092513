/** TTML / IMSC / EBU-TT-D subtitles: sidecar documents and `stpp` samples in fragmented MP4. */
export { parseTtml, type TtmlParseOptions } from './ttml-parser.js';
export { parseTimeExpression, timingParameters, type TtmlTimingParameters } from './ttml-time.js';
export { TTML_LIMITS } from './ttml-document.js';
export { parseStppSegment } from './stpp-parser.js';
