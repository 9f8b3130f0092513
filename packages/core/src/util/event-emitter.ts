/**
 * A small typed event bus (in the spirit of hls.js's): `EventMap` maps event
 * names to payload types, so `on('adaptation', e => e.to.bandwidth)` type-checks.
 * Listener exceptions are isolated so one bad app handler cannot break the
 * engine's own listeners.
 */
export type Listener<T> = (payload: T) => void;

export class EventEmitter<EventMap extends object> {
  private readonly listeners = new Map<keyof EventMap, Set<Listener<never>>>();
  private readonly onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = (e) => setTimeout(() => { throw e; }, 0)) {
    this.onListenerError = onListenerError;
  }

  on<K extends keyof EventMap>(type: K, listener: Listener<EventMap[K]>): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(type, listener);
  }

  once<K extends keyof EventMap>(type: K, listener: Listener<EventMap[K]>): () => void {
    const off = this.on(type, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof EventMap>(type: K, listener: Listener<EventMap[K]>): void {
    this.listeners.get(type)?.delete(listener as Listener<never>);
  }

  emit<K extends keyof EventMap>(type: K, payload: EventMap[K]): void {
    const set = this.listeners.get(type);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<EventMap[K]>)(payload);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }

  removeAllListeners(): void {
    this.listeners.clear();
  }
}
