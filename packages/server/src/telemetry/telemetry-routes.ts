/**
 * QoE telemetry routes, bound to the caller (issue 15 #6): `POST /telemetry`
 * needs the playback token of the session it reports on and is rate limited
 * per session and per account; `GET /telemetry/summary` lists the caller's
 * own sessions (playback token) or every session (operator token).
 */
import { verifyToken } from '../license/playback-token.js';
import { bearerToken } from '../license/license-routes.js';
import { HttpError } from '../http/http-error.js';
import type { RateLimiter } from '../http/rate-limiter.js';
import { readJsonBody } from '../http/read-json-body.js';
import { sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { requireOperator } from '../auth/operator-auth.js';
import type { ServerStore } from '../store/server-store.js';
import type { TelemetryStore } from './telemetry-store.js';

export interface TelemetryRouteOptions {
  store: ServerStore;
  telemetry: TelemetryStore;
  secret: string;
  operatorToken: string;
  /** Per session: a player beacons every 10 s; the default (see server.ts) allows 5/s. */
  sessionLimiter: RateLimiter;
  /** Per account, across its sessions. */
  accountLimiter: RateLimiter;
  /** A client reported an `error` event naming the cache (`cdn`) it came from: steering input. */
  onClientError?: (cdn: string, client: string, now: number) => void;
}

export function registerTelemetryRoutes(router: Router, o: TelemetryRouteOptions): void {
  router.add('POST', '/telemetry', async (req, res) => {
    const now = Date.now();
    const t = verifyToken(bearerToken(req), o.secret, now);
    // Telemetry may trail a released session (the 'ended' beacon), so an issued session suffices.
    if (o.store.sessionAccount(t.sid) !== t.account) throw new HttpError(401, 'TOKEN_REVOKED', 'unknown session');
    if (!o.sessionLimiter.take(t.sid, now) || !o.accountLimiter.take(t.account, now)) {
      req.resume();
      throw new HttpError(429, 'RATE_LIMITED', 'telemetry rate limit exceeded for this session or account', { retryAfterMs: 1000 });
    }
    const body = await readJsonBody(req, 256 * 1024);
    const accepted = o.telemetry.ingest(body, t, now);
    // ingest validated the events: each reported error names at most one cache, once per batch.
    const cdns = new Set(((body as { events: { type: string; cdn?: unknown }[] }).events ?? []).flatMap((e) => (e.type === 'error' && typeof e.cdn === 'string' ? [e.cdn] : [])));
    for (const cdn of cdns) o.onClientError?.(cdn, t.sid, now);
    sendJson(res, 202, { accepted });
  });
  router.add('GET', '/telemetry/summary', (req, res, _p, url) => {
    const token = bearerToken(req);
    const session = url.searchParams.get('session');
    let sessions: string[] | null;
    o.telemetry.flush();
    if (token && token.split('.').length === 2) {
      const t = verifyToken(token, o.secret, Date.now());
      sessions = o.store.sessionsOfAccount(t.account);
      if (session) sessions = sessions.filter((s) => s === session);
    } else {
      requireOperator(req, o.operatorToken);
      sessions = session ? [session] : null;
    }
    sendJson(res, 200, { sessions: o.telemetry.summary(sessions) });
  });
}
