/**
 * The reference server's durable state behind one small interface: accounts,
 * playback sessions, stream leases, resume points, telemetry, steering
 * overrides, the operator audit log, conformance results and the server's own
 * secrets. {@link openSqliteStore} implements it on an embedded SQLite file so
 * a restart keeps every playing client working and two server processes on
 * one file still never over-admit.
 */

/** A registered account (or device) credential, hashed with scrypt. */
export interface AccountRecord {
  id: string;
  /** Plan name (see `ServerOptions.plans`); null = the default plan. */
  plan: string | null;
  /** scrypt(password, salt), hex. */
  hash: string;
  salt: string;
}

/** A resume position of an account in a title; last write wins by the client's clock. */
export interface ResumePoint {
  account: string;
  title: string;
  position: number;
  clientTime: number;
  device?: string;
}

/** A validated telemetry event as stored (the numeric fields the summary reads, plus a short code). */
export interface StoredTelemetryEvent {
  type: string;
  t: number;
  durationMs?: number;
  bitrate?: number;
  code?: string;
  cdn?: string;
}

/** QoE summary of one session, derived from its stored events. */
export interface SessionSummary {
  sessionId: string;
  events: number;
  startupMs: number | null;
  stalls: number;
  stallMs: number;
  bitrateSwitches: number;
  cdnSwitches: number;
  errors: number;
  lastBitrate: number | null;
  lastEventAt: number;
}

/** One line of the operator audit log. */
export interface AuditEntry {
  time: number;
  /** Who: a fingerprint of the operator credential and the client address. */
  actor: string;
  action: string;
  detail: string;
}

/** An operator steering override and when it lapses. */
export interface SteeringOverride {
  priority: string[];
  until: number;
  actor: string;
}

/** Concurrent-stream accounting (see {@link ServerStore.leases}). */
export interface LeaseStore {
  /** Admits (or renews) `session` under `limit` streams, atomically across processes; false when full. */
  acquire(account: string, session: string, limit: number, now: number, ttlMs: number): boolean;
  /** Extends a live lease; false when unknown or expired. */
  heartbeat(account: string, session: string, now: number, ttlMs: number): boolean;
  release(account: string, session: string): void;
  /** Sessions holding a live lease. */
  active(account: string, now: number): string[];
}

/** A download licence held by an account (see {@link DownloadSlotStore}). */
export interface DownloadSlot {
  id: string;
  account: string;
  title: string;
  device: string;
  issuedAt: number;
  /** When the offline licence lapses (ms since epoch); renewals move it. */
  expiresAt: number;
  renewals: number;
}

/**
 * Per-account download-licence accounting: a slot is held from issue until it
 * is released or its licence lapses, so a plan's download limit counts the
 * titles an account can play offline right now.
 */
export interface DownloadSlotStore {
  /** Admits `slot` when the account holds fewer than `limit` live slots (atomic across processes); false when full. */
  acquire(slot: Omit<DownloadSlot, 'renewals'>, limit: number): boolean;
  /** Moves the expiry of the account's slot `id`; a lapsed slot is re-admitted under `limit` first. */
  renew(id: string, account: string, limit: number, now: number, expiresAt: number): DownloadSlot | 'unknown' | 'limit';
  /** Frees the account's slot `id`; false when it holds none by that id. */
  release(id: string, account: string): boolean;
  get(id: string): DownloadSlot | null;
  /** Slots of the account whose licence has not lapsed, oldest first. */
  active(account: string, now: number): DownloadSlot[];
}

export interface ServerStore {
  /** A persisted random secret (created on first use): token signing key, operator token. */
  secret(name: string, create: () => string): string;
  account(id: string): AccountRecord | null;
  putAccount(record: AccountRecord): void;
  /** Records an issued playback session. */
  createSession(s: { sid: string; account: string; device: string; title: string; expiresAt: number }): void;
  /** True when the session was issued and neither revoked nor expired. */
  sessionLive(sid: string, now: number): boolean;
  /** Revokes a session: its token no longer works anywhere. */
  revokeSession(sid: string): void;
  /** Account of a live session, for binding writes to the caller. */
  sessionAccount(sid: string): string | null;
  readonly leases: LeaseStore;
  /** Download-licence slots (offline downloads). */
  readonly downloads: DownloadSlotStore;
  /** Stores `p` unless a newer client write is there; returns the stored point. */
  putResume(p: ResumePoint): ResumePoint;
  getResume(account: string, title: string): ResumePoint | null;
  /** Appends events of one session (one transaction for the batch). */
  appendTelemetry(batches: { sessionId: string; account: string; receivedAt: number; events: StoredTelemetryEvent[] }[]): void;
  /** Events stored for a session (quota checks). */
  telemetryCount(sessionId: string): number;
  /** Summaries of the given sessions, or of every session when `sessions` is null. */
  telemetrySummaries(sessions: string[] | null, limit: number): SessionSummary[];
  /** Sessions of an account that have telemetry. */
  sessionsOfAccount(account: string): string[];
  setSteeringOverride(o: SteeringOverride | null): void;
  steeringOverride(now: number): SteeringOverride | null;
  audit(entry: AuditEntry): void;
  auditLog(limit: number): AuditEntry[];
  /** Conformance-suite results (for the suite to fill in later). */
  putConformanceResult(r: { run: string; test: string; status: string; detail: string; time: number }): void;
  close(): void;
}
