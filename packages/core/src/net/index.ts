export * from './throughput-estimator.js';
export * from './retry-policy.js';
export * from './request-engine.js';
export * from './cmcd.js';
export * from './ewma.js';
export * from './ewma-throughput-estimator.js';
export * from './low-buffer-retry-cap.js';
