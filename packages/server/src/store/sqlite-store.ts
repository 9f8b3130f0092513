/**
 * {@link ServerStore} on SQLite through better-sqlite3. Why a real embedded
 * database rather than JSON files: admission must be atomic across server
 * processes sharing the data directory (`BEGIN IMMEDIATE` takes the write lock
 * before the count is read, so two processes cannot both see "1 of 2 streams"),
 * state must survive a crash mid-write (WAL journal), and telemetry wants
 * compact rows with indexed lookups. better-sqlite3 is synchronous, which
 * suits short transactions; telemetry goes through a batching writer so the
 * request path never waits for the disk (see telemetry-store.ts).
 * Pinned to ^12: 13.x needs Node 22 and crashes on this machine's Node 20.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DOWNLOAD_SLOTS_SCHEMA, sqliteDownloadSlots } from './sqlite-download-slots.js';
import type { AccountRecord, AuditEntry, LeaseStore, ResumePoint, ServerStore, SessionSummary } from './server-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, plan TEXT, hash TEXT NOT NULL, salt TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (sid TEXT PRIMARY KEY, account TEXT NOT NULL, device TEXT NOT NULL, title TEXT NOT NULL, expires INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS leases (account TEXT NOT NULL, session TEXT NOT NULL, expires INTEGER NOT NULL, PRIMARY KEY (account, session)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS resume (account TEXT NOT NULL, title TEXT NOT NULL, position REAL NOT NULL, client_time REAL NOT NULL, device TEXT, PRIMARY KEY (account, title)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS telemetry_sessions (id INTEGER PRIMARY KEY, session TEXT NOT NULL UNIQUE, account TEXT NOT NULL,
  events INTEGER NOT NULL DEFAULT 0, startup_ms REAL, stalls INTEGER NOT NULL DEFAULT 0, stall_ms REAL NOT NULL DEFAULT 0,
  bitrate_switches INTEGER NOT NULL DEFAULT 0, cdn_switches INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0,
  last_bitrate REAL, last_event_at REAL NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS telemetry_sessions_account ON telemetry_sessions (account);
CREATE TABLE IF NOT EXISTS telemetry_events (sid INTEGER NOT NULL, t REAL NOT NULL, type INTEGER NOT NULL, value REAL, code TEXT);
CREATE TABLE IF NOT EXISTS steering_override (id INTEGER PRIMARY KEY CHECK (id = 1), priority TEXT NOT NULL, until INTEGER NOT NULL, actor TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (time INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conformance_results (run TEXT NOT NULL, test TEXT NOT NULL, status TEXT NOT NULL, detail TEXT NOT NULL, time INTEGER NOT NULL, PRIMARY KEY (run, test));
`;

/** Event types as small integers: one byte per row instead of the type name (the 7× JSON amplification of issue 15 #6). */
const TYPE_CODES = ['startup', 'stall', 'bitrate-switch', 'error', 'cdn-switch', 'heartbeat', 'seek', 'ended'];

interface SummaryRow {
  id: number;
  session: string;
  events: number;
  startup_ms: number | null;
  stalls: number;
  stall_ms: number;
  bitrate_switches: number;
  cdn_switches: number;
  errors: number;
  last_bitrate: number | null;
  last_event_at: number;
}

const toSummary = (r: SummaryRow): SessionSummary => ({
  sessionId: r.session,
  events: r.events,
  startupMs: r.startup_ms,
  stalls: r.stalls,
  stallMs: r.stall_ms,
  bitrateSwitches: r.bitrate_switches,
  cdnSwitches: r.cdn_switches,
  errors: r.errors,
  lastBitrate: r.last_bitrate,
  lastEventAt: r.last_event_at,
});

