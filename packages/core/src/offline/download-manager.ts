import { NetworkError } from '../errors/network-error.js';
import { OfflineError } from '../errors/offline-error.js';
import { isEdgeplayError } from '../errors/edgeplay-error.js';
import type { Presentation } from '../manifest/model.js';
import { RequestEngine, type EnginePendingRequest } from '../net/request-engine.js';
import type { Clock } from '../platform/clock.js';
import type { NetworkClient, NetworkRequest, PendingRequest, TransferObserver } from '../platform/network-client.js';
import { ManifestLoader } from '../player/manifest-loader.js';
import { defaultManifestFormats } from '../player/manifest-formats.js';
import type { ManifestParser } from '../manifest/manifest-parser.js';
import { DefaultPathwaySelector } from '../steering/default-pathway-selector.js';
import { EventEmitter } from '../util/event-emitter.js';
import { checksum } from './checksum.js';
import { expectedBytes, storedBytes, type DownloadRecord, type DownloadResource } from './download-record.js';
import { pickTracks, presentationBases, trackResources, type TrackPreferences } from './download-plan.js';
import type { OfflineStore } from './offline-store.js';
import { resourceKey } from './resource-key.js';

/** Platform pieces and knobs of a {@link DownloadManager}. */
export interface DownloadManagerOptions {
  network: NetworkClient;
  clock: Clock;
  store: OfflineStore;
  /**
   * Segments fetched at once. 4: on the reference server over a shaped
   * 20 Mb/s link, 1 → 4 parallel downloads cut the time of a 120 s title by
   * ~3× (request round trips overlap), 4 → 8 gained nothing more.
   */
  parallelism?: number;
  /** Share of the storage quota a download may fill (shaka-player uses 95 %). */
  quotaShare?: number;
  /** Request filters (auth headers, CMCD…) applied to every download request. */
  requestFilters?: ((r: NetworkRequest) => NetworkRequest | Promise<NetworkRequest>)[];
  /** Ids of new downloads (default: time + random). */
  newId?: () => string;
  /** Manifest formats (default DASH and HLS, as the Player's default components). */
  manifestParsers?: readonly ManifestParser[];
}

/** What {@link DownloadManager.estimate} reports before anything is stored. */
export interface DownloadEstimate {
  bytes: number;
  duration: number;
  tracks: { id: string; type: string; bandwidth: number; height?: number; language?: string }[];
}

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
  error: import('../errors/edgeplay-error.js').EdgeplayError;
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

/** A manifest, playlist or index response recorded while planning, stored with the download. */
interface Captured {
  url: string;
  kind: string;
  data: Uint8Array;
  range?: { start: number; end?: number | null };
}

const PERSIST_EVERY_MS = 500;
const RATE_WINDOW_MS = 10_000;
/** Storage key of the manifest itself (served for `offline:<id>`). */
export const MANIFEST_KEY = 'manifest';

/**
 * Downloads titles for offline playback (DOM-free: storage behind
 * {@link OfflineStore}, network behind the request engine, so it runs in Node
 * on the virtual clock). Manifest first: the record with every resource is
 * written before the first segment, so a pause, an abort or a page reload
 * continue where they stopped; downloads go through the request engine
 * (retries, failover across caches, filters) with bounded parallelism; each
 * stored resource carries a checksum, checked when played and by
 * {@link verify}.
 */
export class DownloadManager {
  private readonly running = new Map<string, DownloadRun>();

  constructor(private readonly o: DownloadManagerOptions) {}

  /** Loads the manifest and indexes and estimates the download's size (nothing is stored). */
  async estimate(url: string, prefs: TrackPreferences = {}): Promise<DownloadEstimate> {
    const { plan } = await this.plan(url, prefs, null);
    return plan.estimate;
  }

