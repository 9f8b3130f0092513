/**
 * Playback sessions and the ClearKey license service:
 * - `POST /session {account, credential, device, title}` → `{ sessionId, token, expiresAt }`
 *   once the account's credential verifies (scrypt, see auth/credentials.ts);
 * - `POST /license/clearkey` (token in `Authorization: Bearer` only: a token in a
 *   URL ends up in logs and Referer headers): W3C ClearKey request
 *   `{ kids: [b64url], type }` → `{ keys: [{ kty, kid, k }] }`, after checking the
 *   token and that its session is alive, the title entitlement, the keys, and
 *   only then the account's concurrent-stream limit (a failed request takes no slot);
 * - `POST /heartbeat` (token in the header or `{token}` body) keeps the lease;
 *   `DELETE /session/:id` releases it and revokes the token;
 * - download (offline) licences: see download-licence-routes.ts.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Catalog } from '../fixtures/catalog.js';
import { verifyCredential } from '../auth/credentials.js';
import { HttpError } from '../http/http-error.js';
import { readJsonBody, requireObject, requireString } from '../http/read-json-body.js';
import { sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import type { ServerStore } from '../store/server-store.js';
import type { KeyStore } from './key-store.js';
import { signToken, verifyToken, type TokenPayload } from './playback-token.js';
import { registerDownloadLicenceRoutes } from './download-licence-routes.js';

/** Account plans: how many concurrent streams and which titles. */
export interface AccountPlan {
  maxStreams: number;
  /** `*` = every title. */
  titles: string[] | '*';
  /** Offline downloads the account may hold at once (default 5, `DEFAULT_MAX_DOWNLOADS`). */
  maxDownloads?: number;
}

export interface LicenseServiceOptions {
  catalog: Catalog;
  keyStore: KeyStore;
  store: ServerStore;
  secret: string;
  tokenTtlMs: number;
  leaseTtlMs: number;
  plans: Record<string, AccountPlan>;
  defaultPlan: AccountPlan;
  /** Lifetime of a download (offline) licence, ms (default 7 days, `DEFAULT_DOWNLOAD_LICENCE_MS`). */
  downloadLicenceMs?: number;
  /**
   * Clock of tokens, sessions, leases and licences, ms (default `Date.now`).
   * Tests inject one so lease expiry does not depend on how loaded the
   * machine is (a 400 ms TTL measured on the wall clock expired early under CI load).
   */
  now?: () => number;
}

/** The bearer token of a request (header only). */
export function bearerToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null;
}

/** Verifies a playback token and that its session is still alive (not released, not expired). */
export function liveToken(store: ServerStore, token: string | null, secret: string, now: number): TokenPayload {
  const t = verifyToken(token, secret, now);
  if (!store.sessionLive(t.sid, now)) throw new HttpError(401, 'TOKEN_REVOKED', 'the session of this token was released or never issued');
  return t;
}

const KID_B64URL = /^[A-Za-z0-9_-]{21,24}$/;

export function registerLicenseRoutes(router: Router, o: LicenseServiceOptions): void {
  const planOf = (account: string) => {
    const name = o.store.account(account)?.plan;
    return (name && Object.hasOwn(o.plans, name) ? o.plans[name] : undefined) ?? o.defaultPlan;
  };

  registerDownloadLicenceRoutes(router, o, planOf);

  router.add('POST', '/session', async (req, res) => {
    const body = requireObject(await readJsonBody(req));
    const account = requireString(body, 'account', 100);
    const credential = requireString(body, 'credential', 200);
    const device = requireString(body, 'device', 100);
    const title = requireString(body, 'title', 100);
    if (!(await verifyCredential(o.store.account(account), credential))) throw new HttpError(401, 'BAD_CREDENTIAL', 'unknown account or wrong credential');
    if (!o.catalog.titles.some((t) => t.id === title)) throw new HttpError(404, 'UNKNOWN_TITLE', `unknown title ${title}`);
    const plan = planOf(account);
    if (plan.titles !== '*' && !plan.titles.includes(title)) throw new HttpError(403, 'NOT_ENTITLED', `account ${account} has no rights to ${title}`);
    const sessionId = randomUUID();
    const expiresAt = (o.now ?? Date.now)() + o.tokenTtlMs;
    o.store.createSession({ sid: sessionId, account, device, title, expiresAt });
    const token = signToken({ sid: sessionId, account, device, title, exp: expiresAt }, o.secret);
    sendJson(res, 201, { sessionId, token, expiresAt, maxStreams: plan.maxStreams });
  });

  router.add('DELETE', '/session/:id', async (req, res, params) => {
    const t = liveToken(o.store, bearerToken(req), o.secret, (o.now ?? Date.now)());
    if (t.sid !== params.id) throw new HttpError(403, 'WRONG_SESSION', 'the token belongs to another session');
    o.store.leases.release(t.account, t.sid);
    o.store.revokeSession(t.sid);
    sendJson(res, 200, { released: true, active: o.store.leases.active(t.account, (o.now ?? Date.now)()).length });
  });

  router.add('POST', '/heartbeat', async (req, res) => {
    const body = requireObject(await readJsonBody(req, 4096));
    const token = typeof body.token === 'string' ? body.token : bearerToken(req);
    const now = (o.now ?? Date.now)();
    const t = liveToken(o.store, token, o.secret, now);
    if (!o.store.leases.heartbeat(t.account, t.sid, now, o.leaseTtlMs)) throw new HttpError(409, 'NO_ACTIVE_STREAM', 'no active stream for this session (expired or never licensed)');
    sendJson(res, 200, { ok: true });
  });

  router.add('POST', '/license/clearkey', async (req, res) => {
    const now = (o.now ?? Date.now)();
    const t = liveToken(o.store, bearerToken(req), o.secret, now);
    const kids = await readLicenceKids(req);
    const plan = planOf(t.account);
    if (plan.titles !== '*' && !plan.titles.includes(t.title)) throw new HttpError(403, 'NOT_ENTITLED', `account ${t.account} has no rights to ${t.title}`);
    // Keys first: a request that cannot be answered must not take a stream slot (issue 15 #5).
    const hexKids = (kids as string[]).map((k) => Buffer.from(k, 'base64url').toString('hex'));
    const keys = o.keyStore.keysFor(t.title, hexKids);
    if (!keys.length) throw new HttpError(404, 'UNKNOWN_KEY', 'none of the requested key ids belong to this title');
    if (!o.store.leases.acquire(t.account, t.sid, plan.maxStreams, now, o.leaseTtlMs)) {
      throw new HttpError(403, 'CONCURRENCY_LIMIT', `account ${t.account} already has ${plan.maxStreams} concurrent streams; stop one or wait for it to expire`, { maxStreams: plan.maxStreams });
    }
    sendJson(res, 200, {
      keys: keys.map((k) => ({ kty: 'oct', kid: Buffer.from(k.kid, 'hex').toString('base64url'), k: Buffer.from(k.key, 'hex').toString('base64url') })),
      type: 'temporary',
    });
  });
}

/** The `kids` of a licence request body (ClearKey or download): 1..64 base64url key ids, else 400. */
export async function readLicenceKids(req: IncomingMessage): Promise<string[]> {
  const body = requireObject(await readJsonBody(req, 16 * 1024));
  const kids = body.kids;
  if (!Array.isArray(kids) || kids.length === 0 || kids.length > 64 || !kids.every((k) => typeof k === 'string' && KID_B64URL.test(k))) {
    throw new HttpError(400, 'BAD_LICENSE_REQUEST', 'kids must be an array of 1..64 base64url key ids');
  }
  return kids as string[];
}
