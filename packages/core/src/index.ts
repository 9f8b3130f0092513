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
// Segment decryption (crypto/) is not re-exported at runtime: it is pulled in only where the engine uses it,
// so DASH-only pages do not carry it (17 KB min / 5.8 KB gzip when exported). Types are free.
export type { CryptoPort } from './crypto/crypto-port.js';
export * from './qoe/index.js';
export * from './player/index.js';
