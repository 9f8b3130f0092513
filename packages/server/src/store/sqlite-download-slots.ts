/**
 * Download-licence slots on the server's SQLite database (see
 * {@link DownloadSlotStore}). Kept in its own file so the main store only
 * wires it in; the admission check and the insert share one IMMEDIATE
 * transaction, like stream leases, so two server processes on one file never
 * admit more downloads than the plan allows.
 */
import type Database from 'better-sqlite3';
import type { DownloadSlot, DownloadSlotStore } from './server-store.js';

export const DOWNLOAD_SLOTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS download_slots (id TEXT PRIMARY KEY, account TEXT NOT NULL, title TEXT NOT NULL, device TEXT NOT NULL,
  issued INTEGER NOT NULL, expires INTEGER NOT NULL, renewals INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS download_slots_account ON download_slots (account);
`;

/**
 * Rows whose licence lapsed this long ago are forgotten (a device that never
 * came back must not keep a row forever); until then an expired download can
 * still be renewed if the account has a free slot.
 */
const FORGET_AFTER_MS = 30 * 86_400_000;

interface Row {
  id: string;
  account: string;
  title: string;
  device: string;
  issued: number;
  expires: number;
  renewals: number;
}

const toSlot = (r: Row): DownloadSlot => ({ id: r.id, account: r.account, title: r.title, device: r.device, issuedAt: r.issued, expiresAt: r.expires, renewals: r.renewals });

/** The download-slot store over an open database (the schema must have been applied). */
export function sqliteDownloadSlots(db: Database.Database): DownloadSlotStore {
  const q = {
    get: db.prepare<[string], Row>('SELECT * FROM download_slots WHERE id = ?'),
    live: db.prepare<[string, number], Row>('SELECT * FROM download_slots WHERE account = ? AND expires > ? ORDER BY issued'),
    count: db.prepare<[string, number, string], { n: number }>('SELECT count(*) AS n FROM download_slots WHERE account = ? AND expires > ? AND id != ?'),
    put: db.prepare('INSERT INTO download_slots (id, account, title, device, issued, expires) VALUES (@id, @account, @title, @device, @issuedAt, @expiresAt)'),
    extend: db.prepare('UPDATE download_slots SET expires = ?, renewals = renewals + 1 WHERE id = ?'),
    remove: db.prepare('DELETE FROM download_slots WHERE id = ? AND account = ?'),
    forget: db.prepare('DELETE FROM download_slots WHERE account = ? AND expires < ?'),
  };
  const acquireTx = db.transaction((slot: Omit<DownloadSlot, 'renewals'>, limit: number): boolean => {
    q.forget.run(slot.account, slot.issuedAt - FORGET_AFTER_MS);
    if (q.count.get(slot.account, slot.issuedAt, slot.id)!.n >= limit) return false;
    q.put.run(slot);
    return true;
  });
  const renewTx = db.transaction((id: string, account: string, limit: number, now: number, expiresAt: number): DownloadSlot | 'unknown' | 'limit' => {
    const row = q.get.get(id);
    if (!row || row.account !== account) return 'unknown';
    // A lapsed licence gave its slot back: renewing it is a new admission.
    if (row.expires <= now && q.count.get(account, now, id)!.n >= limit) return 'limit';
    q.extend.run(expiresAt, id);
    return toSlot(q.get.get(id)!);
  });
  return {
    acquire: (slot, limit) => acquireTx.immediate(slot, limit),
    renew: (id, account, limit, now, expiresAt) => renewTx.immediate(id, account, limit, now, expiresAt),
    release: (id, account) => q.remove.run(id, account).changes > 0,
    get: (id) => {
      const r = q.get.get(id);
      return r ? toSlot(r) : null;
    },
    active: (account, now) => q.live.all(account, now).map(toSlot),
  };
}
