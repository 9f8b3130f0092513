import { EdgeplayError, isEdgeplayError } from '../errors/edgeplay-error.js';
import { MediaError } from '../errors/media-error.js';
import { NetworkError } from '../errors/network-error.js';
import type { BaseUrl, SegmentReference, Track } from '../manifest/model.js';
import type { PathwayFailureReason } from '../steering/pathway-selector.js';
import type { SegmentIndex } from '../manifest/segment-index.js';
import type { Clock, TimerHandle } from '../platform/clock.js';
import type { EngineResponse, EnginePendingRequest, EngineTransferObserver, RequestEngine } from '../net/request-engine.js';
import type { BufferManager } from './buffer-manager.js';

/**
 * Progress of the current attempt of the segment download in flight (a
 * failover to another pathway starts a new attempt from zero), for abandon
 * and failover decisions.
 */
export interface InFlightProgress {
  track: Track;
  bytesLoaded: number;
  bytesTotal: number | null;
  /** Since the attempt started, ms. */
  elapsedMs: number;
  /** Time to first byte, ms; null while none arrived. */
  ttfbMs: number | null;
  /** Since the last bytes arrived (or the attempt started), ms. */
  idleMs: number;
  segmentDuration: number;
  /** The pathway the attempt goes to (absent for absolute URIs). */
  pathway?: BaseUrl;
}

/** What the owner wants done with a download in flight. */
export type TransferAction =
  /** Abandon the segment and fetch the same position from `track` (lower rendition). */
  | { kind: 'abandon'; track: Track }
  /** Give up on this pathway and retry the same segment on the next one at once. */
  | { kind: 'failover'; reason: PathwayFailureReason };

/** What the scheduler needs from its owner (the player). */
export interface StreamSchedulerOptions {
  type: 'video' | 'audio';
  clock: Clock;
  engine: RequestEngine;
  buffer: BufferManager;
  playhead: () => number;
  bufferGoal: () => number;
  backBuffer: () => number;
  maxCorruptSegments: number;
  /** Tracks of this type in the period covering `time`; empty when no period covers it. */
  candidatesAt: (time: number) => Track[];
  /** Start of the first period after `time`, or null. */
  nextPeriodStart: (time: number) => number | null;
  /** Picks the track for the next segment (ABR or manual pin). */
  chooseTrack: (candidates: Track[], current: Track | null, bufferLevel: number, segmentDuration: number) => Track;
  /**
   * Supervises a segment download (on progress and every {@link WATCH_MS}):
   * abandon to a lower track, fail over to another pathway, or null to go on.
   */
  superviseTransfer?: (progress: InFlightProgress, bufferLevel: number) => TransferAction | null;
  /** Loads the track's segment index if needed (HLS playlist, sidx). */
  ensureIndex: (track: Track) => Promise<SegmentIndex>;
  isLive: () => boolean;
  onTrackChanged: (from: Track | null, to: Track, reason: string) => void;
  onSegmentLoaded?: (track: Track, ref: SegmentReference, response: EngineResponse) => void;
  onError: (error: EdgeplayError) => void;
  /** No more segments (VOD end reached). */
  onEnded: () => void;
}

const IDLE_POLL_MS = 250;
/** Shortest wait when the buffer is full (a few ms past the moment it dips below the goal). */
const MIN_WAKE_MS = 5;
/** How often a segment download is checked when no bytes arrive (stalls produce no progress events). */
const WATCH_MS = 250;
const LIVE_POLL_MS = 500;

/**
 * The fetch loop of one media type: keeps `bufferGoal` seconds ahead of the
 * playhead, consults ABR before each segment, appends the init segment when
 * the track (or discontinuity) changes, evicts the back buffer, abandons slow
 * downloads, aborts on seek/track switch, walks across periods and reports
 * the end of the stream.
 *
 * Every `await` is followed by a generation check: a seek or switch bumps the
 * generation so results of superseded work are dropped instead of appended.
 */
export class StreamScheduler {
  private running = false;
  private generation = 0;
  private nextTime: number | null = null;
  private current: Track | null = null;
  private forcedTrack: { track: Track; reason: string } | null = null;
  private pending: EnginePendingRequest | null = null;
  /** Init segment download running beside {@link pending}. */
  private pendingInit: EnginePendingRequest | null = null;
  private sleepTimer: TimerHandle | null = null;
  private wake: (() => void) | null = null;
  private corruptInARow = 0;
  private endedFlag = false;
  private readonly initCache = new Map<string, ArrayBuffer>();
  private lastEvictAt = -Infinity;
  /** Time ranges of segments skipped as corrupt: the player plays over these holes. */
  readonly skipped: { start: number; end: number }[] = [];

