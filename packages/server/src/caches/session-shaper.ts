/**
 * Per-session bandwidth shaping shared across that session's parallel
 * requests: each session is one virtual link whose next free instant advances
 * by `bytes × 8 / rate` for every chunk sent, whichever request sends it — so
 * two parallel downloads each get about half the rate, as on a real access link.
 */
export class SessionShaper {
  private readonly nextFree = new Map<string, number>();

  /** Milliseconds to wait before sending `bytes` on `session`'s link at `bitsPerSecond`. */
  reserve(session: string, bytes: number, bitsPerSecond: number, now: number): number {
    const start = Math.max(now, this.nextFree.get(session) ?? now);
    const end = start + (bytes * 8 * 1000) / bitsPerSecond;
    this.nextFree.set(session, end);
    if (this.nextFree.size > 10_000) this.nextFree.clear(); // bounded memory under hostile session ids
    return end - now;
  }
}
