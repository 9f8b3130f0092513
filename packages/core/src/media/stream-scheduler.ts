import { isEdgeplayError, type EdgeplayError } from '../errors/edgeplay-error.js';
import { isStreamRefusal, MediaError } from '../errors/media-error.js';
import { NetworkError } from '../errors/network-error.js';
import { PlayerError } from '../errors/player-error.js';
import type { SegmentReference, Track } from '../manifest/model.js';
import type { SegmentIndex } from '../manifest/segment-index.js';
import type { EngineResponse, EnginePendingRequest } from '../net/request-engine.js';
import { lowBufferRetryCapMs } from '../net/low-buffer-retry-cap.js';
import type { LoadErrorAction, LoadErrorPolicy } from '../steering/load-error-policy.js';
import { runSegmentStages, type SegmentPayload, type SegmentStage, type StageContext } from './segment-pipeline.js';
import type { StreamContext, TrackChangeKind, TrackChooser } from './stream-context.js';
import { SchedulerTimers } from './scheduler-timers.js';
import { TransferWatch } from './transfer-watch.js';
import { AlternativeProbe } from './alternative-probe.js';
import { UnavailableSegment } from './unavailable-segment.js';

const IDLE_POLL_MS = 250;
/** Shortest wait when the buffer is full (a few ms past the moment it dips below the goal). */
const MIN_WAKE_MS = 5;
/** How often a segment download is checked when no bytes arrive (stalls produce no progress events). */
const WATCH_MS = 250;
const LIVE_POLL_MS = 500;
/** Skipped-segment holes remembered for the playhead supervisor. */
const MAX_SKIPPED = 32;

interface PendingInit {
  key: string;
  /** Source bytes when cached (already appended once). */
  data: Uint8Array | undefined;
  fetch: EnginePendingRequest | null;
}

/**
 * The fetch loop of one media type: keeps the buffer goal ahead of the
 * playhead, asks its {@link TrackChooser} before each segment, downloads
 * the init segment (when the track or discontinuity changes) beside the
 * media segment, runs both through the segment pipeline into the sink,
 * follows the {@link LoadErrorPolicy} on slow transfers and unusable
 * segments, evicts the back buffer, aborts on seek/track switch, walks
 * across periods and reports the end of the stream — all published on the
 * context's bus.
 *
 * Every `await` is followed by a generation check: a seek or switch bumps the
 * generation so results of superseded work are dropped instead of appended.
 */
export class StreamScheduler {
  private running = false;
  private generation = 0;
  private nextTime: number | null = null;
  private current: Track | null = null;
  private forcedTrack: { track: Track; kind: TrackChangeKind; reason: string } | null = null;
  private pending: EnginePendingRequest | null = null;
  /** Init segment download running beside {@link pending}. */
  private pendingInit: EnginePendingRequest | null = null;
  /** Aborted with the generation: stages of superseded segments stop. */
  private abort = new AbortController();
  private readonly timers: SchedulerTimers;
  private corruptInARow = 0;
  private endedFlag = false;
  /** Pipeline output of each init segment (by key), and its source bytes. */
  private readonly initCache = new Map<string, { source: Uint8Array; payload: SegmentPayload }>();
  private lastEvictAt = -Infinity;
  /** A seek's flush or a switch's remove still running (see `editBuffer`). */
  private bufferEdit: Promise<void> | null = null;
  private readonly unavailable = new UnavailableSegment();
  /** Time ranges of segments skipped (corrupt or unavailable): the player plays over these holes. */
  readonly skipped: { start: number; end: number }[] = [];

