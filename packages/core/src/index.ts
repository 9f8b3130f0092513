/**
 * @packageDocumentation
 * Edgeplay core: the DOM-free streaming engine. Everything platform-specific
 * comes in through the small interfaces in `platform/` (clock, network, media
 * sink, EME), so the same engine runs in browsers, on TVs, and on a virtual
 * clock in the simulator.
 */
export * from './errors/index.js';
export * from './manifest/index.js';
export * from './platform/index.js';
export { EventEmitter, type Listener } from './util/event-emitter.js';
