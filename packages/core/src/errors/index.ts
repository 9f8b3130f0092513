export * from './edgeplay-error.js';
export * from './manifest-error.js';
