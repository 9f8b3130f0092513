/**
 * The reference server: origin + control plane on one port, N simulated edge
 * caches on their own ports. Node's http module rather than a framework: the
 * surface is small, and shaping/stalling/resetting sockets needs direct control
 * over the response stream that frameworks abstract away.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_SCRYPT_COST, hashCredential } from './auth/credentials.js';
import { fingerprint } from './auth/operator-auth.js';
import { EdgeCache } from './caches/edge-cache.js';
import { RequestLog } from './caches/request-log.js';
import { registerControlRoutes } from './control/control-routes.js';
import { ensureFixtures, findRepoRoot } from './fixtures/generate.js';
import { loadCatalog, type Catalog } from './fixtures/catalog.js';
import { HttpError } from './http/http-error.js';
import { guardConnections, applyServerTimeouts, drainServer, LISTENER_OPTIONS } from './http/connection-guard.js';
import { RateLimiter } from './http/rate-limiter.js';
import { sendError, sendJson, sendPrivateJson, handleOptions } from './http/respond.js';
import { Router } from './http/router.js';
import { serveStatic } from './http/static-files.js';
import { CatalogKeyStore } from './license/key-store.js';
import { registerLicenseRoutes, type AccountPlan } from './license/license-routes.js';
import { deviceProfile } from './manifest/device-profiles.js';
import { buildDashManifest, buildHlsManifest, type PathwayBase } from './manifest/manifest-service.js';
import { liveDashManifest, liveHlsMediaPlaylist, liveHlsMultivariant, type LiveClock } from './live/live-service.js';
import { registerResumeRoutes } from './resume/resume-routes.js';
import { publicCatalog, isPublicMediaPath } from './catalog/public-catalog.js';
import { dashSteeringResponse, hlsSteeringResponse, rankPathways, withOverride, type CacheStatus } from './steering/steering-service.js';
import { openSqliteStore } from './store/sqlite-store.js';
import { registerTelemetryRoutes } from './telemetry/telemetry-routes.js';
import { TelemetryStore } from './telemetry/telemetry-store.js';
import { registerConformanceRoutes } from './conformance/conformance-routes.js';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Port of the origin/control plane; 0 = ephemeral (default 8080 from the CLI, 0 here). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Fixture folder (default `<repo>/.fixtures`, generated when missing). */
  fixturesRoot?: string;
  /** Number of edge caches (default 3: two ISP-embedded, one IXP). */
  caches?: number;
  /** Structured JSON request logs on stdout. */
  log?: boolean;
  /** Stream lease TTL without heartbeat (default 30 s). */
  leaseTtlMs?: number;
  /** Playback token lifetime (default 1 h). */
  tokenTtlMs?: number;
  /** Download (offline) licence lifetime (default 7 days). */
  downloadLicenceMs?: number;
  /** Steering TTL in seconds (default 10). */
  steeringTtl?: number;
  /** Account plans; default plan: 2 streams, every title. */
  plans?: Record<string, AccountPlan>;
  /**
   * Where the server's state lives (SQLite database `edgeplay.sqlite`: accounts,
   * sessions, leases, resume, telemetry, overrides, audit; default `<repo>/.data`).
   * Two servers given the same folder share state and stream limits.
   */
  dataDir?: string;
  /** HMAC secret for playback tokens (default: generated once, persisted in the data folder). */
  tokenSecret?: string;
  /** Operator bearer token for /control/* (default env `EDGEPLAY_OPERATOR_TOKEN`, else generated once and persisted). */
  operatorToken?: string;
  /** Accounts to provision at start: id → credential and plan name. */
  accounts?: Record<string, { credential: string; plan?: string }>;
  /** Provision the demo account `demo` / `edgeplay-demo` (default true: this is a development server). */
  demoAccount?: boolean;
  /** scrypt cost for credentials (default 16384; tests that create many accounts pass less). */
  scryptCost?: number;
  /**
   * Concurrent connections one client address may hold on the origin and on each cache (default 1024 each:
   * the licence-race and 200-concurrency benches open one connection per request from one address; the cap
   * keeps one client from taking every file descriptor of the process).
   */
  maxConnectionsPerClient?: { origin?: number; cache?: number };
  /** How long close() waits for in-flight requests (downloads) before cutting them (default 10 s). */
  drainMs?: number;
  /** Where fault `traceFile` names resolve (default `<repo>/../shared/traces`). */
  tracesRoot?: string;
  /** Seconds of live stream that already exist when the server starts (default 60). */
  livePrerollSeconds?: number;
  /** Clock of the simulated live streams (tests inject one). */
  now?: () => number;
  /** Clock of tokens, sessions, leases and licences (tests inject one; default `Date.now`). */
  licenceClock?: () => number;
}

