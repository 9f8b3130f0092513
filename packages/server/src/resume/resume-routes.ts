/**
 * Resume positions, bound to the caller's playback token (issue 15 #6): the
 * account comes from the token, never from the body, so nobody writes another
 * account's point. The position must lie within the title and the client
 * clock within {@link RESUME_CLOCK_SKEW_MS} of the server's, so a far-future
 * `clientTime` cannot pin a point forever (last write wins by client time).
 */
import type { Catalog } from '../fixtures/catalog.js';
import { HttpError } from '../http/http-error.js';
import type { RateLimiter } from '../http/rate-limiter.js';
import { readJsonBody, requireObject, requireString } from '../http/read-json-body.js';
import { sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { bearerToken, liveToken } from '../license/license-routes.js';
import type { ServerStore } from '../store/server-store.js';

/** Five minutes: phones and TVs with NTP are within seconds; more is a broken or forged clock. */
export const RESUME_CLOCK_SKEW_MS = 5 * 60_000;

export function registerResumeRoutes(router: Router, o: { store: ServerStore; catalog: Catalog; secret: string; limiter: RateLimiter }): void {
  const title = (id: string) => {
    const t = o.catalog.titles.find((x) => x.id === id);
    if (!t) throw new HttpError(404, 'UNKNOWN_TITLE', `unknown title ${id.slice(0, 100)}`);
    return t;
  };
  router.add('POST', '/resume', async (req, res) => {
    const now = Date.now();
    const t = liveToken(o.store, bearerToken(req), o.secret, now);
    if (!o.limiter.take(`resume:${t.sid}`, now)) throw new HttpError(429, 'RATE_LIMITED', 'too many resume writes for this session');
    const b = requireObject(await readJsonBody(req, 4096));
    const { position, clientTime } = b;
    const tt = title(typeof b.title === 'string' ? b.title : t.title);
    if (typeof position !== 'number' || !Number.isFinite(position) || position < 0 || position > tt.duration) throw new HttpError(400, 'BAD_REQUEST', `position must be a number in [0, ${tt.duration}] (the title's duration)`);
    if (typeof clientTime !== 'number' || !Number.isFinite(clientTime) || Math.abs(clientTime - now) > RESUME_CLOCK_SKEW_MS) {
      throw new HttpError(400, 'BAD_REQUEST', `clientTime must be ms since epoch within ${RESUME_CLOCK_SKEW_MS / 60_000} min of the server clock`);
    }
    sendJson(res, 200, o.store.putResume({ account: t.account, title: tt.id, position, clientTime, device: t.device }));
  });
  router.add('GET', '/resume', (req, res, _p, url) => {
    const t = liveToken(o.store, bearerToken(req), o.secret, Date.now());
    const id = url.searchParams.get('title') ?? t.title;
    const point = o.store.getResume(t.account, title(requireString({ id }, 'id', 100)).id);
    if (!point) throw new HttpError(404, 'NO_RESUME_POINT', 'nothing stored for this account and title');
    sendJson(res, 200, point);
  });
}
