export * from './qoe-collector.js';
