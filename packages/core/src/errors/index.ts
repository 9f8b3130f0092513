export * from './edgeplay-error.js';
export * from './manifest-error.js';
export * from './network-error.js';
export * from './as-error.js';
