/**
 * Where browser tests find the fixtures: the reference server that the
 * browser project's global setup starts (`inject('serverUrl')`, media at
 * `${url}/media/<title>/<path>`). When a test runs without that setup (e.g.
 * under another config), it starts its own reference server instead.
 */
import { inject } from 'vitest';
import { ensureFixtures } from '../../../packages/server/src/fixtures/index.js';
import type { Catalog } from '../../../packages/server/src/fixtures/catalog.js';
import { startServer } from '../../../packages/server/src/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the reference server started by test/browser/global-setup.ts. */
    serverUrl: string;
  }
}

/** A server the tests can fetch fixtures from. */
export interface FixturesServer {
  /** Origin, e.g. `http://127.0.0.1:41234`; media at `${url}/media/<title>/<path>`. */
  url: string;
  catalog: Catalog;
  /** Stops a server this helper started (no-op for the shared one). */
  close(): Promise<void>;
}

/** The shared reference server when the global setup provides one, else a fresh one. */
export async function fixturesServer(): Promise<FixturesServer> {
  let provided: string | undefined;
  try {
    provided = inject('serverUrl');
  } catch {}
  if (provided) return { url: provided.replace(/\/$/, ''), catalog: await ensureFixtures(), close: async () => {} };
  const server = await startServer({ port: 0, caches: 0 });
  return { url: server.url.replace(/\/$/, ''), catalog: server.catalog, close: () => server.close() };
}
