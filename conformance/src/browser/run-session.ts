/**
 * The run's session id and run token. The token comes, in order, from the
 * URL fragment (`#token=`: a run link or QR code made by another device, or
 * the CLI — a fragment is never sent to a server, so no access log or
 * Referer carries it),
 * from localStorage (this browser created the run earlier: a reload or a
 * crash), or from the server (`POST /conformance/api/sessions` creates the
 * run). The URL is then rewritten to carry both, so a reload — or a TV
 * browser reopened on its history — keeps posting to the same run.
 */
import type { KeyValueStore } from './checkpoint.js';

/** A run as the server issued it. */
export interface RunSession {
  session: string;
  token: string;
}

const SESSION_RE = /^[A-Za-z0-9_.-]{1,100}$/;
const TOKEN_RE = /^[A-Za-z0-9_-]{16,200}$/;
const storageKey = (session: string) => `edgeplay-conformance-token:${session}`;

/** The runner URL that joins `run` on another device (what the run QR code encodes): session in the query, token in the fragment. */
export function runLink(origin: string, run: RunSession): string {
  return `${origin}/conformance?${new URLSearchParams({ session: run.session })}#${new URLSearchParams({ token: run.token })}`;
}

/**
 * Resolves the run for this page from its query (`session=`) and fragment (`token=`); throws an
 * Error whose message the page shows (e.g. a session owned by another device).
 */
export async function resolveRunSession(params: URLSearchParams, fragment: URLSearchParams, storage: KeyValueStore, origin: string, fetchImpl: typeof fetch = fetch): Promise<RunSession> {
  const wanted = params.get('session');
  const session = wanted && SESSION_RE.test(wanted) ? wanted : null;
  const given = fragment.get('token');
  if (session && given && TOKEN_RE.test(given)) {
    storage.setItem(storageKey(session), given);
    return { session, token: given };
  }
  const stored = session ? storage.getItem(storageKey(session)) : null;
  if (session && stored && TOKEN_RE.test(stored)) return { session, token: stored };
  const res = await fetchImpl(`${origin}/conformance/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(session ? { session } : {}) });
  const body = (await res.json().catch(() => ({}))) as { session?: string; token?: string; error?: { message?: string } };
  if (!res.ok || !body.session || !body.token) throw new Error(`could not create the run${session ? ` ${session}` : ''}: HTTP ${res.status} ${body.error?.message ?? ''}`.trim());
  storage.setItem(storageKey(body.session), body.token);
  return { session: body.session, token: body.token };
}
