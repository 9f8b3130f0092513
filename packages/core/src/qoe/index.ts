export * from './qoe-collector.js';
export * from './telemetry-reporter.js';
export * from './played-bitrate-timeline.js';
