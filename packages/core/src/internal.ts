/**
 * @packageDocumentation
 * `@edgeplay/core/internal`: engine modules that tooling needs in a form the
 * curated API does not offer. Not covered by semver and not in an API
 * report: it may change in any release.
 *
 * The transmuxer, SAMPLE-AES sample decryption and the caption extractor
 * namespaces. The player loads it lazily (a dynamic
 * import, its own chunk, `loadTransmuxModule`; likewise `loadSampleDecryption`,
 * `loadCaptionExtractor`), but the simulator
 * (`@edgeplay/sim`) must hand them to the stages up front: a dynamic
 * import settles in real time, outside the virtual clock, so a simulated
 * playback of an MPEG-TS stream would stall on it nondeterministically.
 */
export * as transmux from './transmux/index.js';
export * as sampleDecryption from './media/stages/sample-decryption.js';
export * as captionExtractor from './text/fmp4-cc-data.js';
