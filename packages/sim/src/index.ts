/**
 * @packageDocumentation
 * The simulator (`@edgeplay/sim`): the real engine on a virtual clock with
 * a trace-driven network and a simulated decoder. A package of its own (it
 * is test/bench tooling, not player runtime; `loadTrace` needs Node's `fs`),
 * built on `@edgeplay/core`'s public API plus `@edgeplay/core/internal` for
 * the synchronous transmuxer. Its public names are checked in as
 * `api/sim.api.md`.
 */
export * from './virtual-clock.js';
export * from './trace.js';
export * from './load-trace.js';
export * from './synthetic-payload.js';
export * from './synthetic-presentation.js';
export * from './trace-network-client.js';
export * from './simulated-media-sink.js';
export * from './simulation-types.js';
export * from './player-simulation.js';
export * from './run-simulation.js';
