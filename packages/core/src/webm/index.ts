/** WebM / Matroska: EBML reading and the Cues index of DASH SegmentBase WebM. */
export { EbmlError, readElementHeader, childElements, readUint, readFloat, type EbmlElement } from './ebml-reader.js';
export { parseWebmInit, parseWebmCues, WEBM_ID, type WebmInitInfo, type WebmCuePoint } from './webm-index.js';
