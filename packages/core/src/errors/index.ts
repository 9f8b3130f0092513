export * from './edgeplay-error.js';
export * from './manifest-error.js';
export * from './network-error.js';
export * from './as-error.js';
export * from './codes.js';
export * from './text-error.js';
export * from './offline-error.js';
