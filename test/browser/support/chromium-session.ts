/**
 * The per-file set-up every Chromium test repeated: a `beforeAll` that gets a
 * reference server and launches Chromium (Debian's, with the flags of
 * scripts/lib/chromium.mjs), and an `afterAll` that closes both. Call
 * {@link useChromiumSession} once at the top of a test file; read
 * `session.browser` / `session.server` inside tests and hooks.
 *
 * Hooks a file registers after this call run after its `beforeAll` and,
 * vitest's hooks being stacked (`sequence.hooks: 'stack'`), their `afterAll`
 * before it: a page a file closes in its own `afterAll` closes before the
 * browser does.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { fixturesServer, type FixturesServer } from './fixtures-server.js';

/** The part of a server the session needs: where it is and how to stop it. */
export interface SessionServer {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

/** What a test file reads once its `beforeAll` ran (reading earlier throws, naming the mistake). */
export interface ChromiumSession<S extends SessionServer> {
  readonly browser: Browser;
  readonly server: S;
}

/** Options of {@link useChromiumSession}. */
export interface ChromiumSessionOptions<S extends SessionServer> {
  /** Starts the file's own server (e.g. `startServer` with short TTLs); default: the shared one ({@link fixturesServer}). */
  server?: () => Promise<S>;
  /** `beforeAll` timeout (ms); default: the project's `hookTimeout`. */
  timeoutMs?: number;
}

/** Registers the file's Chromium + server `beforeAll`/`afterAll`; call at module level. */
export function useChromiumSession(): ChromiumSession<FixturesServer>;
export function useChromiumSession<S extends SessionServer>(options: ChromiumSessionOptions<S> & { server: () => Promise<S> }): ChromiumSession<S>;
export function useChromiumSession(options: { timeoutMs?: number }): ChromiumSession<FixturesServer>;
export function useChromiumSession(options: ChromiumSessionOptions<SessionServer> = {}): ChromiumSession<SessionServer> {
  let browser: Browser | undefined;
  let server: SessionServer | undefined;
  beforeAll(async () => {
    server = await (options.server ?? fixturesServer)();
    browser = await launchChromium();
  }, options.timeoutMs);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`chromium session: ${what} read before the file's beforeAll ran (read it inside a test or hook)`);
    return value;
  };
  return {
    get browser() {
      return ready(browser, 'browser');
    },
    get server() {
      return ready(server, 'server');
    },
  };
}
