/**
 * Browser test setup: generates the fixtures when missing, starts the
 * reference server (origin + 3 edge caches) on ephemeral loopback ports and
 * provides its URLs to the tests (`inject('serverUrl')`, `inject('serverCaches')`).
 */
import type { TestProject } from 'vitest/node';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../packages/server/src/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Edge caches of the reference server, in default rank order. */
    serverCaches: { id: string; url: string; kind: 'isp' | 'ixp' }[];
    /** Bearer token of the server's /control/* routes. */
    operatorToken: string;
  }
}

let server: RunningServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A private data folder: leases and sessions of earlier runs must not count against this one.
  server = await startServer({ port: 0, caches: 3, dataDir: mkdtempSync(path.join(tmpdir(), 'edgeplay-browser-')) });
  project.provide('serverUrl', server.url);
  project.provide('operatorToken', server.operatorToken);
  project.provide('serverCaches', server.caches);
  return async () => {
    await server?.close();
  };
}
