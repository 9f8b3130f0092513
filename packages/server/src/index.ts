/**
 * @packageDocumentation
 * Edgeplay reference server: ffmpeg-generated media fixtures, simulated edge
 * caches with fault injection, manifest, content-steering, ClearKey license,
 * telemetry and resume services. `startServer()` or `npx edgeplay-server`.
 */
export { startServer, type ServerOptions, type RunningServer, type CacheInfo } from './server.js';
export type { FaultSpec, FaultMode } from './caches/faults.js';
export type { RequestLogEntry } from './caches/request-log.js';
export type { KeyStore, ContentKey } from './license/key-store.js';
export type { AccountPlan } from './license/license-routes.js';
export * from './fixtures/index.js';
/** Version of `@edgeplay/server`. */
export const version = '0.1.0';
