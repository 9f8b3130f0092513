/**
 * Per-run tokens for the results intake. Devices that post conformance
 * results (a TV's browser, a CI page) hold no operator credentials, so the
 * runner page's session creation issues a random token bound to one session
 * id; `POST /conformance/api/results` must carry it. Only SHA-256 digests are
 * kept (in memory and in an append-only file in the data folder, so a device
 * resuming after a server restart can still post), never the token itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HttpError } from '../http/http-error.js';

/** Session ids the registry accepts (the results store's own rule). */
export const RUN_SESSION_RE = /^[A-Za-z0-9_.-]{1,100}$/;
/** A run token stays valid this long: a 4 h soak resumed the next day still posts. */
export const RUN_TOKEN_TTL_MS = 7 * 24 * 3600 * 1000;
/**
 * Sessions tracked at most. Creation is open (no credentials), so the registry is bounded: when full,
 * expired entries go first, then the oldest. 20 000 × ~150 B ≈ 3 MB of memory at worst.
 */
export const MAX_RUN_SESSIONS = 20_000;

interface Entry {
  session: string;
  digest: string;
  createdAt: number;
}

const digestOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues and checks run tokens; `dir` (optional) keeps them across restarts. */
export class RunTokenRegistry {
  private readonly bySession = new Map<string, Entry>();
  private readonly byDigest = new Map<string, Entry>();
  private readonly file: string | null;

  constructor(dir?: string, private readonly now: () => number = Date.now) {
    this.file = dir ? path.join(dir, 'conformance-run-tokens.ndjson') : null;
    if (dir) mkdirSync(dir, { recursive: true });
    if (this.file && existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        try {
          const e = JSON.parse(line) as Entry;
          if (typeof e.session === 'string' && typeof e.digest === 'string' && typeof e.createdAt === 'number') this.remember(e);
        } catch {
          // A torn last line (crash mid-write) is skipped.
        }
      }
    }
  }

  /**
   * Creates `session` (a fresh id when omitted) with a new token. A session that already has a
   * live token is a 409: whoever holds it owns the run, a second device joins with the token in
   * its URL instead. `replace` (the operator's call: the CLI re-running a named session) issues a
   * new token and the old one stops working.
   */
  issue(session?: string, options: { replace?: boolean } = {}): { session: string; token: string } {
    const id = session ?? `run-${this.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    if (!RUN_SESSION_RE.test(id)) throw new HttpError(400, 'BAD_SESSION', 'session must match [A-Za-z0-9_.-]{1,100}');
    const existing = this.bySession.get(id);
    if (existing && !this.expired(existing) && !options.replace) throw new HttpError(409, 'SESSION_TAKEN', `session ${id} already has a run token: open the runner with its token (the run link / QR code of the device that created it)`);
    const token = randomBytes(24).toString('base64url');
    const entry: Entry = { session: id, digest: digestOf(token), createdAt: this.now() };
    this.remember(entry);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    return { session: id, token };
  }

  /** The session `token` was issued for, or null (unknown, expired, or no token). */
  sessionOf(token: string | null | undefined): string | null {
    if (!token) return null;
    // A digest lookup: the map key is a hash of the presented token, so lookup time says nothing about a stored one.
    const e = this.byDigest.get(digestOf(token));
    return e && !this.expired(e) ? e.session : null;
  }

  /** Tracked sessions (tests, bounds). */
  get size(): number {
    return this.bySession.size;
  }

  private expired(e: Entry): boolean {
    return this.now() - e.createdAt > RUN_TOKEN_TTL_MS;
  }

  private remember(e: Entry): void {
    const old = this.bySession.get(e.session);
    if (old) {
      this.byDigest.delete(old.digest);
      this.bySession.delete(e.session);
    }
    if (this.bySession.size >= MAX_RUN_SESSIONS) this.evictOne();
    this.bySession.set(e.session, e);
    this.byDigest.set(e.digest, e);
  }

  private evictOne(): void {
    let victim: Entry | undefined;
    for (const e of this.bySession.values()) {
      if (this.expired(e)) {
        victim = e;
        break;
      }
      victim ??= e; // Map order is insertion order: the first entry is the oldest.
    }
    if (!victim) return;
    this.bySession.delete(victim.session);
    this.byDigest.delete(victim.digest);
  }
}
