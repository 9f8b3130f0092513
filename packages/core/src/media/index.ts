export * from '../errors/media-error.js';
export * from './buffered-ranges.js';
export * from './buffer-manager.js';
export * from './stream-scheduler.js';
export * from './gap-jumper.js';
export * from './stall-detector.js';
export * from './buffer-policy.js';
export * from './segment-pipeline.js';