  constructor(private readonly o: StreamSchedulerOptions) {}

  /** Track of the last segment requested. */
  get track(): Track | null {
    return this.current;
  }

  get ended(): boolean {
    return this.endedFlag;
  }

  /** Starts the loop (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  /** Stops the loop and aborts the request in flight. */
  stop(): void {
    this.running = false;
    this.generation++;
    this.abortDownloads();
    this.interruptSleep();
  }

  /**
   * Seek: aborts the download in flight; if `time` is not buffered, flushes the
   * buffer so the segment covering `time` is fetched next.
   */
  async seek(time: number): Promise<void> {
    this.generation++;
    this.abortDownloads();
    this.endedFlag = false;
    this.nextTime = null;
    if (this.o.buffer.aheadOf(time) <= 0) {
      try {
        await this.o.buffer.flush();
      } catch (e) {
        // Appending over stale media still works; report and go on rather than failing the seek.
        this.o.onError(isEdgeplayError(e) ? e.withSeverity('recoverable') : new MediaError('MEDIA_APPEND_FAILED', `${this.o.type} flush on seek failed: ${String(e)}`, { severity: 'recoverable', cause: e }));
      }
    }
    this.interruptSleep();
  }

  /**
   * Switches to `track` now (manual selection): drops buffered media more than
   * `keepS` ahead of the playhead so the new track shows soon, and aborts the
   * download in flight.
   */
  async switchTrack(track: Track, reason: string, keepS = 1): Promise<void> {
    this.forcedTrack = { track, reason };
    this.endedFlag = false;
    this.generation++;
    this.abortDownloads();
    this.nextTime = null;
    const keepUntil = this.o.playhead() + keepS;
    const ranges = this.o.buffer.buffered();
    const end = ranges.length ? ranges[ranges.length - 1]!.end : 0;
    if (end > keepUntil) await this.o.buffer.remove(keepUntil, end).catch((e: unknown) => this.o.onError(isEdgeplayError(e) ? e.withSeverity('recoverable') : new MediaError('MEDIA_APPEND_FAILED', String(e), { severity: 'recoverable' })));
    this.interruptSleep();
  }

  private async appendInit(track: Track, init: { key: string; data: ArrayBuffer | undefined; fetch: EnginePendingRequest | null }, gen: number): Promise<void> {
    let data = init.data;
    if (!data) {
      try {
        data = (await init.fetch!.promise).data;
      } finally {
        if (this.pendingInit === init.fetch) this.pendingInit = null;
      }
      this.initCache.set(init.key, data);
    }
    if (gen !== this.generation) return;
    await this.o.buffer.setType(mimeCodecsOf(track));
    await this.o.buffer.appendInit(init.key, data);
  }

  /** Runs `fn` every `ms` until the returned function is called. */
  private every(ms: number, fn: () => void): () => void {
    let handle: TimerHandle | null = null;
    const arm = (): void => {
      handle = this.o.clock.setTimeout(() => {
        fn();
        if (handle !== null) arm();
      }, ms);
    };
    arm();
    return () => {
      if (handle !== null) this.o.clock.clearTimeout(handle);
      handle = null;
    };
  }

  private abortDownloads(): void {
    this.pending?.abort();
    this.pending = null;
    this.pendingInit?.abort();
    this.pendingInit = null;
  }

