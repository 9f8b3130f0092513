import { OfflineError } from '../errors/offline-error.js';
import type { Presentation } from '../manifest/model.js';
import { RequestEngine } from '../net/request-engine.js';
import type { Clock } from '../platform/clock.js';
import type { NetworkClient, NetworkRequest, PendingRequest, TransferObserver } from '../platform/network-client.js';
import { ManifestLoader } from '../player/manifest-loader.js';
import { defaultManifestFormats } from '../player/manifest-formats.js';
import type { ManifestParser } from '../manifest/manifest-parser.js';
import { DefaultPathwaySelector } from '../steering/default-pathway-selector.js';
import { checksum } from './checksum.js';
import type { DownloadLicence, DownloadRecord, DownloadResource } from './download-record.js';
import { DownloadRun, type DownloadOperation } from './download-run.js';
import { pickTracks, presentationBases, trackResources, type TrackPreferences } from './download-plan.js';
import type { OfflineLicences } from './offline-licences.js';
import type { OfflineStore } from './offline-store.js';
import { resourceKey } from './resource-key.js';

export type { DownloadEvents, DownloadOperation, DownloadProgress } from './download-run.js';

/** Platform pieces and knobs of a {@link DownloadManager}. */
export interface DownloadManagerOptions {
  network: NetworkClient;
  clock: Clock;
  store: OfflineStore;
  /**
   * Segments fetched at once. 4: `npm run bench:offline` (vod ≤720p, 94
   * resources, 44.9 MB; every cache +40 ms per answer, 20 Mb/s per session)
   * took 25.8 s at 1 (= a plain sequential fetch, 25.6 s) and 19.5 s at 4,
   * 18.4 of the link's 20 Mb/s: the round trips overlap and the link is full,
   * so more cannot gain much.
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
  /** The licence lifecycle of encrypted titles; without it an encrypted title is refused (OFFLINE_LICENCE_FAILED). */
  licences?: OfflineLicences;
}

/** What {@link DownloadManager.estimate} reports before anything is stored. */
export interface DownloadEstimate {
  /** Estimated bytes: bandwidth × duration per chosen track (exact for byte ranges). */
  bytes: number;
  /** Presentation duration, seconds. */
  duration: number;
  /** The chosen tracks. */
  tracks: { id: string; type: string; bandwidth: number; height?: number; language?: string }[];
}

/** A manifest, playlist or index response recorded while planning, stored with the download. */
interface Captured {
  url: string;
  kind: string;
  data: Uint8Array;
  range?: { start: number; end?: number | null };
}

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
    // The licence before any byte is stored: a refused one (the download limit) leaves nothing behind.
    const licence = await this.acquireLicence(presentation, plan.resources);
    const now = this.o.clock.wallNow();
    const record: DownloadRecord = {
      id, manifestUrl: plan.manifestUrl, bases, createdAt: now, updatedAt: now, state: 'downloading',
      tracks: plan.tracks, duration: plan.estimate.duration, resources: plan.resources,
      estimatedBytes: plan.estimate.bytes, ...(meta.title ? { title: meta.title } : {}), ...(licence ? { licence } : {}),
    };
    // Manifest first: the manifest and index documents, then the record, then segments.
    try {
      for (const c of captured) await this.o.store.putResource(id, c.kind === 'manifest' && c.url === plan.manifestUrl ? MANIFEST_KEY : resourceKey(c.url, bases, c.range), c.data);
      await this.o.store.putRecord(record);
    } catch (e) {
      await this.o.store.deleteResources(id).catch(() => undefined);
      if (licence) await this.o.licences?.release(licence).catch(() => undefined);
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
    const record = await this.record(id);
    await this.adoptStored(record);
    return this.start(record);
  }

  /**
   * The record is persisted at most every 0.5 s (download-run.ts); a page
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

  /** Every stored download (with its licence expiry in `licence.expiresAt`). */
  list(): Promise<DownloadRecord[]> {
    return this.o.store.listRecords();
  }

  /** The licence of a download (expiry, key system); null for clear content. */
  async getLicence(id: string): Promise<DownloadLicence | null> {
    return (await this.record(id)).licence ?? null;
  }

  /** A new licence expiry from the server, without fetching any segment again. Returns the updated licence. */
  async renewLicence(id: string): Promise<DownloadLicence> {
    const record = await this.record(id);
    if (!this.o.licences) throw new OfflineError('OFFLINE_INVALID_STATE', 'no licence service is configured');
    const licence = await this.o.licences.renew(record);
    // Re-read: a running download rewrites its record; only the licence changes here.
    const fresh = (await this.o.store.getRecord(id)) ?? record;
    fresh.licence = licence;
    await this.o.store.putRecord(fresh);
    this.running.get(id)?.setLicence(licence);
    return licence;
  }

  /**
   * Stops and deletes a download and everything it stored, and releases its
   * licence (queued when the server cannot be reached; {@link DownloadManager.cleanUp} sends it later).
   * Returns whether the release reached the server (`queued`: not yet; `none`: clear content).
   */
  async remove(id: string): Promise<'released' | 'queued' | 'none'> {
    await this.running.get(id)?.abort();
    this.running.delete(id);
    const record = await this.o.store.getRecord(id);
    // Queue the release before the record (the licence id) is gone.
    const released = record?.licence && this.o.licences ? await this.o.licences.release(record.licence) : 'none';
    await this.o.store.deleteRecord(id);
    await this.o.store.deleteResources(id);
    return released;
  }

  /**
   * Start-up housekeeping: deletes resources no record owns (a crash between
   * deleting a record and its resources, or before a new record was
   * written), and sends licence releases queued while offline.
   */
  async cleanUp(): Promise<{ orphans: string[]; releases: { released: number; pending: number } }> {
    const records = new Set((await this.o.store.listRecords()).map((r) => r.id));
    const orphans = (await this.o.store.listResourceOwners()).filter((id) => !records.has(id) && !this.running.has(id));
    for (const id of orphans) await this.o.store.deleteResources(id);
    const releases = this.o.licences ? await this.o.licences.sync() : { released: 0, pending: 0 };
    return { orphans, releases };
  }

  /** The stored record of a download. @throws OfflineError OFFLINE_NOT_FOUND. */
  async get(id: string): Promise<DownloadRecord> {
    return this.record(id);
  }

  private async record(id: string): Promise<DownloadRecord> {
    const record = await this.o.store.getRecord(id);
    if (!record) throw new OfflineError('OFFLINE_NOT_FOUND', `no download ${id}`);
    return record;
  }

  private async acquireLicence(presentation: Presentation, resources: readonly DownloadResource[]): Promise<DownloadLicence | undefined> {
    const trackIds = new Set(resources.map((r) => r.trackId));
    const encrypted = presentation.periods.some((p) => p.switchingSets.some((s) => s.tracks.some((t) => trackIds.has(t.id) && t.contentProtection.length > 0)));
    if (!encrypted) return undefined;
    if (!this.o.licences) throw new OfflineError('OFFLINE_LICENCE_FAILED', 'the title is encrypted and no licence service is configured (DownloadManagerOptions.licences)');
    return this.o.licences.acquire(presentation, trackIds);
  }

  /**
   * Re-reads every stored resource of a download and checks its checksum;
   * corrupt or missing ones are marked not stored (a `resume` re-fetches
   * them). Returns the keys found bad.
   */
  async verify(id: string): Promise<string[]> {
    const record = await this.record(id);
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

