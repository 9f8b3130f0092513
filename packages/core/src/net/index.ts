export * from './throughput-estimator.js';
export * from './retry-policy.js';
export * from './request-engine.js';
