export * from './pathway-selector.js';
