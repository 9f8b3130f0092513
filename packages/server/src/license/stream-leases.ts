/**
 * Concurrent-stream accounting per account: a playback session holds a lease
 * while it plays; heartbeats extend it, a stop releases it, and leases expire
 * after `ttlMs` without a heartbeat. Admission is check-and-insert in one
 * synchronous step, so concurrent license requests cannot over-admit.
 */
export class StreamLeases {
  private readonly byAccount = new Map<string, Map<string, number>>();

  constructor(private readonly ttlMs: number) {}

  /** Admits (or renews) `session` for `account` under `limit`; false when the account is full. */
  acquire(account: string, session: string, limit: number, now: number): boolean {
    const leases = this.live(account, now);
    if (!leases.has(session) && leases.size >= limit) return false;
    leases.set(session, now + this.ttlMs);
    return true;
  }

  /** Extends an existing lease; false when it is unknown or expired. */
  heartbeat(account: string, session: string, now: number): boolean {
    const leases = this.live(account, now);
    if (!leases.has(session)) return false;
    leases.set(session, now + this.ttlMs);
    return true;
  }

  release(account: string, session: string): boolean {
    return this.byAccount.get(account)?.delete(session) ?? false;
  }

  active(account: string, now: number): string[] {
    return [...this.live(account, now).keys()];
  }

  private live(account: string, now: number): Map<string, number> {
    let leases = this.byAccount.get(account);
    if (!leases) this.byAccount.set(account, (leases = new Map()));
    for (const [s, exp] of leases) if (exp <= now) leases.delete(s);
    return leases;
  }
}
