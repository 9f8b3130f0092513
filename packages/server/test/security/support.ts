/** A reference server on tiny fixtures with a private data folder, known operator token and test accounts. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../src/index.js';
import { KID, makeTinyFixtures } from '../support/tiny-fixtures.js';

export const OPERATOR = 'security-test-operator-token';
export const CREDENTIAL = 'security-test-credential';
export const KID_B64 = Buffer.from(KID, 'hex').toString('base64url');
export const tempDataDir = () => mkdtempSync(path.join(tmpdir(), 'edgeplay-sec-'));

export function secureServer(extra: ServerOptions = {}, accounts: string[] = ['alice', 'bob', 'carol', 'mallory']): Promise<RunningServer> {
  const { fixturesRoot, tracesRoot } = makeTinyFixtures();
  return startServer({
    fixturesRoot,
    tracesRoot,
    caches: 2,
    dataDir: tempDataDir(),
    operatorToken: OPERATOR,
    scryptCost: 1024,
    accounts: Object.fromEntries(accounts.map((a) => [a, { credential: CREDENTIAL }])),
    ...extra,
  });
}

export interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary JSON under test, asserted field by field
  body: any;
}

/** A JSON request; `auth` is sent as the bearer token when given. */
export async function call(base: string, method: string, path: string, body?: unknown, opts: { auth?: string; type?: string | null; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(opts.type === null ? {} : { 'content-type': opts.type ?? 'application/json' }), ...(opts.auth ? { authorization: `Bearer ${opts.auth}` } : {}), ...(opts.headers ?? {}) };
  const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Opens a playback session for a provisioned account. */
export async function session(base: string, account: string, device = 'tv', title = 'vod'): Promise<{ sessionId: string; token: string }> {
  const r = await call(base, 'POST', '/session', { account, credential: CREDENTIAL, device, title });
  if (r.status !== 201) throw new Error(`POST /session: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { sessionId: string; token: string };
}

export const license = (base: string, token: string, kids = [KID_B64]) => call(base, 'POST', '/license/clearkey', { kids, type: 'temporary' }, { auth: token });
