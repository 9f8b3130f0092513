export * from './pathway-selector.js';
export * from './default-pathway-selector.js';
export * from './pathway-manager.js';
export * from './pathway-clones.js';
export * from './steering-client.js';
export * from './steering-manifest.js';
export * from './transfer-verdict.js';
export * from './load-error-policy.js';
