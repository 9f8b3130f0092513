/**
 * Where conformance results live, behind a small interface so the storage can
 * change without touching the routes. Two implementations: in memory (tests)
 * and an append-only NDJSON file replayed at start (survives a restart).
 *
 * Mapping onto the server's SQLite store (packages/server/src/store/, being
 * added separately): one `conformance_results` table with columns
 * (session, player, case_id) PRIMARY KEY, user_agent, platform, label,
 * received_at, category, title, status, reason, duration_ms, metrics_json;
 * `put` = INSERT … ON CONFLICT DO UPDATE, `all` = SELECT ordered by
 * received_at, `sessions` = SELECT … GROUP BY session.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConformanceDevice, StoredResult } from './conformance-result.js';

/** A session's summary for the report index. */
export interface SessionSummary {
  session: string;
  device: ConformanceDevice;
  players: string[];
  pass: number;
  fail: number;
  skip: number;
  lastAt: number;
}

/** The results store. A result re-posted for the same (session, player, case) replaces the earlier one. */
export interface ConformanceResultsStore {
  put(results: readonly StoredResult[]): void;
  /** Results of the given sessions (all sessions when empty), oldest first. */
  all(sessions?: readonly string[]): StoredResult[];
  sessions(): SessionSummary[];
}

const keyOf = (r: StoredResult) => `${r.session}\u0000${r.player}\u0000${r.caseId}`;

/** In-memory store. */
export class MemoryResultsStore implements ConformanceResultsStore {
  protected readonly byKey = new Map<string, StoredResult>();

  put(results: readonly StoredResult[]): void {
    for (const r of results) {
      this.byKey.delete(keyOf(r)); // Re-insert so Map order stays "last received last".
      this.byKey.set(keyOf(r), r);
    }
  }

  all(sessions: readonly string[] = []): StoredResult[] {
    const wanted = new Set(sessions);
    return [...this.byKey.values()].filter((r) => wanted.size === 0 || wanted.has(r.session));
  }

  sessions(): SessionSummary[] {
    const out = new Map<string, SessionSummary>();
    for (const r of this.byKey.values()) {
      const s = out.get(r.session) ?? { session: r.session, device: r.device, players: [], pass: 0, fail: 0, skip: 0, lastAt: 0 };
      s[r.status]++;
      if (!s.players.includes(r.player)) s.players.push(r.player);
      s.lastAt = Math.max(s.lastAt, r.receivedAt);
      out.set(r.session, s);
    }
    return [...out.values()].sort((a, b) => b.lastAt - a.lastAt);
  }
}

/** Append-only NDJSON file under `dir`; a torn last line (crash mid-write) is skipped on replay. */
export class JsonFileResultsStore extends MemoryResultsStore {
  private readonly file: string;

  constructor(dir: string) {
    super();
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'conformance-results.ndjson');
    if (existsSync(this.file)) {
      const lines = readFileSync(this.file, 'utf8').split('\n');
      const parsed: StoredResult[] = [];
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          parsed.push(JSON.parse(line) as StoredResult);
        } catch {}
      }
      super.put(parsed);
    }
  }

  override put(results: readonly StoredResult[]): void {
    if (results.length === 0) return;
    appendFileSync(this.file, results.map((r) => `${JSON.stringify(r)}\n`).join(''));
    super.put(results);
  }
}