/** Opens (creating when needed) `<dataDir>/edgeplay.sqlite`. */
export function openSqliteStore(dataDir: string): ServerStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'edgeplay.sqlite'));
  // WAL: readers do not block the writer, and a second process can share the file.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // A second process waits for the write lock instead of failing with SQLITE_BUSY.
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  db.exec(DOWNLOAD_SLOTS_SCHEMA);

  const q = {
    secretGet: db.prepare<[string], { value: string }>('SELECT value FROM secrets WHERE name = ?'),
    secretPut: db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)'),
    accountGet: db.prepare<[string], AccountRecord>('SELECT id, plan, hash, salt FROM accounts WHERE id = ?'),
    accountPut: db.prepare('INSERT INTO accounts (id, plan, hash, salt) VALUES (@id, @plan, @hash, @salt) ON CONFLICT (id) DO UPDATE SET plan = excluded.plan, hash = excluded.hash, salt = excluded.salt'),
    sessionPut: db.prepare('INSERT INTO sessions (sid, account, device, title, expires) VALUES (@sid, @account, @device, @title, @expiresAt)'),
    sessionGet: db.prepare<[string], { account: string; expires: number; revoked: number }>('SELECT account, expires, revoked FROM sessions WHERE sid = ?'),
    sessionRevoke: db.prepare('UPDATE sessions SET revoked = 1 WHERE sid = ?'),
    sessionPurge: db.prepare('DELETE FROM sessions WHERE expires < ?'),
    leasePurge: db.prepare('DELETE FROM leases WHERE account = ? AND expires <= ?'),
    leaseHas: db.prepare<[string, string], { expires: number }>('SELECT expires FROM leases WHERE account = ? AND session = ?'),
    leaseCount: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM leases WHERE account = ?'),
    leasePut: db.prepare('INSERT INTO leases (account, session, expires) VALUES (?, ?, ?) ON CONFLICT (account, session) DO UPDATE SET expires = excluded.expires'),
    leaseDelete: db.prepare('DELETE FROM leases WHERE account = ? AND session = ?'),
    leaseList: db.prepare<[string, number], { session: string }>('SELECT session FROM leases WHERE account = ? AND expires > ?'),
    resumeGet: db.prepare<[string, string], { position: number; client_time: number; device: string | null }>('SELECT position, client_time, device FROM resume WHERE account = ? AND title = ?'),
    resumePut: db.prepare('INSERT INTO resume (account, title, position, client_time, device) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, title) DO UPDATE SET position = excluded.position, client_time = excluded.client_time, device = excluded.device'),
    tsGet: db.prepare<[string], SummaryRow>('SELECT * FROM telemetry_sessions WHERE session = ?'),
    tsInsert: db.prepare('INSERT INTO telemetry_sessions (session, account) VALUES (?, ?)'),
    tsUpdate: db.prepare('UPDATE telemetry_sessions SET events = @events, startup_ms = @startup_ms, stalls = @stalls, stall_ms = @stall_ms, bitrate_switches = @bitrate_switches, cdn_switches = @cdn_switches, errors = @errors, last_bitrate = @last_bitrate, last_event_at = @last_event_at WHERE id = @id'),
    tsAll: db.prepare<[number], SummaryRow>('SELECT * FROM telemetry_sessions ORDER BY last_event_at DESC LIMIT ?'),
    tsOfAccount: db.prepare<[string], { session: string }>('SELECT session FROM telemetry_sessions WHERE account = ?'),
    evInsert: db.prepare('INSERT INTO telemetry_events (sid, t, type, value, code) VALUES (?, ?, ?, ?, ?)'),
    overrideGet: db.prepare<[], { priority: string; until: number; actor: string }>('SELECT priority, until, actor FROM steering_override WHERE id = 1'),
    overridePut: db.prepare('INSERT INTO steering_override (id, priority, until, actor) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET priority = excluded.priority, until = excluded.until, actor = excluded.actor'),
    overrideDelete: db.prepare('DELETE FROM steering_override'),
    auditPut: db.prepare('INSERT INTO audit (time, actor, action, detail) VALUES (@time, @actor, @action, @detail)'),
    auditList: db.prepare<[number], AuditEntry>('SELECT time, actor, action, detail FROM audit ORDER BY rowid DESC LIMIT ?'),
    conformancePut: db.prepare('INSERT OR REPLACE INTO conformance_results (run, test, status, detail, time) VALUES (@run, @test, @status, @detail, @time)'),
  };

  const purge = (account: string, now: number) => q.leasePurge.run(account, now);
  // The admission check and the insert in one IMMEDIATE transaction: the write lock is taken
  // before the count is read, so concurrent admissions (in this or another process) serialise.
  const acquireTx = db.transaction((account: string, session: string, limit: number, now: number, ttlMs: number): boolean => {
    purge(account, now);
    if (!q.leaseHas.get(account, session) && q.leaseCount.get(account)!.n >= limit) return false;
    q.leasePut.run(account, session, now + ttlMs);
    return true;
  });
  const heartbeatTx = db.transaction((account: string, session: string, now: number, ttlMs: number): boolean => {
    purge(account, now);
    if (!q.leaseHas.get(account, session)) return false;
    q.leasePut.run(account, session, now + ttlMs);
    return true;
  });
  const leases: LeaseStore = {
    acquire: (a, s, limit, now, ttl) => acquireTx.immediate(a, s, limit, now, ttl),
    heartbeat: (a, s, now, ttl) => heartbeatTx.immediate(a, s, now, ttl),
    release: (a, s) => void q.leaseDelete.run(a, s),
    active: (a, now) => q.leaseList.all(a, now).map((r) => r.session),
  };

  const resumeTx = db.transaction((p: ResumePoint): ResumePoint => {
    const prev = q.resumeGet.get(p.account, p.title);
    if (prev && p.clientTime < prev.client_time) return { account: p.account, title: p.title, position: prev.position, clientTime: prev.client_time, ...(prev.device ? { device: prev.device } : {}) };
    q.resumePut.run(p.account, p.title, p.position, p.clientTime, p.device ?? null);
    return p;
  });

  const appendTx = db.transaction((batches: Parameters<ServerStore['appendTelemetry']>[0]) => {
    for (const b of batches) {
      let row = q.tsGet.get(b.sessionId);
      if (!row) {
        q.tsInsert.run(b.sessionId, b.account);
        row = q.tsGet.get(b.sessionId)!;
      }
      for (const e of b.events) {
        row.events++;
        row.last_event_at = Math.max(row.last_event_at, e.t);
        if (e.type === 'startup' && e.durationMs !== undefined) row.startup_ms = e.durationMs;
        if (e.type === 'stall') {
          row.stalls++;
          row.stall_ms += e.durationMs ?? 0;
        }
        if (e.type === 'bitrate-switch') {
          row.bitrate_switches++;
          if (e.bitrate !== undefined) row.last_bitrate = e.bitrate;
        }
        if (e.type === 'cdn-switch') row.cdn_switches++;
        if (e.type === 'error') row.errors++;
        q.evInsert.run(row.id, e.t, TYPE_CODES.indexOf(e.type), e.durationMs ?? e.bitrate ?? null, e.code ?? e.cdn ?? null);
      }
      q.tsUpdate.run(row);
    }
  });

  return {
    secret(name, create) {
      const existing = q.secretGet.get(name);
      if (existing) return existing.value;
      q.secretPut.run(name, create()); // OR IGNORE: a racing process may have won; read back its value
      return q.secretGet.get(name)!.value;
    },
    account: (id) => q.accountGet.get(id) ?? null,
    putAccount: (r) => void q.accountPut.run(r),
    createSession(s) {
      q.sessionPurge.run(Date.now() - 86_400_000);
      q.sessionPut.run(s);
    },
    sessionLive(sid, now) {
      const s = q.sessionGet.get(sid);
      return !!s && s.revoked === 0 && s.expires > now;
    },
    revokeSession: (sid) => void q.sessionRevoke.run(sid),
    sessionAccount: (sid) => q.sessionGet.get(sid)?.account ?? null,
    leases,
    downloads: sqliteDownloadSlots(db),
    putResume: (p) => resumeTx.immediate(p),
    getResume(account, title) {
      const r = q.resumeGet.get(account, title);
      return r ? { account, title, position: r.position, clientTime: r.client_time, ...(r.device ? { device: r.device } : {}) } : null;
    },
    appendTelemetry: (batches) => appendTx.immediate(batches),
    telemetryCount: (sessionId) => q.tsGet.get(sessionId)?.events ?? 0,
    telemetrySummaries(sessions, limit) {
      if (sessions === null) return q.tsAll.all(limit).map(toSummary);
      return sessions.slice(0, limit).flatMap((s) => {
        const r = q.tsGet.get(s);
        return r ? [toSummary(r)] : [];
      });
    },
    sessionsOfAccount: (account) => q.tsOfAccount.all(account).map((r) => r.session),
    setSteeringOverride(o) {
      if (o) q.overridePut.run(JSON.stringify(o.priority), o.until, o.actor);
      else q.overrideDelete.run();
    },
    steeringOverride(now) {
      const r = q.overrideGet.get();
      if (!r || r.until <= now) return null;
      return { priority: JSON.parse(r.priority) as string[], until: r.until, actor: r.actor };
    },
    audit: (e) => void q.auditPut.run(e),
    auditLog: (limit) => q.auditList.all(limit),
    putConformanceResult: (r) => void q.conformancePut.run(r),
    close: () => db.close(),
  };
}
