/**
 * Playback sessions and the ClearKey license service:
 * - `POST /session {account, device, title}` → `{ sessionId, token, expiresAt }`;
 * - `POST /license/clearkey` (token in `Authorization: Bearer` or `?token=`):
 *   W3C ClearKey request `{ kids: [b64url], type }` → `{ keys: [{ kty, kid, k }] }`,
 *   after checking the token, the title entitlement and the account's
 *   concurrent-stream limit;
 * - `POST /heartbeat {token}` keeps the stream's lease; `DELETE /session/:id` releases it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Catalog } from '../fixtures/catalog.js';
import { HttpError } from '../http/http-error.js';
import { readJsonBody, requireObject, requireString } from '../http/read-json-body.js';
import { sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import type { KeyStore } from './key-store.js';
import { signToken, verifyToken } from './playback-token.js';
import type { StreamLeases } from './stream-leases.js';

/** Account plans: how many concurrent streams and which titles. */
export interface AccountPlan {
  maxStreams: number;
  /** `*` = every title. */
  titles: string[] | '*';
}

export interface LicenseServiceOptions {
  catalog: Catalog;
  keyStore: KeyStore;
  leases: StreamLeases;
  secret: string;
  tokenTtlMs: number;
  plans: Record<string, AccountPlan>;
  defaultPlan: AccountPlan;
}

function tokenFrom(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return url.searchParams.get('token');
}

const KID_B64URL = /^[A-Za-z0-9_-]{21,24}$/;

export function registerLicenseRoutes(router: Router, o: LicenseServiceOptions): void {
  const planOf = (account: string) => o.plans[account] ?? o.defaultPlan;

  router.add('POST', '/session', async (req, res) => {
    const body = requireObject(await readJsonBody(req));
    const account = requireString(body, 'account', 100);
    const device = requireString(body, 'device', 100);
    const title = requireString(body, 'title', 100);
    if (!o.catalog.titles.some((t) => t.id === title)) throw new HttpError(404, 'UNKNOWN_TITLE', `unknown title ${title}`);
    const plan = planOf(account);
    if (plan.titles !== '*' && !plan.titles.includes(title)) throw new HttpError(403, 'NOT_ENTITLED', `account ${account} has no rights to ${title}`);
    const sessionId = randomUUID();
    const expiresAt = Date.now() + o.tokenTtlMs;
    const token = signToken({ sid: sessionId, account, device, title, exp: expiresAt }, o.secret);
    sendJson(res, 201, { sessionId, token, expiresAt, maxStreams: plan.maxStreams });
  });

  router.add('DELETE', '/session/:id', async (req, res, params, url) => {
    const t = verifyToken(tokenFrom(req, url), o.secret, Date.now());
    if (t.sid !== params.id) throw new HttpError(403, 'WRONG_SESSION', 'the token belongs to another session');
    o.leases.release(t.account, t.sid);
    sendJson(res, 200, { released: true, active: o.leases.active(t.account, Date.now()).length });
  });

  router.add('POST', '/heartbeat', async (req, res, _p, url) => {
    const body = requireObject(await readJsonBody(req));
    const token = typeof body.token === 'string' ? body.token : tokenFrom(req, url);
    const t = verifyToken(token, o.secret, Date.now());
    if (!o.leases.heartbeat(t.account, t.sid, Date.now())) throw new HttpError(409, 'NO_ACTIVE_STREAM', 'no active stream for this session (expired or never licensed)');
    sendJson(res, 200, { ok: true });
  });

  router.add('POST', '/license/clearkey', async (req, res, _p, url) => {
    const now = Date.now();
    const t = verifyToken(tokenFrom(req, url), o.secret, now);
    const body = requireObject(await readJsonBody(req, 16 * 1024));
    const kids = body.kids;
    if (!Array.isArray(kids) || kids.length === 0 || kids.length > 64 || !kids.every((k) => typeof k === 'string' && KID_B64URL.test(k))) {
      throw new HttpError(400, 'BAD_LICENSE_REQUEST', 'kids must be an array of 1..64 base64url key ids');
    }
    const plan = planOf(t.account);
    if (plan.titles !== '*' && !plan.titles.includes(t.title)) throw new HttpError(403, 'NOT_ENTITLED', `account ${t.account} has no rights to ${t.title}`);
    if (!o.leases.acquire(t.account, t.sid, plan.maxStreams, now)) {
      throw new HttpError(403, 'CONCURRENCY_LIMIT', `account ${t.account} already has ${plan.maxStreams} concurrent streams; stop one or wait for it to expire`, { maxStreams: plan.maxStreams });
    }
    const hexKids = (kids as string[]).map((k) => Buffer.from(k, 'base64url').toString('hex'));
    const keys = o.keyStore.keysFor(t.title, hexKids);
    if (!keys.length) throw new HttpError(404, 'UNKNOWN_KEY', 'none of the requested key ids belong to this title');
    sendJson(res, 200, {
      keys: keys.map((k) => ({ kty: 'oct', kid: Buffer.from(k.kid, 'hex').toString('base64url'), k: Buffer.from(k.key, 'hex').toString('base64url') })),
      type: 'temporary',
    });
  });
}
