import type { Clock } from '../platform/clock.js';
import type { KeyValueStorage } from '../platform/key-value-storage.js';

/** The storage key of the persisted estimate (one per origin in the browser). */
export const LAST_SESSION_BANDWIDTH_KEY = 'edgeplay.abr.lastBandwidth';

/**
 * The last session's throughput estimate, persisted through a
 * {@link KeyValueStorage} with the wall-clock time it was written, so the next
 * session's first decision can start from it (weighed by its age, see
 * `combineStartEvidence`). Writes are throttled: the estimate changes every
 * segment, the storage need not.
 */
export class LastSessionBandwidth {
  private lastWriteMs = -Infinity;
  /** What storage held at the last read (undefined: nothing usable), null until read or after a write. */
  private stored: { bps: number; at: number } | undefined | null = null;

  /** `minWriteIntervalMs`: at most one write per this many ms of `clock.now()` (10 s ≈ every 2–3 segments). */
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly clock: Clock,
    private readonly minWriteIntervalMs = 10_000,
  ) {}

  /**
   * The persisted estimate and its age, or undefined when none (or unreadable: a foreign or corrupt value is ignored).
   * The stored value is read once and kept until this instance writes: the Player asks at every decision and
   * abandon check before the first segment is measured (each progress event of that download), and a storage
   * read is synchronous I/O (localStorage).
   */
  read(): { bps: number; ageMs: number } | undefined {
    if (this.stored === null) this.stored = parseStored(this.storage.get(LAST_SESSION_BANDWIDTH_KEY));
    const stored = this.stored;
    return stored ? { bps: stored.bps, ageMs: Math.max(0, this.clock.wallNow() - stored.at) } : undefined;
  }

  /** Persists `bps` (ignored unless a positive finite number, and throttled unless `force`). */
  write(bps: number, force = false): void {
    if (!(bps > 0) || !Number.isFinite(bps)) return;
    const now = this.clock.now();
    if (!force && now - this.lastWriteMs < this.minWriteIntervalMs) return;
    this.lastWriteMs = now;
    this.stored = null;
    this.storage.set(LAST_SESSION_BANDWIDTH_KEY, JSON.stringify({ bps: Math.round(bps), at: this.clock.wallNow() }));
  }
}

/** The stored JSON as `{ bps, at }`, or undefined when absent, foreign or corrupt. */
function parseStored(raw: string | null): { bps: number; at: number } | undefined {
  if (raw === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { bps, at } = parsed as { bps?: unknown; at?: unknown };
  if (typeof bps !== 'number' || !(bps > 0) || !Number.isFinite(bps) || typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  return { bps, at };
}
