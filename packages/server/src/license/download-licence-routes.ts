/**
 * The download-licence policy of the ClearKey licence service (offline
 * playback, issue 18). Separate routes rather than a flag on
 * `/license/clearkey`, so a streaming client can never obtain a long-lived
 * licence by adding a field, and the two policies read apart:
 * - `POST /license/download` (Bearer token) `{ kids }` → `{ keys, type:
 *   'persistent-license', licenceId, expiresAt, maxDownloads, active }`: a
 *   licence that lasts {@link LicenseServiceOptions.downloadLicenceMs} (default
 *   7 days) instead of the stream's lease, counted against the plan's download
 *   limit (403 DOWNLOAD_LIMIT when full). It takes no stream slot: a download
 *   is not a stream.
 * - `POST /license/download/:id/renew` → `{ licenceId, expiresAt }`: a new
 *   expiry for the same content keys (none are sent: the client keeps the ones
 *   it has). A lapsed licence gave its slot back, so renewing it re-checks the limit.
 * - `DELETE /license/download/:id` → `{ released, active }`: frees the slot.
 *   Idempotent (`released: false` the second time), because a release queued
 *   on a device that was offline may be sent twice.
 */
import { randomUUID } from 'node:crypto';
import { HttpError } from '../http/http-error.js';
import { sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import type { TokenPayload } from './playback-token.js';
import { bearerToken, liveToken, readLicenceKids, type AccountPlan, type LicenseServiceOptions } from './license-routes.js';

/** Downloads an account may hold when its plan does not say (a typical subscription allows a handful per device). */
export const DEFAULT_MAX_DOWNLOADS = 5;
/** Offline licence lifetime when the server options do not say: the low end of the 7–30 days services use. */
export const DEFAULT_DOWNLOAD_LICENCE_MS = 7 * 86_400_000;

const LICENCE_ID = /^[0-9a-f-]{36}$/;

export function registerDownloadLicenceRoutes(router: Router, o: LicenseServiceOptions, planOf: (account: string) => AccountPlan): void {
  const duration = o.downloadLicenceMs ?? DEFAULT_DOWNLOAD_LICENCE_MS;
  const limitOf = (plan: AccountPlan) => plan.maxDownloads ?? DEFAULT_MAX_DOWNLOADS;
  const entitled = (t: TokenPayload, title: string) => {
    const plan = planOf(t.account);
    if (plan.titles !== '*' && !plan.titles.includes(title)) throw new HttpError(403, 'NOT_ENTITLED', `account ${t.account} has no rights to ${title}`);
    return plan;
  };
  const licenceId = (id: string | undefined) => {
    if (!id || !LICENCE_ID.test(id)) throw new HttpError(404, 'UNKNOWN_DOWNLOAD', 'no such download licence');
    return id;
  };

  router.add('POST', '/license/download', async (req, res) => {
    const now = (o.now ?? Date.now)();
    const t = liveToken(o.store, bearerToken(req), o.secret, now);
    const kids = await readLicenceKids(req);
    const plan = entitled(t, t.title);
    // Keys first: a request that cannot be answered must not take a download slot.
    const keys = o.keyStore.keysFor(t.title, (kids as string[]).map((k) => Buffer.from(k, 'base64url').toString('hex')));
    if (!keys.length) throw new HttpError(404, 'UNKNOWN_KEY', 'none of the requested key ids belong to this title');
    const id = randomUUID();
    const expiresAt = now + duration;
    const limit = limitOf(plan);
    if (!o.store.downloads.acquire({ id, account: t.account, title: t.title, device: t.device, issuedAt: now, expiresAt }, limit)) {
      throw new HttpError(403, 'DOWNLOAD_LIMIT', `account ${t.account} already holds ${limit} downloads; delete one to download another`, { maxDownloads: limit });
    }
    sendJson(res, 200, {
      keys: keys.map((k) => ({ kty: 'oct', kid: Buffer.from(k.kid, 'hex').toString('base64url'), k: Buffer.from(k.key, 'hex').toString('base64url') })),
      type: 'persistent-license',
      licenceId: id,
      expiresAt,
      maxDownloads: limit,
      active: o.store.downloads.active(t.account, now).length,
    });
  });

  router.add('POST', '/license/download/:id/renew', async (req, res, params) => {
    const now = (o.now ?? Date.now)();
    const t = liveToken(o.store, bearerToken(req), o.secret, now);
    const id = licenceId(params.id);
    const slot = o.store.downloads.get(id);
    // Another account's licence answers exactly like a missing one: ids are not probeable.
    if (!slot || slot.account !== t.account) throw new HttpError(404, 'UNKNOWN_DOWNLOAD', 'no such download licence');
    const plan = entitled(t, slot.title);
    const limit = limitOf(plan);
    const renewed = o.store.downloads.renew(id, t.account, limit, now, now + duration);
    if (renewed === 'unknown') throw new HttpError(404, 'UNKNOWN_DOWNLOAD', 'no such download licence');
    if (renewed === 'limit') throw new HttpError(403, 'DOWNLOAD_LIMIT', `the licence lapsed and account ${t.account} now holds ${limit} other downloads`, { maxDownloads: limit });
    sendJson(res, 200, { licenceId: id, expiresAt: renewed.expiresAt, renewals: renewed.renewals });
  });

  router.add('DELETE', '/license/download/:id', async (req, res, params) => {
    const now = (o.now ?? Date.now)();
    const t = liveToken(o.store, bearerToken(req), o.secret, now);
    const released = LICENCE_ID.test(params.id ?? '') && o.store.downloads.release(params.id!, t.account);
    sendJson(res, 200, { released, active: o.store.downloads.active(t.account, now).length });
  });
}
