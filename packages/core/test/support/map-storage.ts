import type { KeyValueStorage } from '../../src/platform/key-value-storage.js';

/** A {@link KeyValueStorage} over a Map, for tests that read back what was persisted. */
export class MapStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  get(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  set(key: string, value: string): void {
    this.map.set(key, value);
  }
}
