/**
 * The reference server's control API as the runner page uses it: session-scoped
 * faults (they expire on their own, so parallel pages never clear each other's),
 * the steering override, and the session's request log — the ground truth of
 * which cache and rendition served what.
 */

/** One row of `/control/sessions/:id/requests`. */
export interface LoggedRequest {
  time: number;
  cache: string;
  path: string;
  /** `video/v750`, `audio/fr`, `text/en`. */
  rendition: string;
  status: number;
  bytes: number;
}

/** Media segments (not init segments, playlists or keys). */
export const isMediaSegment = (r: LoggedRequest): boolean => /\.(m4s|ts|aac|vtt|webvtt|m4a|m4v)$/.test(r.path) && !/init\.[a-z0-9]+$/.test(r.path);

/**
 * The operator token for the control plane: from the page's `#operator=…`
 * fragment (never sent to a server or logged; `npm start` and the CLI put it
 * there), kept in sessionStorage so a reload of the runner page still has it.
 */
export function operatorTokenOfPage(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('operator');
  try {
    if (fromHash) sessionStorage.setItem('edgeplay.operator', fromHash);
    return fromHash || sessionStorage.getItem('edgeplay.operator') || '';
  } catch {
    return fromHash ?? '';
  }
}

/** A client for the control API of the server at `origin`. */
export class ControlClient {
  constructor(
    private readonly origin: string,
    private readonly operatorToken: string = '',
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(this.operatorToken ? { authorization: `Bearer ${this.operatorToken}` } : {}) };
    const send = () => fetch(`${this.origin}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    let res = await send();
    // A read that met a connection-level reject (a keep-alive socket the server was closing: 400/408 with no body)
    // is asked once more on a fresh connection; writes are not repeated.
    if (method === 'GET' && (res.status === 400 || res.status === 408) && !(await res.clone().text())) res = await send();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res.json();
  }

  /** Adds a fault for `session` only (null: every client, e.g. limited by `spec.pathPattern`), expiring after `durationMs`. */
  async fault(cache: string, session: string | null, spec: Record<string, unknown>, durationMs: number): Promise<void> {
    await this.call('POST', `/control/caches/${encodeURIComponent(cache)}/faults`, { ...spec, ...(session === null ? {} : { session }), durationMs });
  }

  /** Ids of the edge caches. */
  async caches(): Promise<{ ids: string[]; ranking: string[] }> {
    const r = (await this.call('GET', '/control/caches')) as { caches: { id: string }[]; ranking: string[] };
    return { ids: r.caches.map((c) => c.id), ranking: r.ranking };
  }

  async steer(priority: string[] | null): Promise<void> {
    if (priority === null) await this.call('DELETE', '/control/steering');
    else await this.call('PUT', '/control/steering', { priority });
  }

  async requests(session: string): Promise<LoggedRequest[]> {
    return ((await this.call('GET', `/control/sessions/${encodeURIComponent(session)}/requests`)) as { requests: LoggedRequest[] }).requests;
  }
}