/** One simulated edge cache (CDN) of a running server. */
export interface CacheInfo {
  /** Cache id (also its pathway / serviceLocation name). */
  id: string;
  /** Base URL of the cache. */
  url: string;
  /** Where the simulated cache sits: in an ISP network or at an exchange point. */
  kind: 'isp' | 'ixp';
}

/** A started reference server: its URL, edge caches, catalog and `close()`. */
export interface RunningServer {
  /** Origin + control plane, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** The edge caches. */
  caches: CacheInfo[];
  /** The full catalog, keys included, read from the fixture files on disk (never served over HTTP). */
  catalog: Catalog;
  /** Folder the media is served from. */
  fixturesRoot: string;
  /** Bearer token of the operator control plane. */
  operatorToken: string;
  /** Where the server keeps its database and persisted secrets. */
  dataDir: string;
  /** Stops accepting connections, lets in-flight requests finish (up to `drainMs`), then closes. */
  close(): Promise<void>;
}

/** The demo account every reference server provisions unless `demoAccount: false`. */
export const DEMO_ACCOUNT = { account: 'demo', credential: 'edgeplay-demo' } as const;

const CACHE_IDS = ['isp-a', 'isp-b', 'ixp-1', 'isp-c', 'isp-d', 'ixp-2', 'isp-e', 'isp-f'];

