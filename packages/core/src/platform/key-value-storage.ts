/**
 * Small persistent string storage across sessions (the web binding: `localStorage`).
 * Implementations must not throw: storage that is full, disabled or denied
 * (a sandboxed iframe, a privacy mode) reads as empty and ignores writes.
 */
export interface KeyValueStorage {
  /** The stored value, or null when absent or unreadable. */
  get(key: string): string | null;
  /** Stores `value`; silently dropped when the storage refuses it. */
  set(key: string, value: string): void;
}
