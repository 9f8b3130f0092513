/**
 * The operator control plane (issue 15 #2): fault injection, steering
 * overrides, cache health, request logs, account provisioning and the audit
 * log. Every route needs the operator bearer token; mutating routes need
 * `Content-Type: application/json`; answers carry no CORS headers; fault
 * lists and specs are bounded; steering overrides expire; every change is
 * written to the audit log with who, what and when.
 */
import type { IncomingMessage } from 'node:http';
import { hashCredential } from '../auth/credentials.js';
import { requireJsonContentType, requireOperator } from '../auth/operator-auth.js';
import type { EdgeCache } from '../caches/edge-cache.js';
import { parseFault } from '../caches/faults.js';
import type { RequestLog } from '../caches/request-log.js';
import { HttpError } from '../http/http-error.js';
import { readJsonBody, requireObject, requireString } from '../http/read-json-body.js';
import { sendPrivateJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import type { ServerStore } from '../store/server-store.js';

/** Faults per cache: the failover scenarios use 1-3 at once; 20,000 used to be accepted. */
export const MAX_FAULTS_PER_CACHE = 32;
/** Default lifetime of a steering override: long enough for a maintenance window's first step, short enough that a forgotten one lapses. */
export const DEFAULT_OVERRIDE_TTL_S = 600;
export const MAX_OVERRIDE_TTL_S = 86_400;
const FAULT_FIELDS = new Set(['mode', 'status', 'latencyMs', 'kbps', 'traceFile', 'pathPattern', 'session', 'probability', 'afterMs', 'durationMs']);

export interface ControlRouteOptions {
  store: ServerStore;
  operatorToken: string;
  caches: EdgeCache[];
  requestLog: RequestLog;
  /** The computed (unoverridden) ranking, for the cache listing. */
  ranking: () => string[];
  /** Plan names accounts may be given. */
  plans: readonly string[];
  scryptCost: number;
}

export function registerControlRoutes(router: Router, o: ControlRouteOptions): void {
  const cacheById = (id: string) => {
    const c = o.caches.find((x) => x.id === id);
    if (!c) throw new HttpError(404, 'UNKNOWN_CACHE', `unknown cache ${id.slice(0, 50)}`);
    return c;
  };
  /** Authenticates, checks the body type of a mutation, and returns an audit function bound to the actor. */
  const operator = (req: IncomingMessage, mutation: boolean) => {
    const actor = requireOperator(req, o.operatorToken);
    if (mutation && req.method !== 'DELETE') requireJsonContentType(req);
    return (action: string, detail: unknown) => o.store.audit({ time: Date.now(), actor, action, detail: JSON.stringify(detail).slice(0, 2000) });
  };

  router.add('POST', '/control/caches/:id/faults', async (req, res, p) => {
    const audit = operator(req, true);
    const cache = cacheById(p.id!);
    const body = requireObject(await readJsonBody(req, 4096));
    const unknown = Object.keys(body).filter((k) => !FAULT_FIELDS.has(k));
    if (unknown.length) throw new HttpError(400, 'BAD_FAULT', `unknown fault fields: ${unknown.slice(0, 5).join(', ').slice(0, 200)}`);
    if (body.mode === 'none') {
      cache.clearFaults();
      audit('faults.clear', { cache: cache.id });
      sendPrivateJson(res, 200, { faults: [] });
      return;
    }
    if (cache.listFaults().length >= MAX_FAULTS_PER_CACHE) throw new HttpError(409, 'TOO_MANY_FAULTS', `a cache holds at most ${MAX_FAULTS_PER_CACHE} faults; clear some first`);
    const fault = cache.addFault(parseFault(body, 0, Date.now()));
    audit('faults.add', { cache: cache.id, fault });
    sendPrivateJson(res, 201, { fault });
  });
  router.add('DELETE', '/control/caches/:id/faults', (req, res, p) => {
    const audit = operator(req, true);
    cacheById(p.id!).clearFaults();
    audit('faults.clear', { cache: p.id });
    sendPrivateJson(res, 200, { faults: [] });
  });
  // Operator override of the steering ranking (e.g. move traffic off a cache before maintenance).
  router.add('PUT', '/control/steering', async (req, res) => {
    const audit = operator(req, true);
    const body = requireObject(await readJsonBody(req, 4096));
    const known = new Set([...o.caches.map((c) => c.id), 'origin']);
    const priority = body.priority;
    if (!Array.isArray(priority) || priority.length === 0 || priority.length > known.size || !priority.every((id) => typeof id === 'string' && known.has(id))) {
      throw new HttpError(400, 'BAD_REQUEST', `priority must be a non-empty array of known pathway ids (${[...known].join(', ')})`);
    }
    const ttl = body.ttlSeconds ?? DEFAULT_OVERRIDE_TTL_S;
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 1 || ttl > MAX_OVERRIDE_TTL_S) throw new HttpError(400, 'BAD_REQUEST', `ttlSeconds must be a number in [1, ${MAX_OVERRIDE_TTL_S}]`);
    const override = { priority: [...new Set(priority as string[])], until: Date.now() + ttl * 1000, actor: 'operator' };
    o.store.setSteeringOverride(override);
    audit('steering.override', { priority: override.priority, ttlSeconds: ttl });
    sendPrivateJson(res, 200, { priority: override.priority, expiresAt: override.until });
  });
  router.add('DELETE', '/control/steering', (req, res) => {
    const audit = operator(req, true);
    o.store.setSteeringOverride(null);
    audit('steering.clear', {});
    sendPrivateJson(res, 200, { priority: null });
  });
  router.add('POST', '/control/accounts', async (req, res) => {
    const audit = operator(req, true);
    const body = requireObject(await readJsonBody(req, 4096));
    const id = requireString(body, 'account', 100);
    const credential = requireString(body, 'credential', 200);
    if (credential.length < 8) throw new HttpError(400, 'BAD_REQUEST', 'credential must have at least 8 characters');
    const plan = body.plan === undefined || body.plan === null ? null : requireString(body, 'plan', 50);
    if (plan !== null && !o.plans.includes(plan)) throw new HttpError(400, 'BAD_REQUEST', `plan must be one of ${o.plans.join(', ')}`);
    o.store.putAccount(await hashCredential(id, credential, plan, o.scryptCost));
    audit('accounts.put', { account: id, plan });
    sendPrivateJson(res, 201, { account: id, plan });
  });
  router.add('GET', '/control/caches', (req, res) => {
    operator(req, false);
    sendPrivateJson(res, 200, { caches: o.caches.map((c) => ({ ...c.health(), faultSpecs: c.listFaults() })), ranking: o.ranking(), override: o.store.steeringOverride(Date.now()) });
  });
  router.add('GET', '/control/sessions/:id/requests', (req, res, p) => {
    operator(req, false);
    sendPrivateJson(res, 200, { requests: o.requestLog.forSession(p.id!) });
  });
  router.add('GET', '/control/audit', (req, res, _p, url) => {
    operator(req, false);
    const n = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
    sendPrivateJson(res, 200, { entries: o.store.auditLog(n) });
  });
}
