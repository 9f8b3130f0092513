/**
 * Browser test setup: generates the fixtures when missing, starts the
 * reference server (origin + 3 edge caches) on ephemeral loopback ports and
 * provides its URLs to the tests (`inject('serverUrl')`, `inject('serverCaches')`).
 */
import type { TestProject } from 'vitest/node';
import { startServer, type RunningServer } from '../../packages/server/src/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Edge caches of the reference server, in default rank order. */
    serverCaches: { id: string; url: string; kind: 'isp' | 'ixp' }[];
  }
}

let server: RunningServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  server = await startServer({ port: 0, caches: 3 });
  project.provide('serverUrl', server.url);
  project.provide('serverCaches', server.caches);
  return async () => {
    await server?.close();
  };
}
