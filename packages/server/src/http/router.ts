/** A small method + path-pattern router (`/manifest/:title`); unknown paths → 404, wrong methods → 405, both JSON. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http-error.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL) => Promise<void> | void;

interface Route {
  method: string;
  segments: string[];
  prefix: boolean;
  handler: RouteHandler;
}

export class Router {
  private readonly routes: Route[] = [];

  /** `pattern`: `/a/:id/b`; a trailing `/*` matches the rest into `params['*']`. */
  add(method: string, pattern: string, handler: RouteHandler): this {
    const prefix = pattern.endsWith('/*');
    const segments = (prefix ? pattern.slice(0, -2) : pattern).split('/').filter(Boolean);
    this.routes.push({ method, segments, prefix, handler });
    return this;
  }

  /** Dispatches; returns false when no route's path matched (caller decides 404). */
  async dispatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    let parts: string[];
    try {
      parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    } catch {
      throw new HttpError(400, 'BAD_PATH', 'malformed percent-encoding in path');
    }
    let pathMatched = false;
    for (const r of this.routes) {
      const params = match(r, parts);
      if (!params) continue;
      pathMatched = true;
      if (r.method !== req.method && !(r.method === 'GET' && req.method === 'HEAD')) continue;
      await r.handler(req, res, params, url);
      return true;
    }
    if (pathMatched) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`);
    return false;
  }
}

function match(r: Route, parts: string[]): Record<string, string> | null {
  if (r.prefix ? parts.length < r.segments.length : parts.length !== r.segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < r.segments.length; i++) {
    const s = r.segments[i]!;
    if (s.startsWith(':')) params[s.slice(1)] = parts[i]!;
    else if (s !== parts[i]) return null;
  }
  if (r.prefix) params['*'] = parts.slice(r.segments.length).join('/');
  return params;
}
