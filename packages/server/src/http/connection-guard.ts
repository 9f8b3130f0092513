/**
 * Socket-level limits of every listener (issue 15 #9): header, request and
 * idle timeouts, a cap on concurrent connections per client address, and a
 * graceful drain on shutdown (in-flight responses finish, idle keep-alive
 * sockets close at once).
 */
import type { Server, ServerOptions } from 'node:http';

/**
 * Options for `createServer`: Node checks header/request timeouts only every
 * `connectionsCheckingInterval` (default 30 s), so a slowloris client lived for
 * 30 s whatever `headersTimeout` said; checking every second enforces it.
 */
export const LISTENER_OPTIONS: ServerOptions = { connectionsCheckingInterval: 1_000, headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 };
import type { Socket } from 'node:net';

/**
 * Headers must arrive within 10 s (slowloris), a whole request body within 30 s,
 * and an idle keep-alive socket is closed after 5 s. Responses are not bounded
 * by these: shaped downloads at 8 kbit/s legitimately take minutes.
 */
export function applyServerTimeouts(server: Server): void {
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  // A socket with no traffic in either direction for 2 min is dead (a stalled body fault holds 60 s).
  server.timeout = 120_000;
}

/** Open connections and in-flight requests of a server. */
export interface ConnectionTracker {
  sockets: Set<Socket>;
  /** Requests whose response has not finished. */
  active(): number;
  /** Resolves when no request is in flight. */
  idle(): Promise<void>;
}

/** Counts sockets per client address and refuses (resets) a connection beyond `maxPerClient`. */
export function guardConnections(server: Server, maxPerClient: number): ConnectionTracker {
  const sockets = new Set<Socket>();
  const perClient = new Map<string, number>();
  let active = 0;
  let waiters: (() => void)[] = [];
  server.on('connection', (socket) => {
    const key = socket.remoteAddress ?? '?';
    const n = (perClient.get(key) ?? 0) + 1;
    if (n > maxPerClient) {
      socket.destroy();
      return;
    }
    perClient.set(key, n);
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      const left = (perClient.get(key) ?? 1) - 1;
      if (left <= 0) perClient.delete(key);
      else perClient.set(key, left);
    });
  });
  server.on('request', (_req, res) => {
    active++;
    res.on('close', () => {
      active--;
      if (active === 0) {
        for (const w of waiters) w();
        waiters = [];
      }
    });
  });
  return {
    sockets,
    active: () => active,
    idle: () => (active === 0 ? Promise.resolve() : new Promise((r) => waiters.push(r))),
  };
}

/** Stops accepting, waits up to `drainMs` for in-flight requests, then destroys what is left. */
export async function drainServer(server: Server, tracker: ConnectionTracker, drainMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([tracker.idle(), new Promise<void>((r) => (timer = setTimeout(r, drainMs)))]);
  clearTimeout(timer);
  for (const s of tracker.sockets) s.destroy();
  await closed;
}
