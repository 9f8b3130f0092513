export * from './throughput-estimator.js';
