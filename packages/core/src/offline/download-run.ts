import { NetworkError } from '../errors/network-error.js';
import { isEdgeplayError, type EdgeplayError } from '../errors/edgeplay-error.js';
import type { EnginePendingRequest, RequestEngine } from '../net/request-engine.js';
import type { Clock } from '../platform/clock.js';
import { EventEmitter } from '../util/event-emitter.js';
import { checksum } from './checksum.js';
import { expectedBytes, storedBytes, type DownloadLicence, type DownloadRecord, type DownloadResource } from './download-record.js';
import type { OfflineStore } from './offline-store.js';

/** Progress of a download. */
export interface DownloadProgress {
  id: string;
  state: DownloadRecord['state'];
  bytesStored: number;
  /** Stored bytes + the corrected estimate of the rest. */
  bytesExpected: number;
  /** Byte-weighted, 0..1. */
  fraction: number;
  resourcesStored: number;
  resourcesTotal: number;
  /** Seconds to go at the rate of the last 10 s, or null before there is a rate. */
  etaS: number | null;
}

/** Events of a {@link DownloadOperation}. */
export interface DownloadEvents {
  progress: DownloadProgress;
  /** A resource failed after every retry and pathway: the download is `failed` (stored resources are kept). */
  error: EdgeplayError;
  state: DownloadRecord['state'];
}

/** A running (or paused) download. */
export interface DownloadOperation {
  readonly id: string;
  on<K extends keyof DownloadEvents>(type: K, listener: (e: DownloadEvents[K]) => void): () => void;
  progress(): DownloadProgress;
  /** Stops fetching; what is stored stays (resumable, also after a page reload via `manager.resume(id)`). */
  pause(): Promise<void>;
  resume(): void;
  /** Same as pause, and the operation ends (`done` settles). Nothing stored is deleted: `manager.remove(id)` does that. */
  abort(): Promise<void>;
  /** Settles with the record when the download completes, pauses/aborts, or fails. */
  readonly done: Promise<DownloadRecord>;
}

/** What a {@link DownloadRun} needs of its manager's options. */
export interface DownloadRunOptions {
  clock: Clock;
  store: OfflineStore;
  parallelism?: number;
}

const PERSIST_EVERY_MS = 500;
const RATE_WINDOW_MS = 10_000;

/** One download's fetch loop: N workers over the pending resources. */
export class DownloadRun implements DownloadOperation {
  readonly id: string;
  readonly done: Promise<DownloadRecord>;
  private readonly events = new EventEmitter<DownloadEvents>();
  private settle!: (r: DownloadRecord) => void;
  private inFlight = new Map<DownloadResource, EnginePendingRequest>();
  private active = false;
  private ended = false;
  private lastPersist = 0;
  private workers: Promise<void>[] = [];
  private readonly samples: { at: number; bytes: number }[] = [];

  constructor(
    private readonly record: DownloadRecord,
    private readonly engine: RequestEngine,
    private readonly o: DownloadRunOptions,
    private readonly onEnd: () => void,
  ) {
    this.id = record.id;
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  on<K extends keyof DownloadEvents>(type: K, listener: (e: DownloadEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  /** A renewed licence (the run rewrites the record: it must not write the old expiry back). */
  setLicence(licence: DownloadLicence): void {
    this.record.licence = licence;
  }

  progress(): DownloadProgress {
    const r = this.record;
    const stored = storedBytes(r);
    const expected = Math.max(stored, expectedBytes(r));
    const now = this.o.clock.now();
    const recent = this.samples.filter((s) => s.at >= now - RATE_WINDOW_MS);
    const span = recent.length > 1 ? (now - recent[0]!.at) / 1000 : 0;
    const rate = span > 0 ? recent.slice(1).reduce((n, s) => n + s.bytes, 0) / span : 0;
    return {
      id: r.id, state: r.state, bytesStored: stored, bytesExpected: expected,
      fraction: expected > 0 ? stored / expected : 1,
      resourcesStored: r.resources.filter((x) => x.bytes !== undefined).length, resourcesTotal: r.resources.length,
      etaS: rate > 0 ? (expected - stored) / rate : null,
    };
  }

  resume(): void {
    if (this.active || this.ended) return;
    this.active = true;
    this.setState('downloading');
    const n = Math.max(1, this.o.parallelism ?? 4);
    this.workers = Array.from({ length: n }, () => this.work());
    void Promise.all(this.workers).then(() => this.afterWorkers());
  }

  async pause(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    for (const req of this.inFlight.values()) req.abort();
    await Promise.all(this.workers);
    this.setState('paused');
    await this.persist(true);
  }

  async abort(): Promise<void> {
    await this.pause();
    this.end();
  }

  private async work(): Promise<void> {
    for (;;) {
      if (!this.active) return;
      const next = this.record.resources.find((r) => r.bytes === undefined && !this.inFlight.has(r));
      if (!next) return;
      const req = this.engine.fetch({ uri: next.uri, baseUrls: next.baseUrls, kind: next.kind === 'init' ? 'init' : 'segment', ...(next.byteRange ? { byteRange: next.byteRange } : {}) });
      this.inFlight.set(next, req);
      try {
        const res = await req.promise;
        const data = new Uint8Array(res.data);
        await this.o.store.putResource(this.record.id, next.key, data);
        next.bytes = data.byteLength;
        next.checksum = checksum(data);
        delete next.refetch;
        this.samples.push({ at: this.o.clock.now(), bytes: data.byteLength });
        if (this.samples.length > 200) this.samples.shift();
        this.events.emit('progress', this.progress());
        await this.persist(false);
      } catch (e) {
        if (!this.active && isEdgeplayError(e) && e.code === 'ABORTED') return;
        this.active = false;
        for (const other of this.inFlight.values()) other.abort();
        const error = isEdgeplayError(e) ? e : new NetworkError('CONNECTION_FAILED', String(e), { url: next.uri, attempt: 1, kind: 'segment' });
        this.record.error = { code: error.code, message: error.message };
        this.setState('failed');
        this.events.emit('error', error);
        return;
      } finally {
        this.inFlight.delete(next);
      }
    }
  }

  private async afterWorkers(): Promise<void> {
    if (this.record.state === 'failed') {
      await this.persist(true).catch(() => undefined);
      this.end();
      return;
    }
    if (!this.active) return; // paused: pause() persists
    if (this.record.resources.every((r) => r.bytes !== undefined)) {
      this.active = false;
      delete this.record.error;
      this.setState('complete');
      await this.persist(true).catch(() => undefined);
      this.events.emit('progress', this.progress());
      this.end();
    }
  }

  private setState(state: DownloadRecord['state']): void {
    if (this.record.state === state) return;
    this.record.state = state;
    this.events.emit('state', state);
  }

  private async persist(force: boolean): Promise<void> {
    const now = this.o.clock.now();
    if (!force && now - this.lastPersist < PERSIST_EVERY_MS) return;
    this.lastPersist = now;
    this.record.updatedAt = this.o.clock.wallNow();
    await this.o.store.putRecord(this.record);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    this.settle(structuredClone(this.record));
  }
}
