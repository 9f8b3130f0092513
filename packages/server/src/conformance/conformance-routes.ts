/**
 * Conformance routes of the reference server: the runner page
 * (`/conformance`), run creation (`POST /conformance/api/sessions`: a session
 * id + its run token), results intake (`POST /conformance/api/results`, with
 * `Authorization: Bearer <run token>`, bounded body and rate), the
 * results and session lists, and the report (`/conformance/report` as HTML,
 * `.json`, `.csv`, `.junit.xml`; `?session=a,b` picks runs). Registered by one
 * line in server.ts; storage is behind {@link ConformanceResultsStore}.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../http/http-error.js';
import { readJsonBody } from '../http/read-json-body.js';
import { sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { serveStatic } from '../http/static-files.js';
import { parseSubmission } from './conformance-result.js';
import { toCsv, toJUnit } from './report-formats.js';
import { reportPage } from './report-page.js';
import { JsonFileResultsStore, type ConformanceResultsStore } from './results-store.js';
import { RunnerBundle } from './runner-bundle.js';
import { RunTokenRegistry } from './run-tokens.js';
import { RateLimiter } from '../http/rate-limiter.js';
import { requireOperator } from '../auth/operator-auth.js';

/** Options of {@link registerConformanceRoutes}. */
export interface ConformanceRoutesOptions {
  repoRoot: string;
  /** Folder of the results file (default: a fresh temp folder, i.e. not kept across restarts). */
  dataDir?: string;
  /** Overrides the file store (tests). */
  store?: ConformanceResultsStore;
  /** The operator token: with it, session creation may take over an existing session (a CLI re-run). */
  operatorToken?: string;
  /** Overrides the run-token registry (tests). */
  tokens?: RunTokenRegistry;
}

/**
 * Run creations per client address: 10 at once, then one every 6 s. A QA lab starts a handful of
 * devices at a time; a flood of fresh sessions (creation needs no credentials) is what this stops.
 */
const CREATE_LIMIT = { perSecond: 1 / 6, burst: 10 };
/**
 * Result posts per run: 60 at once, then 5 a second. The runner posts once per finished case
 * (≈ 1 per 2 s per page in CI, 3 pages), plus one catch-up batch after a resume.
 */
const POST_LIMIT = { perSecond: 5, burst: 60 };

const isOperator = (req: IncomingMessage, token: string): boolean => {
  try {
    requireOperator(req, token);
    return true;
  } catch {
    return false;
  }
};

const bearer = (auth: string | undefined): string | null => (auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null);

const SESSION_RE = /^[A-Za-z0-9_.-]{1,100}$/;
/**
 * Body limit of a results post, 2 MiB: a 4 h soak sampled every 5 s is 2 880 samples of ≈ 230 B of
 * JSON (≈ 0.65 MB), and a catch-up batch of the whole suite's other results adds ≈ 0.2 MB.
 */
const BODY_LIMIT = 2 * 1024 * 1024;

function sessionsOf(url: URL): string[] {
  const raw = url.searchParams.get('session');
  if (!raw) return [];
  const list = raw.split(',').filter(Boolean);
  if (list.length > 50 || !list.every((s) => SESSION_RE.test(s))) throw new HttpError(400, 'BAD_SESSION', 'session must be a comma-separated list of [A-Za-z0-9_.-]{1,100} (at most 50)');
  return list;
}

function send(res: ServerResponse, type: string, body: string, filename?: string): void {
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*', ...(filename ? { 'Content-Disposition': `inline; filename="${filename}"` } : {}) });
  res.end(body);
}

/** Adds the conformance routes to `router`; returns the store in use. */
export function registerConformanceRoutes(router: Router, options: ConformanceRoutesOptions): ConformanceResultsStore {
  const store = options.store ?? new JsonFileResultsStore(options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'edgeplay-conformance-')));
  const pageRoot = path.join(options.repoRoot, 'conformance', 'page');
  const bundle = new RunnerBundle(options.repoRoot);

  router.add('GET', '/conformance', (req, res) => serveStatic(req, res, pageRoot, 'index.html'));
  router.add('GET', '/conformance/runner.js', async (_req, res) => send(res, 'text/javascript; charset=utf-8', await bundle.get()));
  router.add('GET', '/conformance/runner.css', (req, res) => serveStatic(req, res, pageRoot, 'runner.css'));
  const tokens = options.tokens ?? new RunTokenRegistry(options.dataDir);
  const creations = new RateLimiter(CREATE_LIMIT.perSecond, CREATE_LIMIT.burst);
  const posts = new RateLimiter(POST_LIMIT.perSecond, POST_LIMIT.burst);
  router.add('POST', '/conformance/api/sessions', async (req, res) => {
    if (!creations.take(req.socket.remoteAddress ?? '?', Date.now())) throw new HttpError(429, 'TOO_MANY_RUNS', 'too many conformance runs created from this address; try again in a few seconds');
    const body = Number(req.headers['content-length'] ?? 0) > 0 ? await readJsonBody(req, 1024) : {};
    const requested = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { session?: unknown }).session : undefined;
    if (requested !== undefined && typeof requested !== 'string') throw new HttpError(400, 'BAD_SESSION', 'session must be a string');
    const asOperator = options.operatorToken !== undefined && req.headers.authorization !== undefined && isOperator(req, options.operatorToken);
    sendJson(res, 201, tokens.issue(requested, { replace: asOperator }));
  });
  router.add('POST', '/conformance/api/results', async (req, res) => {
    // Credentials first, then the rate, then the size: nothing of an unauthenticated body is read.
    const session = tokens.sessionOf(bearer(req.headers.authorization));
    if (session === null) {
      req.resume();
      throw new HttpError(401, 'RUN_TOKEN_REQUIRED', 'results need Authorization: Bearer <run token> (POST /conformance/api/sessions issues one; the runner page does it)');
    }
    if (!posts.take(session, Date.now())) {
      req.resume();
      throw new HttpError(429, 'TOO_MANY_POSTS', `too many result posts for session ${session}`);
    }
    const results = parseSubmission(await readJsonBody(req, BODY_LIMIT), Date.now());
    if (results.some((r) => r.session !== session)) throw new HttpError(401, 'RUN_TOKEN_MISMATCH', `the run token is for session ${session}, not this one`);
    store.put(results);
    sendJson(res, 201, { stored: results.length });
  });
  router.add('GET', '/conformance/api/results', (_req, res, _p, url) => sendJson(res, 200, { results: store.all(sessionsOf(url)) }));
  router.add('GET', '/conformance/api/sessions', (_req, res) => sendJson(res, 200, { sessions: store.sessions() }));
  router.add('GET', '/conformance/report', (_req, res, _p, url) => send(res, 'text/html; charset=utf-8', reportPage(store.all(sessionsOf(url)), url.search)));
  router.add('GET', '/conformance/report.json', (_req, res, _p, url) => sendJson(res, 200, { results: store.all(sessionsOf(url)) }));
  router.add('GET', '/conformance/report.csv', (_req, res, _p, url) => send(res, 'text/csv; charset=utf-8', toCsv(store.all(sessionsOf(url))), 'conformance.csv'));
  router.add('GET', '/conformance/report.junit.xml', (_req, res, _p, url) => send(res, 'application/xml; charset=utf-8', toJUnit(store.all(sessionsOf(url))), 'conformance.junit.xml'));
  return store;
}
