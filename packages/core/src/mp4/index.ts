export * from './box-reader.js';
export * from './sidx.js';
export * from './fragment.js';
