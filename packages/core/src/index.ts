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
export * from './dash/index.js';
export * from './hls/index.js';
export * from './net/index.js';
export * from './abr/index.js';
export * from './media/index.js';
export * from './steering/index.js';
export * from './drm/index.js';
export * from './crypto/index.js';
export * from './qoe/index.js';
export * from './player/index.js';
