export * from './pathway-selector.js';
export * from './default-pathway-selector.js';
