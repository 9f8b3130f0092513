/**
 * Where browser tests find the fixtures: the reference server started by the
 * browser project's global setup (`inject('serverUrl')`), or — until that
 * server exists, or when a test file runs alone — a minimal read-only static
 * server over `.fixtures` with the same `/media/<title>/<path>` URL space.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { inject } from 'vitest';
import { defaultFixturesRoot, ensureFixtures } from '../../../packages/server/src/fixtures/index.js';
import type { Catalog } from '../../../packages/server/src/fixtures/catalog.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the reference server started by test/browser/global-setup.ts. */
    serverUrl: string;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.mpd': 'application/dash+xml',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mp4': 'video/mp4',
  '.m4s': 'video/mp4',
  '.vtt': 'text/vtt',
  '.json': 'application/json',
};

/** A server the tests can fetch fixtures from. */
export interface FixturesServer {
  /** Origin, e.g. `http://127.0.0.1:41234`; media at `${url}/media/<title>/<path>`. */
  url: string;
  catalog: Catalog;
  /** Stops the fallback server (no-op for the shared reference server). */
  close(): Promise<void>;
}

/** Serves `root` at `/media/` (GET only, traversal-safe, CORS `*`). */
async function startStaticServer(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolve(base, `.${path.replace(/^\/media\//, '/')}`);
    if (req.method !== 'GET' || !path.startsWith('/media/') || !file.startsWith(base + sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const stat = statSync(file);
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': stat.size });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** The reference server when the global setup provides one, else a local static server. */
export async function fixturesServer(): Promise<FixturesServer> {
  const catalog = await ensureFixtures();
  let provided: string | undefined;
  try {
    provided = inject('serverUrl');
  } catch {}
  if (provided) return { url: provided.replace(/\/$/, ''), catalog, close: async () => {} };
  const local = await startStaticServer(defaultFixturesRoot());
  return { url: local.url, catalog, close: local.close };
}
