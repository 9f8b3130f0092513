/**
 * The reference server: origin + control plane on one port, N simulated edge
 * caches on their own ports. Node's http module rather than a framework: the
 * surface is small, and shaping/stalling/resetting sockets needs direct control
 * over the response stream that frameworks abstract away.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EdgeCache } from './caches/edge-cache.js';
import { parseFault } from './caches/faults.js';
import { RequestLog } from './caches/request-log.js';
import { ensureFixtures, findRepoRoot } from './fixtures/generate.js';
import { loadCatalog, type Catalog } from './fixtures/catalog.js';
import { HttpError } from './http/http-error.js';
import { readJsonBody, requireObject, requireString } from './http/read-json-body.js';
import { handleOptions, sendError, sendJson } from './http/respond.js';
import { Router } from './http/router.js';
import { serveStatic } from './http/static-files.js';
import { CatalogKeyStore } from './license/key-store.js';
import { registerLicenseRoutes, type AccountPlan } from './license/license-routes.js';
import { StreamLeases } from './license/stream-leases.js';
import { deviceProfile } from './manifest/device-profiles.js';
import { buildDashManifest, buildHlsManifest, type PathwayBase } from './manifest/manifest-service.js';
import { liveDashManifest, liveHlsMediaPlaylist, liveHlsMultivariant, type LiveClock } from './live/live-service.js';
import { ResumeStore } from './resume/resume-store.js';
import { dashSteeringResponse, hlsSteeringResponse, rankPathways, withOverride, type CacheStatus } from './steering/steering-service.js';
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
  /** Steering TTL in seconds (default 10). */
  steeringTtl?: number;
  /** Account plans; default plan: 2 streams, every title. */
  plans?: Record<string, AccountPlan>;
  /** Where telemetry NDJSON goes (default a temp folder). */
  dataDir?: string;
  /** HMAC secret for playback tokens (default random per start). */
  tokenSecret?: string;
  /** Where fault `traceFile` names resolve (default `<repo>/../shared/traces`). */
  tracesRoot?: string;
  /** Seconds of live stream that already exist when the server starts (default 60). */
  livePrerollSeconds?: number;
  /** Clock of the simulated live streams (tests inject one). */
  now?: () => number;
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
  /** Titles the server offers. */
  catalog: Catalog;
  /** Folder the media is served from. */
  fixturesRoot: string;
  /** Stops every listener. */
  close(): Promise<void>;
}

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
  const caches = CACHE_IDS.slice(0, cacheCount).map((id) => new EdgeCache({ id, kind: id.startsWith('ixp') ? 'ixp' : 'isp', fixturesRoot, tracesRoot, requestLog, host, ...(log ? { log } : {}) }));
  await Promise.all(caches.map((c) => c.listen()));

  const leases = new StreamLeases(options.leaseTtlMs ?? 30_000);
  const telemetry = new TelemetryStore(options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'edgeplay-telemetry-')));
  const resume = new ResumeStore();
  const steeringTtl = options.steeringTtl ?? 10;
  const router = new Router();
  let baseUrl = '';

  const statuses = (): CacheStatus[] => [
    ...caches.map((c) => {
      const h = c.health();
      return { id: c.id, kind: c.kind, healthy: h.healthy, activeRequests: h.activeRequests, errors: h.errors };
    }),
    { id: 'origin', kind: 'origin' as const, healthy: true, activeRequests: 0, errors: 0 },
  ];
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

  // Static: origin media, demo page, built packages, peer players for benches.
  router.add('GET', '/media/*', (req, res, p) => serveStatic(req, res, fixturesRoot, p['*']!));
  router.add('GET', '/s/:session/media/*', (req, res, p) => serveStatic(req, res, fixturesRoot, p['*']!));
  router.add('GET', '/demo/*', (req, res, p) => serveStatic(req, res, path.join(repoRoot, 'demo'), p['*'] || 'index.html'));
  router.add('GET', '/demo', (_req, res) => {
    res.writeHead(302, { Location: '/demo/' });
    res.end();
  });
  router.add('GET', '/dist/:pkg/*', (req, res, p) => {
    if (!/^[a-z-]+$/.test(p.pkg!)) throw new HttpError(400, 'BAD_PATH', 'bad package name');
    return serveStatic(req, res, path.join(repoRoot, 'packages', p.pkg!, 'dist'), p['*']!);
  });
  router.add('GET', '/vendor/:name/*', (req, res, p) => {
    if (!['shaka-player', 'hls.js', 'dashjs', 'eme-encryption-scheme-polyfill'].includes(p.name!)) throw new HttpError(404, 'NOT_FOUND', 'unknown vendor package');
    return serveStatic(req, res, path.join(repoRoot, 'node_modules', p.name!), p['*']!);
  });
  router.add('GET', '/health', (_req, res) => sendJson(res, 200, { ok: true, caches: caches.map((c) => c.health()) }));
  router.add('GET', '/catalog', (_req, res) => sendJson(res, 200, catalog));

  // Operator override of the steering ranking (PUT /control/steering); null = computed ranking.
  let steeringOverride: string[] | null = null;

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
    const ranking = withOverride(rankPathways(statuses()), steeringOverride);
    const byId = new Map<string, string>([...caches.map((c) => [c.id, c.url] as [string, string]), ['origin', baseUrl]]);
    const allowed = new Set([...caches.slice(0, n).map((c) => c.id), 'origin']);
    const scope = session ? `/s/${session}` : '';
    const pathways: PathwayBase[] = ranking.filter((id) => allowed.has(id)).map((id) => ({ id, base: `${byId.get(id)}${scope}/media/${title.id}/` }));
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
      const ranking = withOverride(rankPathways(statuses()), steeringOverride).filter((id) => allowed.has(id));
      const reload = `${baseUrl}/steering/${format}?${url.searchParams.toString()}`;
      sendJson(res, 200, format === 'dash' ? dashSteeringResponse(ranking, steeringTtl, reload) : hlsSteeringResponse(ranking, steeringTtl, reload));
    });
  }

  // Sessions, licenses, heartbeats.
  registerLicenseRoutes(router, {
    catalog,
    keyStore: new CatalogKeyStore(catalog),
    leases,
    secret: options.tokenSecret ?? crypto.randomUUID(),
    tokenTtlMs: options.tokenTtlMs ?? 3_600_000,
    plans: options.plans ?? { basic: { maxStreams: 1, titles: ['vod'] } },
    defaultPlan: { maxStreams: 2, titles: '*' },
  });

  // Telemetry and resume.
  router.add('POST', '/telemetry', async (req, res) => sendJson(res, 202, { accepted: telemetry.ingest(await readJsonBody(req, 256 * 1024), Date.now()) }));
  router.add('GET', '/telemetry/summary', (_req, res, _p, url) => sendJson(res, 200, { sessions: telemetry.summary(url.searchParams.get('session') ?? undefined) }));
  router.add('POST', '/resume', async (req, res) => {
    const b = requireObject(await readJsonBody(req));
    const position = b.position;
    const clientTime = b.clientTime;
    if (typeof position !== 'number' || !Number.isFinite(position) || position < 0) throw new HttpError(400, 'BAD_REQUEST', 'position must be a non-negative number');
    if (typeof clientTime !== 'number' || !Number.isFinite(clientTime) || clientTime < 0) throw new HttpError(400, 'BAD_REQUEST', 'clientTime must be a non-negative number (ms since epoch)');
    const stored = resume.put({ account: requireString(b, 'account', 100), title: titleOf(requireString(b, 'title', 100)).id, position, clientTime, ...(typeof b.device === 'string' ? { device: b.device.slice(0, 100) } : {}) });
    sendJson(res, 200, stored);
  });
  router.add('GET', '/resume', (_req, res, _p, url) => {
    const account = url.searchParams.get('account');
    const title = url.searchParams.get('title');
    if (!account || !title) throw new HttpError(400, 'BAD_REQUEST', 'account and title are required');
    const point = resume.get(account, title);
    if (!point) throw new HttpError(404, 'NO_RESUME_POINT', 'nothing stored for this account and title');
    sendJson(res, 200, point);
  });

  registerConformanceRoutes(router, { repoRoot, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });

  // Control API: faults, cache health, request logs.
  const cacheById = (id: string) => {
    const c = caches.find((x) => x.id === id);
    if (!c) throw new HttpError(404, 'UNKNOWN_CACHE', `unknown cache ${id.slice(0, 50)}`);
    return c;
  };
  router.add('POST', '/control/caches/:id/faults', async (req, res, p) => {
    const cache = cacheById(p.id!);
    const body = requireObject(await readJsonBody(req));
    if (body.mode === 'none') {
      cache.clearFaults();
      sendJson(res, 200, { faults: [] });
      return;
    }
    const fault = cache.addFault(parseFault(body, 0, Date.now()));
    sendJson(res, 201, { fault });
  });
  router.add('DELETE', '/control/caches/:id/faults', (_req, res, p) => {
    cacheById(p.id!).clearFaults();
    sendJson(res, 200, { faults: [] });
  });
  // Operator override of the steering ranking (e.g. move traffic off a cache before maintenance).
  router.add('PUT', '/control/steering', async (req, res) => {
    const body = requireObject(await readJsonBody(req));
    const known = new Set([...caches.map((c) => c.id), 'origin']);
    const priority = body.priority;
    if (!Array.isArray(priority) || priority.length === 0 || priority.length > known.size || !priority.every((id) => typeof id === 'string' && known.has(id))) {
      throw new HttpError(400, 'BAD_REQUEST', `priority must be a non-empty array of known pathway ids (${[...known].join(', ')})`);
    }
    steeringOverride = [...new Set(priority as string[])];
    sendJson(res, 200, { priority: steeringOverride });
  });
  router.add('DELETE', '/control/steering', (_req, res) => {
    steeringOverride = null;
    sendJson(res, 200, { priority: null });
  });
  router.add('GET', '/control/caches', (_req, res) => sendJson(res, 200, { caches: caches.map((c) => ({ ...c.health(), faultSpecs: c.listFaults() })), ranking: rankPathways(statuses()) }));
  router.add('GET', '/control/sessions/:id/requests', (_req, res, p) => sendJson(res, 200, { requests: requestLog.forSession(p.id!) }));

  const server: Server = createServer(async (req, res) => {
    const started = Date.now();
    try {
      if (handleOptions(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://origin');
      if (url.pathname === '/') {
        res.writeHead(302, { Location: '/demo/' });
        res.end();
        return;
      }
      if (!(await router.dispatch(req, res, url))) throw new HttpError(404, 'NOT_FOUND', `no route for ${url.pathname.slice(0, 200)}`);
    } catch (e) {
      sendError(res, e, log);
    } finally {
      log?.({ level: 'info', server: 'origin', method: req.method, path: req.url?.slice(0, 300), status: res.statusCode, ms: Date.now() - started });
    }
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    caches: caches.map((c) => ({ id: c.id, url: c.url, kind: c.kind })),
    catalog,
    fixturesRoot,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((r) => server.close(() => r())), ...caches.map((c) => c.close())]);
    },
  };
}