  private interruptSleep(): void {
    if (this.sleepTimer !== null) this.o.clock.clearTimeout(this.sleepTimer);
    this.sleepTimer = null;
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = this.o.clock.setTimeout(() => {
        this.sleepTimer = null;
        this.wake = null;
        resolve();
      }, ms);
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const gen = this.generation;
      let waitMs = 0;
      try {
        waitMs = await this.step(gen);
      } catch (e) {
        if (gen !== this.generation || !this.running) continue;
        const error = isEdgeplayError(e) ? e : new MediaError('MEDIA_APPEND_FAILED', `${this.o.type} scheduler: ${String(e)}`, { cause: e });
        if (error.severity === 'fatal') {
          this.running = false;
          this.o.onError(error);
          return;
        }
        this.o.onError(error);
        waitMs = IDLE_POLL_MS;
      }
      if (waitMs > 0 && this.running && gen === this.generation) await this.sleep(waitMs);
    }
  }

  /** One scheduling decision. Returns how long to wait before the next one (0 = at once). */
  private async step(gen: number): Promise<number> {
    const o = this.o;
    const playhead = o.playhead();
    const ahead = o.buffer.aheadOf(playhead);
    if (o.clock.now() - this.lastEvictAt > 1000) {
      this.lastEvictAt = o.clock.now();
      await o.buffer.evictBackBuffer(o.backBuffer());
      if (gen !== this.generation) return 0;
    }
    if (this.endedFlag) return IDLE_POLL_MS;
    // Full: wake when the playhead will have eaten the surplus (at 1× speed), not at the next poll,
    // so the next request leaves when the buffer dips below the goal rather than up to a poll later.
    const goal = o.bufferGoal();
    if (ahead >= goal) return Math.min(IDLE_POLL_MS, Math.max(MIN_WAKE_MS, (ahead - goal) * 1000 + MIN_WAKE_MS));

    const time = this.nextTime ?? playhead + ahead;
    const candidates = o.candidatesAt(time);
    if (candidates.length === 0) return this.pastEnd(time);

    const forced = this.forcedTrack;
    this.forcedTrack = null;
    const track = forced ? forced.track : o.chooseTrack(candidates, this.current, ahead, segmentDurationGuess(this.current ?? candidates[0]!));
    if (!this.current || track.id !== this.current.id) {
      const from = this.current;
      this.current = track;
      o.onTrackChanged(from, track, forced?.reason ?? (from ? 'abr' : 'initial'));
    }

    const index = await o.ensureIndex(track);
    if (gen !== this.generation) return 0;
    const pos = index.find(time);
    if (pos < 0) return this.pastEnd(time, index);
    const ref = index.get(pos);
    if (!ref) return this.pastEnd(time, index);
    if (ref.gap) {
      this.nextTime = ref.end;
      return 0;
    }

    // An init segment not yet fetched downloads in parallel with the media segment: one round trip
    // less on every track switch and, above all, at startup.
    let init: { key: string; data: ArrayBuffer | undefined; fetch: EnginePendingRequest | null } | null = null;
    if (ref.init) {
      const r = ref.init.byteRange;
      const key = `${track.id}|${ref.init.uri}|${r ? `${r.start}-${r.end ?? ''}` : ''}`;
      if (o.buffer.currentInit !== key) {
        const data = this.initCache.get(key);
        const fetch = data ? null : o.engine.fetch({ uri: ref.init.uri, baseUrls: track.baseUrls, kind: 'init', ...(r ? { byteRange: r } : {}) });
        init = { key, data, fetch };
        this.pendingInit = fetch;
      }
    }

    let abandonTo: Track | null = null;
    const watch = { start: o.clock.now(), firstByteAt: null as number | null, lastByteAt: o.clock.now(), loaded: 0, total: null as number | null, pathway: undefined as BaseUrl | undefined };
    const supervise = (): void => {
      if (!o.superviseTransfer || abandonTo || !this.pending) return;
      const now = o.clock.now();
      const progress: InFlightProgress = {
        track,
        bytesLoaded: watch.loaded,
        bytesTotal: watch.total,
        elapsedMs: now - watch.start,
        ttfbMs: watch.firstByteAt === null ? null : watch.firstByteAt - watch.start,
        idleMs: now - watch.lastByteAt,
        segmentDuration: ref.end - ref.start,
        ...(watch.pathway ? { pathway: watch.pathway } : {}),
      };
      const action = o.superviseTransfer(progress, o.buffer.aheadOf(o.playhead()));
      if (action?.kind === 'abandon' && action.track.id !== track.id) {
        abandonTo = action.track;
        this.pending.abort();
      } else if (action?.kind === 'failover') {
        this.pending.failover(action.reason);
      }
    };
    const observer: EngineTransferObserver = {
      onAttemptStart: (a) => {
        const now = o.clock.now();
        Object.assign(watch, { start: now, firstByteAt: null, lastByteAt: now, loaded: 0, total: null, pathway: a.pathway });
      },
      onHeaders: () => {
        watch.firstByteAt ??= o.clock.now();
        watch.lastByteAt = o.clock.now();
      },
      onProgress: (loaded, total) => {
        const now = o.clock.now();
        watch.firstByteAt ??= now;
        if (loaded > watch.loaded) watch.lastByteAt = now;
        watch.loaded = loaded;
        watch.total = total;
        supervise();
      },
    };
    const watchdog = o.superviseTransfer ? this.every(WATCH_MS, supervise) : null;
    const segment = this.download(track, ref.uri, ref.byteRange, 'segment', gen, observer)
      .catch((e: unknown) => {
        if (abandonTo && e instanceof NetworkError && e.code === 'ABORTED') return null;
        throw e;
      })
      .finally(() => watchdog?.());
    if (init) {
      try {
        await this.appendInit(track, init, gen);
      } catch (e) {
        // Without its init segment the media segment is useless: stop it and report the init failure.
        segment.catch(() => undefined);
        this.pending?.abort();
        throw e;
      }
      if (gen !== this.generation) {
        segment.catch(() => undefined);
        return 0;
      }
    }
    const response = await segment;
    if (gen !== this.generation) return 0;
    if (!response) {
      this.forcedTrack = { track: abandonTo!, reason: 'abandon' };
      return 0;
    }

    try {
      await o.buffer.appendSegment(response.data, { timestampOffset: ref.timestampOffset });
      this.corruptInARow = 0;
    } catch (e) {
      if (gen !== this.generation) return 0;
      const err = isEdgeplayError(e) ? e : new MediaError('MEDIA_APPEND_FAILED', String(e), { cause: e });
      if (err.code === 'QUOTA_EXCEEDED') {
        // Buffer is full of media ahead: wait for playback to consume some.
        o.onError(err.withSeverity('recoverable'));
        return IDLE_POLL_MS * 4;
      }
      this.corruptInARow++;
      const details = { ...err.details, type: o.type, trackId: track.id, uri: ref.uri, start: ref.start, end: ref.end };
      if (this.corruptInARow > o.maxCorruptSegments) {
        throw new MediaError('SEGMENT_CORRUPT', `${o.type} segment ${ref.uri} (${ref.start}-${ref.end} s) could not be appended; ${this.corruptInARow} failures in a row`, { severity: 'fatal', details, cause: err });
      }
      // Skip the bad segment: the player jumps over the hole it leaves.
      this.skipped.push({ start: ref.start, end: ref.end });
      if (this.skipped.length > 32) this.skipped.shift();
      o.onError(new MediaError('SEGMENT_CORRUPT', `${o.type} segment ${ref.uri} (${ref.start}-${ref.end} s) rejected by the decoder; skipped`, { severity: 'recoverable', details, cause: err }));
    }
    if (gen !== this.generation) return 0;
    this.nextTime = ref.end;
    o.onSegmentLoaded?.(track, ref, response);
    return 0;
  }

  /** No segment at `time` in the current period: next period, wait for live refresh, or end. */
  private pastEnd(time: number, index?: SegmentIndex): number {
    const next = this.o.nextPeriodStart(index && Number.isFinite(index.end) ? Math.max(time, index.end - 0.001) : time);
    if (next !== null && next > time - 0.001) {
      this.nextTime = next;
      return 0;
    }
    if (this.o.isLive()) return LIVE_POLL_MS;
    this.endedFlag = true;
    this.o.onEnded();
    return IDLE_POLL_MS;
  }

  private async download(
    track: Track,
    uri: string,
    byteRange: SegmentReference['byteRange'],
    kind: 'init' | 'segment',
    gen: number,
    observer?: EngineTransferObserver,
  ): Promise<EngineResponse> {
    const request = this.o.engine.fetch({ uri, baseUrls: track.baseUrls, kind, ...(byteRange ? { byteRange } : {}) }, observer);
    if (gen === this.generation) this.pending = request;
    try {
      return await request.promise;
    } finally {
      if (this.pending === request) this.pending = null;
    }
  }
}

/** `mime; codecs="..."` for a track (what MSE `addSourceBuffer`/`changeType` want). */
export function mimeCodecsOf(track: Track): string {
  return track.codecs ? `${track.mimeType}; codecs="${track.codecs}"` : track.mimeType;
}

function segmentDurationGuess(track: Track): number {
  const idx = track.segmentIndex;
  if (idx && idx.length > 0) {
    const first = idx.get(0);
    if (first) return first.end - first.start;
  }
  return 4;
}
