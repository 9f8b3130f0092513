export * from './clock.js';
export * from './network-client.js';
export * from './media-sink.js';
export * from './eme-surface.js';
export * from './key-value-storage.js';
export * from './network-hints.js';
