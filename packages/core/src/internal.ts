/**
 * @packageDocumentation
 * `@edgeplay/core/internal`: engine modules that tooling needs in a form the
 * curated API does not offer. Not covered by semver and not in an API
 * report: it may change in any release.
 *
 * Today only the transmuxer namespace. The player loads it lazily (a dynamic
 * import, its own chunk, `loadTransmuxModule`), but the simulator
 * (`@edgeplay/sim`) must hand it to the transmux stage up front: a dynamic
 * import settles in real time, outside the virtual clock, so a simulated
 * playback of an MPEG-TS stream would stall on it nondeterministically.
 */
export * as transmux from './transmux/index.js';
