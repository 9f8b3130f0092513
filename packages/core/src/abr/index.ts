export * from './abr-strategy.js';
export * from './track-ladder.js';
export * from './abr-caps.js';
export * from './throughput-abr-strategy.js';
export * from './buffer-abr-strategy.js';
export * from './hybrid-abr-strategy.js';
export * from './abr-controller.js';
export * from './highest-bandwidth-strategy.js';