/** Starts the origin/control plane and the caches. Generates fixtures first when missing. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const repoRoot = findRepoRoot();
  const host = options.host ?? '127.0.0.1';
  const fixturesRoot = options.fixturesRoot ?? path.join(repoRoot, '.fixtures');
  const catalog = options.fixturesRoot ? loadCatalog(fixturesRoot) : await ensureFixtures({ root: fixturesRoot });
  const log = options.log ? (entry: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), ...entry })}\n`) : undefined;
  const requestLog = new RequestLog();
  const tracesRoot = options.tracesRoot ?? path.resolve(repoRoot, '..', 'shared', 'traces');
  const cacheCount = Math.max(1, Math.min(options.caches ?? 3, CACHE_IDS.length));
  const caches = CACHE_IDS.slice(0, cacheCount).map(
    (id) => new EdgeCache({ id, kind: id.startsWith('ixp') ? 'ixp' : 'isp', fixturesRoot, tracesRoot, requestLog, host, maxConnectionsPerClient: options.maxConnectionsPerClient?.cache ?? 1024, ...(log ? { log } : {}) }),
  );
  await Promise.all(caches.map((c) => c.listen()));

  const dataDir = options.dataDir ?? path.join(repoRoot, '.data');
  const store = openSqliteStore(dataDir);
  const secret = options.tokenSecret ?? store.secret('playback-token-hmac', () => randomBytes(32).toString('base64url'));
  const operatorToken = options.operatorToken ?? process.env.EDGEPLAY_OPERATOR_TOKEN ?? store.secret('operator-token', () => randomBytes(24).toString('base64url'));
  const plans = options.plans ?? { basic: { maxStreams: 1, titles: ['vod'] } };
  const scryptCost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
  const seed: Record<string, { credential: string; plan?: string }> = { ...(options.demoAccount === false ? {} : { [DEMO_ACCOUNT.account]: { credential: DEMO_ACCOUNT.credential } }), ...(options.accounts ?? {}) };
  for (const [id, a] of Object.entries(seed)) {
    if (a.plan !== undefined && !Object.hasOwn(plans, a.plan)) throw new Error(`account ${id}: unknown plan ${a.plan}`);
    store.putAccount(await hashCredential(id, a.credential, a.plan ?? null, scryptCost));
  }
  const telemetry = new TelemetryStore(store);
  const steeringTtl = options.steeringTtl ?? 10;
  const router = new Router();
  let baseUrl = '';

  const statuses = (): CacheStatus[] => [
    ...caches.map((c) => ({ ...c.steeringHealth(Date.now()), id: c.id, kind: c.kind })),
    { id: 'origin', kind: 'origin' as const, healthy: true, load: 0, errorRate: 0, throughputBps: null, ttfbMs: null },
  ];
  const ranking = () => {
    const o = store.steeringOverride(Date.now());
    return withOverride(rankPathways(statuses()), o?.priority ?? null);
  };
  const titleOf = (id: string) => {
    const t = catalog.titles.find((x) => x.id === id);
    if (!t) throw new HttpError(404, 'UNKNOWN_TITLE', `unknown title ${id.slice(0, 100)}`);
    return t;
  };
  const sessionParam = (url: URL): string | null => {
    const s = url.searchParams.get('session');
    if (s === null) return null;
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(s)) throw new HttpError(400, 'BAD_SESSION', 'session must match [A-Za-z0-9_.-]{1,100}');
    return s;
  };
  const media = (relative: string) => {
    // The fixture root also holds catalog.json, whose keys leave only through the license exchange.
    if (!isPublicMediaPath(relative)) throw new HttpError(404, 'NOT_FOUND', 'not found');
    return relative;
  };

  // Static: origin media, demo page, built packages, peer players for benches.
  router.add('GET', '/media/*', (req, res, p) => serveStatic(req, res, fixturesRoot, media(p['*']!)));
  router.add('GET', '/s/:session/media/*', (req, res, p) => serveStatic(req, res, fixturesRoot, media(p['*']!)));
  router.add('GET', '/demo/*', (req, res, p) => serveStatic(req, res, path.join(repoRoot, 'demo'), p['*'] || 'index.html'));
  router.add('GET', '/demo', (_req, res) => {
    res.writeHead(302, { Location: '/demo/' });
    res.end();
  });
  router.add('GET', '/dist/:pkg/*', (req, res, p) => {
    // The player bundles only: not the server's own build, source maps or package metadata.
    if (!/^[a-z-]+$/.test(p.pkg!) || p.pkg === 'server') throw new HttpError(404, 'NOT_FOUND', 'unknown package');
    const file = p['*']!;
    if (!/\.(m?js|css)$/.test(file) || file.split('/').pop() === 'package.json') throw new HttpError(404, 'NOT_FOUND', 'only built scripts are served');
    return serveStatic(req, res, path.join(repoRoot, 'packages', p.pkg!, 'dist'), file);
  });
  router.add('GET', '/vendor/:name/*', (req, res, p) => {
    if (!['shaka-player', 'hls.js', 'dashjs', 'eme-encryption-scheme-polyfill'].includes(p.name!)) throw new HttpError(404, 'NOT_FOUND', 'unknown vendor package');
    return serveStatic(req, res, path.join(repoRoot, 'node_modules', p.name!), p['*']!);
  });
  router.add('GET', '/health', (_req, res) => sendJson(res, 200, { ok: true, caches: caches.map((c) => c.health()) }));
  const catalogView = publicCatalog(catalog);
  router.add('GET', '/catalog', (_req, res) => sendJson(res, 200, catalogView));
  (await import('./compat/compat-routes.js')).registerCompatRoutes(router, { fixturesRoot, cacheUrls: () => caches.map((c) => c.url), originUrl: () => baseUrl });

  // Manifest service.
  router.add('GET', '/manifest/:title', (_req, res, p, url) => {
    const title = titleOf(p.title!);
    const format = url.searchParams.get('format') ?? 'dash';
    if (format !== 'dash' && format !== 'hls') throw new HttpError(400, 'BAD_FORMAT', 'format must be dash or hls');
    const profile = deviceProfile(url.searchParams.get('device'));
    if (!profile) throw new HttpError(400, 'UNKNOWN_DEVICE', 'unknown device profile');
    const session = sessionParam(url);
    const max = Number(url.searchParams.get('caches') ?? caches.length);
    const n = Number.isInteger(max) && max >= 0 ? Math.min(max, caches.length) : caches.length;
    const byId = new Map<string, string>([...caches.map((c) => [c.id, c.url] as [string, string]), ['origin', baseUrl]]);
    const allowed = new Set([...caches.slice(0, n).map((c) => c.id), 'origin']);
    const scope = session ? `/s/${session}` : '';
    const pathways: PathwayBase[] = ranking().filter((id) => allowed.has(id)).map((id) => ({ id, base: `${byId.get(id)}${scope}/media/${title.id}/` }));
    const steering = `${baseUrl}/steering/${format}?session=${encodeURIComponent(session ?? '')}&caches=${n}`;
    const body = format === 'dash' ? buildDashManifest(fixturesRoot, title, pathways, steering, profile) : buildHlsManifest(fixturesRoot, title, pathways, steering, profile);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': format === 'dash' ? 'application/dash+xml' : 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-store' });
    res.end(body);
  });

  // Simulated live: any VOD title looped on the wall clock.
  const now = options.now ?? Date.now;
  const liveClock: LiveClock = { origin: now() - (options.livePrerollSeconds ?? 60) * 1000, now };
  router.add('GET', '/time', (_req, res) => {
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
    res.end(new Date(now()).toISOString());
  });
  router.add('GET', '/live/:title/manifest.mpd', (_req, res, p, url) => {
    const title = titleOf(p.title!);
    const session = sessionParam(url);
    const scope = session ? `/s/${session}` : '';
    const byId = new Map<string, string>([...caches.map((c) => [c.id, c.url] as [string, string]), ['origin', baseUrl]]);
    const bases = rankPathways(statuses()).map((id) => ({ id, base: `${byId.get(id)}${scope}/media/${title.id}/` }));
    const body = liveDashManifest(fixturesRoot, title, liveClock, bases, `${baseUrl}/time`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/dash+xml', 'Cache-Control': 'no-store' });
    res.end(body);
  });
  router.add('GET', '/live/:title/master.m3u8', (_req, res, p) => {
    const title = titleOf(p.title!);
    const body = liveHlsMultivariant(fixturesRoot, title, `${baseUrl}/live/${title.id}/`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-store' });
    res.end(body);
  });
  router.add('GET', '/live/:title/*', (_req, res, p, url) => {
    const title = titleOf(p.title!);
    const rest = p['*']!;
    if (!rest.endsWith('/playlist.m3u8')) throw new HttpError(404, 'NOT_FOUND', 'live serves manifest.mpd, master.m3u8 and <rendition>/playlist.m3u8');
    const session = sessionParam(url);
    const mediaBase = `${baseUrl}${session ? `/s/${session}` : ''}/media/${title.id}/`;
    // Build the body before writing headers: a bad rendition path must still be able to answer 404.
    const body = liveHlsMediaPlaylist(title, rest.slice(0, -'playlist.m3u8'.length), liveClock, mediaBase);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-store' });
    res.end(body);
  });

  // Content steering.
  for (const format of ['dash', 'hls'] as const) {
    router.add('GET', `/steering/${format}`, (_req, res, _p, url) => {
      sessionParam(url);
      const max = Number(url.searchParams.get('caches') ?? caches.length);
      const allowed = new Set([...caches.slice(0, Number.isInteger(max) && max >= 0 ? max : caches.length).map((c) => c.id), 'origin']);
      const ranked = ranking().filter((id) => allowed.has(id));
      const reload = `${baseUrl}/steering/${format}?${url.searchParams.toString()}`;
      sendJson(res, 200, format === 'dash' ? dashSteeringResponse(ranked, steeringTtl, reload) : hlsSteeringResponse(ranked, steeringTtl, reload));
    });
  }

  // Sessions, licenses, heartbeats.
  const leaseTtlMs = options.leaseTtlMs ?? 30_000;
  registerLicenseRoutes(router, { catalog, keyStore: new CatalogKeyStore(catalog), store, secret, tokenTtlMs: options.tokenTtlMs ?? 3_600_000, leaseTtlMs, plans, defaultPlan: { maxStreams: 2, titles: '*' }, ...(options.downloadLicenceMs ? { downloadLicenceMs: options.downloadLicenceMs } : {}), ...(options.licenceClock ? { now: options.licenceClock } : {}) });

  // Telemetry and resume, bound to the caller's playback token. Limits: a player beacons every 10 s and
  // writes resume every few seconds; 5 requests/s per session (burst 20) and 20/s per account leave
  // ample room for that and cap a flood at ~2,500 events/s per session.
  registerTelemetryRoutes(router, {
    store,
    telemetry,
    secret,
    operatorToken,
    sessionLimiter: new RateLimiter(5, 20),
    accountLimiter: new RateLimiter(20, 40),
    onClientError: (cdn, client, at) => caches.find((c) => c.id === cdn)?.clientReport(client, at),
  });
  registerResumeRoutes(router, { store, catalog, secret, limiter: new RateLimiter(2, 10) });

  registerConformanceRoutes(router, { repoRoot, dataDir, operatorToken });

  // Operator control plane.
  registerControlRoutes(router, { store, operatorToken, caches, requestLog, ranking: () => rankPathways(statuses()), plans: Object.keys(plans), scryptCost });

  const server: Server = createServer(LISTENER_OPTIONS, async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://origin');
    try {
      if (url.pathname.startsWith('/control/')) {
        // No CORS on the control plane: a preflight from a web page is refused.
        if (req.method === 'OPTIONS') return sendPrivateJson(res, 403, { error: { code: 'CORS_REFUSED', message: 'the control plane is not available cross-origin' } });
      } else if (handleOptions(req, res)) return;
      if (url.pathname === '/') {
        res.writeHead(302, { Location: '/demo/' });
        res.end();
        return;
      }
      if (!(await router.dispatch(req, res, url))) throw new HttpError(404, 'NOT_FOUND', `no route for ${url.pathname.slice(0, 200)}`);
    } catch (e) {
      sendError(res, e, log);
    } finally {
      // The path only: query strings may carry secrets a client put there by mistake.
      log?.({ level: 'info', server: 'origin', method: req.method, path: url.pathname.slice(0, 300), status: res.statusCode, ms: Date.now() - started });
    }
  });
  applyServerTimeouts(server);
  const inFlight = guardConnections(server, options.maxConnectionsPerClient?.origin ?? 1024);
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // Only a malformed request is a 400: a timed-out or reset connection is answered as what it is (or not at all),
    // so a client reusing a keep-alive socket the server was closing sees a timeout it can retry, not "bad request".
    if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  log?.({ level: 'info', msg: 'started', url: baseUrl, dataDir, operatorToken: fingerprint(operatorToken) });
  let closing: Promise<void> | null = null;
  return {
    url: baseUrl,
    caches: caches.map((c) => ({ id: c.id, url: c.url, kind: c.kind })),
    catalog,
    fixturesRoot,
    operatorToken,
    dataDir,
    close() {
      closing ??= (async () => {
        const drainMs = options.drainMs ?? 10_000;
        await Promise.all([drainServer(server, inFlight, drainMs), ...caches.map((c) => c.close(drainMs))]);
        telemetry.flush();
        store.close();
      })();
      return closing;
    },
  };
}
