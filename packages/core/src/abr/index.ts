export * from './abr-strategy.js';
