/**
 * MPEG-TS / packed audio → fMP4 transmuxing and segment probing. Pure and
 * DOM-free; the web binding runs it in a worker, the player wraps it as a
 * pipeline stage.
 */
export * from './types.js';
export { createTsTransmuxer, MAX_SAMPLES_PER_PUSH, type DemuxedSegment, type TsTransmuxer, type TsTransmuxerOptions } from './ts-transmuxer.js';
export type { OutputTrack } from './cmaf-output.js';
export { MPEG_CLOCK_HZ, MPEG_TS_WRAP, unwrapTimestamp } from './timestamp.js';
export { createPackedAudioTransmuxer, type PackedAudioTransmuxer } from './packed-audio.js';
export { probeSegment, type Container, type ProbeResult } from './probe.js';
export type { ProbedTrack } from './stsd-codecs.js';
export { id3Frames, id3TagLength, transportStreamTimestamp } from './id3.js';
export type { CmafOutputOptions } from './cmaf-output.js';
