/**
 * Conformance routes of the reference server: the runner page
 * (`/conformance`), results intake (`POST /conformance/api/results`), the
 * results and session lists, and the report (`/conformance/report` as HTML,
 * `.json`, `.csv`, `.junit.xml`; `?session=a,b` picks runs). Registered by one
 * line in server.ts; storage is behind {@link ConformanceResultsStore}.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
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

/** Options of {@link registerConformanceRoutes}. */
export interface ConformanceRoutesOptions {
  repoRoot: string;
  /** Folder of the results file (default: a fresh temp folder, i.e. not kept across restarts). */
  dataDir?: string;
  /** Overrides the file store (tests). */
  store?: ConformanceResultsStore;
}

const SESSION_RE = /^[A-Za-z0-9_.-]{1,100}$/;
/** Body limit of a results post: 500 results with soak samples stay well under 4 MB (≈ 120 B per sample). */
const BODY_LIMIT = 4 * 1024 * 1024;

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
  router.add('POST', '/conformance/api/results', async (req, res) => {
    const results = parseSubmission(await readJsonBody(req, BODY_LIMIT), Date.now());
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