  /** Starts downloading `url`. Rejects with OFFLINE_QUOTA_EXCEEDED when the estimate does not fit. */
  async store(url: string, prefs: TrackPreferences = {}, meta: { title?: string } = {}): Promise<DownloadOperation> {
    const id = this.o.newId?.() ?? `dl-${this.o.clock.wallNow().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
    const captured: Captured[] = [];
    const { plan, presentation } = await this.plan(url, prefs, captured);
    const room = await this.o.store.estimate();
    const share = this.o.quotaShare ?? 0.95;
    if (room && room.usage + plan.estimate.bytes > room.quota * share) {
      throw new OfflineError('OFFLINE_QUOTA_EXCEEDED', `download of ${url} needs ~${Math.round(plan.estimate.bytes / 1e6)} MB; ${Math.round((room.quota * share - room.usage) / 1e6)} MB are free`, { details: { estimate: plan.estimate.bytes, usage: room.usage, quota: room.quota } });
    }
    const bases = presentationBases(presentation);
    const now = this.o.clock.wallNow();
    const record: DownloadRecord = {
      id, manifestUrl: plan.manifestUrl, bases, createdAt: now, updatedAt: now, state: 'downloading',
      tracks: plan.tracks, duration: plan.estimate.duration, resources: plan.resources,
      estimatedBytes: plan.estimate.bytes, ...(meta.title ? { title: meta.title } : {}),
    };
    // Manifest first: the manifest and index documents, then the record, then segments.
    try {
      for (const c of captured) await this.o.store.putResource(id, c.kind === 'manifest' && c.url === plan.manifestUrl ? MANIFEST_KEY : resourceKey(c.url, bases, c.range), c.data);
      await this.o.store.putRecord(record);
    } catch (e) {
      throw storageError(e, 'write the download record');
    }
    return this.start(record);
  }

  /** Continues a stored download (after a pause, an abort, a failure or a page reload). */
  async resume(id: string): Promise<DownloadOperation> {
    const live = this.running.get(id);
    if (live) {
      live.resume();
      return live;
    }
    const record = await this.o.store.getRecord(id);
    if (!record) throw new OfflineError('OFFLINE_NOT_FOUND', `no download ${id}`);
    await this.adoptStored(record);
    return this.start(record);
  }

  /**
   * The record is persisted at most every {@link PERSIST_EVERY_MS}; a page
   * closed in between leaves resources stored that the record does not list
   * yet. Adopt them (size + checksum) instead of fetching them again.
   */
  private async adoptStored(record: DownloadRecord): Promise<void> {
    for (const r of record.resources) {
      if (r.bytes !== undefined || r.refetch) continue;
      const data = await this.o.store.getResource(record.id, r.key);
      if (!data) continue;
      r.bytes = data.byteLength;
      r.checksum = checksum(data);
    }
  }

  list(): Promise<DownloadRecord[]> {
    return this.o.store.listRecords();
  }

  /** Stops and deletes a download and everything it stored. */
  async remove(id: string): Promise<void> {
    await this.running.get(id)?.abort();
    this.running.delete(id);
    await this.o.store.deleteResources(id);
    await this.o.store.deleteRecord(id);
  }

  /**
   * Re-reads every stored resource of a download and checks its checksum;
   * corrupt or missing ones are marked not stored (a `resume` re-fetches
   * them). Returns the keys found bad.
   */
  async verify(id: string): Promise<string[]> {
    const record = await this.o.store.getRecord(id);
    if (!record) throw new OfflineError('OFFLINE_NOT_FOUND', `no download ${id}`);
    const bad: string[] = [];
    for (const r of record.resources) {
      if (r.checksum === undefined) continue;
      const data = await this.o.store.getResource(id, r.key);
      if (!data || checksum(data) !== r.checksum) {
        bad.push(r.key);
        delete r.bytes;
        delete r.checksum;
        r.refetch = true;
      }
    }
    if (bad.length) {
      record.state = record.state === 'complete' ? 'paused' : record.state;
      await this.o.store.putRecord(record);
    }
    return bad;
  }

  private start(record: DownloadRecord): DownloadOperation {
    const run = new DownloadRun(record, this.engine(), this.o, () => this.running.delete(record.id));
    this.running.set(record.id, run);
    run.resume();
    return run;
  }

  private engine(capture?: Captured[] | null): RequestEngine {
    const client = capture ? capturingClient(this.o.network, capture) : this.o.network;
    const engine = new RequestEngine({ client, clock: this.o.clock, pathways: new DefaultPathwaySelector({ clock: this.o.clock }) });
    for (const f of this.o.requestFilters ?? []) engine.addRequestFilter(f);
    return engine;
  }

  private async plan(url: string, prefs: TrackPreferences, capture: Captured[] | null) {
    const engine = this.engine(capture);
    const loader = new ManifestLoader(engine, this.o.clock, this.o.manifestParsers ?? defaultManifestFormats());
    const presentation: Presentation = await loader.load(url);
    if (presentation.type === 'live') throw new OfflineError('OFFLINE_INVALID_STATE', `${url} is live: only VOD titles can be downloaded`);
    const manifestUrl = capture?.find((c) => c.kind === 'manifest')?.url ?? url;
    const bases = presentationBases(presentation);
    const resources: DownloadResource[] = [];
    const tracks: DownloadRecord['tracks'] = { video: null, audio: [], text: [] };
    const estimateTracks: DownloadEstimate['tracks'] = [];
    const total = presentation.duration ?? 0;
    for (let i = 0; i < presentation.periods.length; i++) {
      const period = presentation.periods[i]!;
      const end = period.duration !== null ? period.start + period.duration : presentation.periods[i + 1]?.start ?? total;
      for (const track of pickTracks(period.switchingSets, prefs)) {
        const index = await loader.ensureIndex(track);
        resources.push(...trackResources(track, index, { start: period.start, end }, bases, manifestUrl));
        if (track.type === 'video') tracks.video ??= track.id;
        else if (track.type === 'audio' && !tracks.audio.includes(track.id)) tracks.audio.push(track.id);
        else if (track.type === 'text' && !tracks.text.includes(track.id)) tracks.text.push(track.id);
        estimateTracks.push({ id: track.id, type: track.type, bandwidth: track.bandwidth, ...(track.height ? { height: track.height } : {}), ...(track.language ? { language: track.language } : {}) });
      }
    }
    const bytes = resources.reduce((n, r) => n + r.estimatedBytes, 0);
    return { presentation, plan: { manifestUrl, resources, tracks, estimate: { bytes, duration: total, tracks: estimateTracks } } };
  }
}

/** Records the bodies of manifest/playlist/index responses that pass through (they are stored with the download). */
function capturingClient(inner: NetworkClient, into: Captured[]): NetworkClient {
  return {
    request(req: NetworkRequest, observer?: TransferObserver): PendingRequest {
      const p = inner.request(req, observer);
      const promise = p.promise.then((res) => {
        if (res.status < 400 && (req.kind === 'manifest' || req.kind === 'media-playlist' || req.kind === 'index')) {
          into.push({ url: req.kind === 'manifest' ? res.url || req.url : req.url, kind: req.kind, data: new Uint8Array(res.data.slice(0)), ...(req.byteRange ? { range: req.byteRange } : {}) });
        }
        return res;
      });
      return { promise, abort: () => p.abort() };
    },
  };
}

function storageError(e: unknown, what: string): OfflineError {
  return e instanceof OfflineError ? e : new OfflineError('OFFLINE_STORAGE_FAILED', `could not ${what}: ${(e as Error)?.message ?? e}`, { cause: e });
}

/** One download's fetch loop: N workers over the pending resources. */
class DownloadRun implements DownloadOperation {
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
    private readonly o: DownloadManagerOptions,
    private readonly onEnd: () => void,
  ) {
    this.id = record.id;
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  on<K extends keyof DownloadEvents>(type: K, listener: (e: DownloadEvents[K]) => void): () => void {
    return this.events.on(type, listener);
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
