export * from './model.js';
export * from './segment-index.js';
export * from './resolve.js';
export * from './validate.js';
export * from './manifest-parser.js';
