import type { KeyValueStorage } from '@edgeplay/core';

/**
 * {@link KeyValueStorage} on `localStorage`. Never throws: reading
 * `window.localStorage` itself throws a SecurityError where storage is denied
 * (sandboxed iframes, `data:` and `about:` documents, some privacy modes) and
 * `setItem` throws QuotaExceededError when full — both read as empty / drop the write.
 */
export class LocalKeyValueStorage implements KeyValueStorage {
  get(key: string): string | null {
    try {
      return globalThis.localStorage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  set(key: string, value: string): void {
    try {
      globalThis.localStorage?.setItem(key, value);
    } catch {
      // Denied or full: the next session starts without this estimate.
    }
  }
}