  constructor(
    private readonly ctx: StreamContext,
    private readonly chooser: TrackChooser,
    private readonly policy: LoadErrorPolicy,
  ) {
    this.timers = new SchedulerTimers(ctx.clock);
  }

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
    this.supersede();
    this.timers.interrupt();
  }

  /**
   * Seek: aborts the download in flight; if `time` is not buffered, flushes the
   * buffer so the segment covering `time` is fetched next.
   */
  async seek(time: number): Promise<void> {
    this.supersede();
    this.endedFlag = false;
    this.nextTime = null;
    if (this.ctx.buffer.aheadOf(time) <= 0) {
      // Appending over stale media still works; report and go on rather than failing the seek.
      await this.editBuffer(() => this.ctx.buffer.flush().catch((e: unknown) => this.report(e, 'flush on seek failed')));
    }
    this.timers.interrupt();
  }

  /**
   * Switches to `track` now (manual selection): drops buffered media more than
   * `keepS` ahead of the playhead so the new track shows soon, and aborts the
   * download in flight.
   */
  async switchTrack(track: Track, reason: string, keepS = 1): Promise<void> {
    this.forcedTrack = { track, kind: 'manual', reason };
    this.endedFlag = false;
    this.supersede();
    this.nextTime = null;
    const keepUntil = this.ctx.playhead() + keepS;
    const ranges = this.ctx.buffer.buffered();
    const end = ranges.length ? ranges[ranges.length - 1]!.end : 0;
    if (end > keepUntil) await this.editBuffer(() => this.ctx.buffer.remove(keepUntil, end).catch((e: unknown) => this.report(e, 'remove on switch failed')));
    this.timers.interrupt();
  }

  /**
   * Runs a flush/remove that a seek or switch needs before the next request is
   * planned. `supersede()` wakes the loop at once, and a step planned while the
   * removal is still running reads the old buffered end as "where to fetch
   * next": it fetched from 12 s while [1.6, 36] was being removed, leaving a
   * hole the playhead stalled in (seen in the conformance pin cases on a
   * loaded machine). `step()` waits for this promise first.
   */
  private async editBuffer(edit: () => Promise<void>): Promise<void> {
    const running = edit();
    this.bufferEdit = running;
    try {
      await running;
    } finally {
      if (this.bufferEdit === running) this.bufferEdit = null;
    }
  }

  private report(e: unknown, what: string): void {
    this.ctx.bus.emit('error', isEdgeplayError(e) ? e.withSeverity('recoverable') : new MediaError('MEDIA_APPEND_FAILED', `${this.ctx.type} ${what}: ${String(e)}`, { severity: 'recoverable', cause: e }));
  }

  /** Drops superseded work: bumps the generation, aborts downloads and running stages. */
  private supersede(): void {
    this.generation++;
    this.pending?.abort();
    this.pending = null;
    this.pendingInit?.abort();
    this.pendingInit = null;
    this.abort.abort();
    this.abort = new AbortController();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const gen = this.generation;
      let waitMs = 0;
      try {
        waitMs = await this.step(gen);
      } catch (e) {
        if (gen !== this.generation || !this.running) continue;
        const error = toSchedulerError(e, this.ctx.type);
        this.ctx.bus.emit('error', error);
        if (error.severity === 'fatal') {
          this.running = false;
          return;
        }
        waitMs = IDLE_POLL_MS;
      }
      if (waitMs > 0 && this.running && gen === this.generation) await this.timers.sleep(waitMs);
    }
  }

  /** One scheduling decision. Returns how long to wait before the next one (0 = at once). */
  private async step(gen: number): Promise<number> {
    const { ctx } = this;
    if (this.bufferEdit) {
      await this.bufferEdit;
      if (gen !== this.generation) return 0;
    }
    const playhead = ctx.playhead();
    const ahead = ctx.buffer.aheadOf(playhead);
    if (ctx.clock.now() - this.lastEvictAt > 1000) {
      this.lastEvictAt = ctx.clock.now();
      await ctx.buffer.evictBackBuffer(ctx.backBuffer());
      if (gen !== this.generation) return 0;
    }
    if (this.endedFlag) return IDLE_POLL_MS;
    // Full: wake when the playhead will have eaten the surplus (at 1× speed), not at the next poll,
    // so the next request leaves when the buffer dips below the goal rather than up to a poll later.
    const goal = ctx.bufferGoal();
    if (ahead >= goal) return Math.min(IDLE_POLL_MS, Math.max(MIN_WAKE_MS, (ahead - goal) * 1000 + MIN_WAKE_MS));

    const time = this.nextTime ?? playhead + ahead;
    const candidates = ctx.candidatesAt(time);
    if (candidates.length === 0) return this.pastEnd(time);
    const track = this.chooseTrack(candidates, ahead, time);

    const index = await ctx.ensureIndex(track);
    if (gen !== this.generation) return 0;
    const pos = index.find(time);
    const ref = pos < 0 ? undefined : index.get(pos);
    if (!ref) return this.pastEnd(time, index);
    if (ref.gap) {
      this.nextTime = ref.end;
      return 0;
    }
    return this.fetchAndAppend(track, ref, gen, candidates);
  }

  private chooseTrack(candidates: Track[], bufferLevel: number, time: number): Track {
    const forced = this.forcedTrack;
    this.forcedTrack = null;
    let choice = forced;
    if (!choice) {
      const context = this.ctx.abrContext({ tracks: candidates, current: this.current, bufferLevel, segmentDuration: segmentDurationGuess(this.current ?? candidates[0]!), time });
      try {
        choice = this.chooser.choose(context);
      } catch (e) {
        if (e instanceof RangeError) throw new PlayerError('NO_PLAYABLE_TRACKS', e.message, { cause: e });
        throw e;
      }
    }
    if (!this.current || choice.track.id !== this.current.id) {
      const from = this.current;
      this.current = choice.track;
      this.ctx.bus.emit('trackchanged', { type: this.ctx.type, from, to: choice.track, kind: from ? choice.kind : 'initial', reason: choice.reason });
    }
    return choice.track;
  }

  /** Downloads `ref` (and its init segment beside it), runs the pipeline, appends. */
  private async fetchAndAppend(track: Track, ref: SegmentReference, gen: number, candidates: readonly Track[]): Promise<number> {
    // An init segment not yet fetched downloads in parallel with the media segment: one round trip
    // less on every track switch and, above all, at startup.
    const init = this.startInit(track, ref);
    let abandon: Extract<LoadErrorAction, { kind: 'switch-track' }> | null = null;
    const probe = new AlternativeProbe(this.ctx.engine);
    const watch = new TransferWatch(this.ctx.clock, track, ref.end - ref.start, () => check());
    const check = (): void => {
      if (abandon || !this.pending) return;
      const action = this.checkTransfer(watch, probe);
      if (action.kind === 'switch-track' && action.track.id !== track.id) {
        abandon = action;
        if (action.locationFailure) this.pending.abandon(action.locationFailure);
        else this.pending.abort();
      } else if (action.kind === 'switch-location') {
        this.pending.failover(action.reason);
      } else if (action.kind === 'keep-location') {
        this.pending.rideOut();
      } else if (action.kind === 'probe-location') {
        const pathway = watch.progress().pathway;
        if (pathway) probe.start(watch.attempt, track, ref, pathway, action.deadlineMs);
      }
    };
    const stopWatch = this.timers.every(WATCH_MS, check);
    const segment = this.download(track, ref, gen, watch)
      .catch((e: unknown) => {
        if (abandon && e instanceof NetworkError && e.code === 'ABORTED') return null;
        throw e;
      })
      .finally(() => {
        stopWatch();
        probe.cancel();
      });
    if (init) {
      try {
        await this.appendInit(track, ref, init, gen);
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
    let response: EngineResponse | null;
    try {
      response = await segment;
    } catch (e) {
      if (gen !== this.generation || !(e instanceof NetworkError) || e.code === 'ABORTED') throw e;
      return this.downloadFailed(e, track, ref, candidates);
    }
    if (gen !== this.generation) return 0;
    if (!response) {
      const a = abandon as Extract<LoadErrorAction, { kind: 'switch-track' }> | null;
      this.forcedTrack = { track: a!.track, kind: 'abandon', reason: a!.reason };
      return 0;
    }
    return this.appendMedia(track, ref, response, gen);
  }

  private checkTransfer(watch: TransferWatch, probe: AlternativeProbe): LoadErrorAction {
    const progress = watch.progress();
    const bufferLevel = this.ctx.buffer.aheadOf(this.ctx.playhead());
    const env = this.ctx.transferCheck(progress, bufferLevel);
    return this.policy.checkTransfer({
      ...env,
      alternativeProbe: probe.state(watch.attempt),
      askAbr: () => {
        const context = this.ctx.abrContext({ tracks: this.ctx.ladder(progress.track), current: progress.track, bufferLevel, segmentDuration: progress.segmentDuration, inFlight: progress });
        return this.chooser.checkAbandon(context);
      },
    });
  }

  private startInit(track: Track, ref: SegmentReference): PendingInit | null {
    if (!ref.init) return null;
    const r = ref.init.byteRange;
    const key = `${track.id}|${ref.init.uri}|${r ? `${r.start}-${r.end ?? ''}` : ''}`;
    if (this.ctx.buffer.currentInit === key) return null;
    const cached = this.initCache.get(key);
    const fetch = cached ? null : this.ctx.engine.fetch({ uri: ref.init.uri, baseUrls: track.baseUrls, kind: 'init', ...(r ? { byteRange: r } : {}) });
    this.pendingInit = fetch;
    return { key, data: cached?.source, fetch };
  }

  private async appendInit(track: Track, ref: SegmentReference, init: PendingInit, gen: number): Promise<void> {
    let entry = this.initCache.get(init.key);
    if (!entry) {
      let source: Uint8Array;
      try {
        source = new Uint8Array((await init.fetch!.promise).data);
      } finally {
        if (this.pendingInit === init.fetch) this.pendingInit = null;
      }
      if (gen !== this.generation) return;
      const payload = await runSegmentStages(this.ctx.stages, { kind: 'init', data: source, track, ...(ref.init ? { initRef: ref.init } : {}), mimeCodecs: mimeCodecsOf(track) }, this.stageContext(track, ref));
      entry = { source, payload };
      this.initCache.set(init.key, entry);
    }
    if (this.ctx.appendReady) await this.ctx.appendReady;
    if (gen !== this.generation) return;
    await this.ctx.buffer.setType(entry.payload.mimeCodecs ?? mimeCodecsOf(track));
    await this.ctx.buffer.appendInit(init.key, entry.payload.data);
  }

  private async appendMedia(track: Track, ref: SegmentReference, response: EngineResponse, gen: number): Promise<number> {
    const { ctx } = this;
    let skipped = false;
    try {
      const initKey = ctx.buffer.currentInit;
      const initSegment = initKey ? this.initCache.get(initKey)?.source : undefined;
      const payload = await runSegmentStages(
        ctx.stages,
        { kind: 'media', data: new Uint8Array(response.data), track, ref, mimeCodecs: mimeCodecsOf(track), timestampOffset: ref.timestampOffset, ...(initSegment ? { initSegment } : {}) },
        this.stageContext(track, ref),
      );
      if (ctx.appendReady) await ctx.appendReady;
      if (gen !== this.generation) return 0;
      // A stage may have changed the container (TS → fMP4): no-op when the type is the buffer's already.
      if (payload.mimeCodecs) await ctx.buffer.setType(payload.mimeCodecs);
      await ctx.buffer.appendSegment(payload.data, { timestampOffset: payload.timestampOffset ?? ref.timestampOffset });
      this.corruptInARow = 0;
      this.unavailable.clear();
    } catch (e) {
      if (gen !== this.generation) return 0;
      const err = isEdgeplayError(e) ? e : new MediaError('MEDIA_APPEND_FAILED', String(e), { cause: e });
      const failuresInARow = err.code === 'QUOTA_EXCEEDED' ? this.corruptInARow : this.corruptInARow + 1;
      const action = this.policy.checkSegmentFailure({ error: err, failuresInARow });
      if (action.kind === 'retry-later') {
        ctx.bus.emit('error', err.withSeverity('recoverable'));
        return action.delayMs;
      }
      this.corruptInARow = failuresInARow;
      const details = { ...err.details, type: ctx.type, trackId: track.id, uri: ref.uri, start: ref.start, end: ref.end };
      if (action.kind === 'fail') {
        if (isStreamRefusal(err.code)) throw err.withSeverity('fatal');
        throw new MediaError('SEGMENT_CORRUPT', `${ctx.type} segment ${ref.uri} (${ref.start}-${ref.end} s) could not be appended; ${this.corruptInARow} failures in a row`, { severity: 'fatal', details, cause: err });
      }
      // Skip the bad segment: the playhead supervisor jumps over the hole it leaves.
      skipped = true;
      this.skipHole(ref, new MediaError('SEGMENT_CORRUPT', `${ctx.type} segment ${ref.uri} (${ref.start}-${ref.end} s) rejected (${err.code}); skipped`, { severity: 'recoverable', details, cause: err }));
    }
    if (gen !== this.generation) return 0;
    this.nextTime = ref.end;
    ctx.bus.emit('segmentloaded', { type: ctx.type, track, ref, response, skipped });
    return 0;
  }

  private skipHole(ref: SegmentReference, error: MediaError): void {
    this.skipped.push({ start: ref.start, end: ref.end });
    if (this.skipped.length > MAX_SKIPPED) this.skipped.shift();
    this.ctx.bus.emit('error', error);
  }

  /**
   * A media segment that could not be downloaded after the engine's retries and failover: the policy
   * picks another rendition of the same time, a retry while the hole is far ahead, a skipped hole
   * (buffered media stays), or the end.
   */
  private downloadFailed(error: NetworkError, track: Track, ref: SegmentReference, candidates: readonly Track[]): number {
    const { ctx } = this;
    const untriedTracks = this.unavailable.failed(ref, track, candidates);
    const secondsUntilSegment = Math.max(0, ref.start - ctx.playhead());
    const failuresInARow = this.corruptInARow + 1;
    const action = this.policy.checkSegmentFailure({ error, failuresInARow, untriedTracks, secondsUntilSegment });
    const details = { ...error.details, type: ctx.type, trackId: track.id, uri: ref.uri, start: ref.start, end: ref.end };
    switch (action.kind) {
      case 'fail':
        // Nobody answered: the engine's own (fatal) error says why. Answered refusals: too many holes in a row.
        if (error.details.status === undefined) throw error;
        throw new MediaError('SEGMENT_UNAVAILABLE', `${ctx.type} segment ${ref.uri} (${ref.start}-${ref.end} s) could not be downloaded (${error.code}); ${failuresInARow} unusable segments in a row`, { severity: 'fatal', details, cause: error });
      case 'switch-track':
        ctx.bus.emit('error', error.withSeverity('recoverable'));
        this.forcedTrack = { track: action.track, kind: 'forced', reason: action.reason };
        return 0;
      case 'retry-later':
        ctx.bus.emit('error', error.withSeverity('recoverable'));
        return action.delayMs;
      case 'skip':
        this.corruptInARow = failuresInARow;
        this.unavailable.clear();
        this.skipHole(ref, new MediaError('SEGMENT_UNAVAILABLE', `${ctx.type} segment ${ref.uri} (${ref.start}-${ref.end} s) could not be downloaded (${error.code}); the playhead skips the hole`, { severity: 'recoverable', details, cause: error }));
        this.nextTime = ref.end;
        return 0;
    }
  }

  private stageContext(track: Track, ref: SegmentReference): StageContext {
    return {
      fetchKey: async (uri) => new Uint8Array((await this.ctx.engine.fetch({ uri, baseUrls: track.baseUrls, kind: 'key' }).promise).data),
      discontinuity: ref.discontinuity,
      signal: this.abort.signal,
      timeline: this.ctx.timeline,
      format: this.ctx.format,
      ...(this.ctx.captions ? { captions: this.ctx.captions } : {}),
    };
  }

  /** No segment at `time` in the current period: next period, wait for live refresh, or end. */
  private pastEnd(time: number, index?: SegmentIndex): number {
    const next = this.ctx.nextPeriodStart(index && Number.isFinite(index.end) ? Math.max(time, index.end - 0.001) : time);
    if (next !== null && next > time - 0.001) {
      this.nextTime = next;
      return 0;
    }
    if (this.ctx.isLive()) return LIVE_POLL_MS;
    this.endedFlag = true;
    this.ctx.bus.emit('ended', { type: this.ctx.type });
    return IDLE_POLL_MS;
  }

  private async download(track: Track, ref: SegmentReference, gen: number, watch: TransferWatch): Promise<EngineResponse> {
    const retryDelayCapMs = (): number => lowBufferRetryCapMs(this.ctx.buffer.aheadOf(this.ctx.playhead()), ref.end - ref.start);
    const request = this.ctx.engine.fetch({ uri: ref.uri, baseUrls: track.baseUrls, kind: 'segment', retryDelayCapMs, ...(ref.byteRange ? { byteRange: ref.byteRange } : {}) }, watch.observer);
    if (gen === this.generation) this.pending = request;
    try {
      return await request.promise;
    } finally {
      if (this.pending === request) this.pending = null;
    }
  }
}

function toSchedulerError(e: unknown, type: string): EdgeplayError {
  return isEdgeplayError(e) ? e : new MediaError('MEDIA_APPEND_FAILED', `${type} scheduler: ${String(e)}`, { cause: e });
}

/** The type the sink buffer of `track` gets: {@link mimeCodecsOf}, rewritten by stages that change the container. */
export function sinkTypeOf(track: Track, stages: readonly SegmentStage[]): string {
  let type = mimeCodecsOf(track);
  for (const s of stages) if (s.outputType && s.appliesTo(track)) type = s.outputType(track, type) ?? type;
  return type;
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
