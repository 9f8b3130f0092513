/**
 * Routes of the compat fixtures that must name the running edge caches
 * (redundant-variant playlists point each copy of a variant at another
 * cache): `GET /compat/<case>/<file>` serves `.fixtures/compat/<case>/<file>.template`
 * with `{{cache<N>}}` replaced by the URL of edge cache N and `{{origin}}`
 * by the origin's. Everything else of the compat cases is plain static media
 * under `/media/compat/` on the origin and every cache.
 */
import { readFile } from 'node:fs/promises';
import { HttpError } from '../http/http-error.js';
import { resolveSafe } from '../http/static-files.js';
import type { Router } from '../http/router.js';
import { COMPAT_DIR } from '../fixtures/compat/compat-catalog.js';

/** What the routes need from the running server. */
export interface CompatRouteContext {
  fixturesRoot: string;
  /** Edge cache base URLs in cache order (read per request: caches listen before the origin does). */
  cacheUrls: () => readonly string[];
  originUrl: () => string;
}

/** Fills a template's `{{cacheN}}` / `{{origin}}` placeholders; an unknown cache index is a 404-worthy fixture error. */
export function fillTemplate(template: string, cacheUrls: readonly string[], origin: string): string {
  return template.replace(/\{\{(cache(\d+)|origin)\}\}/g, (_m, _name: string, index: string | undefined) => {
    if (index === undefined) return origin;
    const url = cacheUrls[Number(index)];
    if (!url) throw new HttpError(404, 'NO_SUCH_CACHE', `compat template names cache ${index}, the server runs ${cacheUrls.length}`);
    return url;
  });
}

/** Registers `GET /compat/*` on the router. */
export function registerCompatRoutes(router: Router, ctx: CompatRouteContext): void {
  router.add('GET', '/compat/*', async (_req, res, p) => {
    const rest = p['*'] ?? '';
    if (!/^[A-Za-z0-9._-]+\/[A-Za-z0-9._/-]+$/.test(rest) || rest.includes('..')) throw new HttpError(400, 'BAD_PATH', 'compat paths are <case>/<file>');
    const { file } = await resolveSafe(ctx.fixturesRoot, `${COMPAT_DIR}/${rest}.template`);
    const body = fillTemplate(await readFile(file, 'utf8'), ctx.cacheUrls(), ctx.originUrl());
    const type = rest.endsWith('.mpd') ? 'application/dash+xml' : 'application/vnd.apple.mpegurl';
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  });
}
