import { AbrController } from '../abr/abr-controller.js';
import { HybridAbrStrategy } from '../abr/hybrid-abr-strategy.js';
import { EdgeplayError, isEdgeplayError } from '../errors/edgeplay-error.js';
import { PlayerError } from '../errors/player-error.js';
import type { Period, Presentation, SwitchingSet, Track } from '../manifest/model.js';
import { EwmaThroughputEstimator } from '../net/ewma-throughput-estimator.js';
import { RequestEngine } from '../net/request-engine.js';
import type { Clock, TimerHandle } from '../platform/clock.js';
import type { EmeSurface } from '../platform/eme-surface.js';
import type { MediaSink } from '../platform/media-sink.js';
import type { NetworkClient } from '../platform/network-client.js';
import type { TextRenderer } from '../platform/text-renderer.js';
import { EventEmitter, type Listener } from '../util/event-emitter.js';
import { BufferManager } from '../media/buffer-manager.js';
import { gapJumpTarget } from '../media/gap-jumper.js';
import { StallDetector } from '../media/stall-detector.js';
import { StreamScheduler, mimeCodecsOf } from '../media/stream-scheduler.js';
import { QoeCollector } from '../qoe/qoe-collector.js';
import { PlayedBitrateTimeline } from '../qoe/played-bitrate-timeline.js';
import { defaultPlayerConfig, mergeConfig, validateConfig, type DeepPartial, type PlayerConfig } from './config.js';
import type { PlayerEvents, PlayerStats } from './events.js';
import { behindWindowRecovery, liveDelayOf, liveStartPosition, liveWindow, type LiveWindow } from './live-controller.js';
import { ManifestLoader } from './manifest-loader.js';
import { PlayerStateMachine, type PlayerState } from './player-state.js';
import { chooseAudioSet, chooseTextSet, chooseVideoSet, matchingSet } from './track-selection.js';
import { TextStreamer } from '../text/text-streamer.js';
import { TelemetryReporter } from '../qoe/telemetry-reporter.js';
import { bindTelemetry } from '../qoe/telemetry-binding.js';
import { DrmManager } from '../drm/drm-manager.js';
import type { DrmConfig } from '../drm/drm-config.js';
import { PathwayManager } from '../steering/pathway-manager.js';
import { superviseTransfer } from './transfer-supervision.js';

/** Platform bindings a {@link Player} runs on. */
export interface PlayerDeps {
  clock: Clock;
  network: NetworkClient;
  sink: MediaSink;
  eme?: EmeSurface;
  textRenderer?: TextRenderer;
}

/** Options of {@link Player.load}. */
export interface LoadOptions {
  /** Start position, seconds (VOD; ignored for live, which starts near the edge). */
  startTime?: number;
}

type MediaType = 'video' | 'audio';
const TICK_MS = 250;
const STATS_MS = 1000;

/**
 * The player: loads a manifest, picks tracks, runs one {@link StreamScheduler}
 * per media type into the {@link MediaSink}, and supervises playback (state,
 * stalls, gaps, live window, end of stream). DOM-free: the web, TV and
 * simulator bindings all drive this same class.
 */
export class Player {
  private readonly events = new EventEmitter<PlayerEvents>();
  private config: PlayerConfig;
  private readonly engine: RequestEngine;
  private readonly estimator = new EwmaThroughputEstimator();
  private readonly pathways: PathwayManager;
  private readonly abr: AbrController;
  private readonly loader: ManifestLoader;
  private readonly qoe = new QoeCollector();
  private readonly played = new PlayedBitrateTimeline();
  private readonly stateMachine: PlayerStateMachine;
  private stall: StallDetector;
  private presentation: Presentation | null = null;
  private readonly sets: { video: SwitchingSet | null; audio: SwitchingSet | null; text: SwitchingSet | null } = { video: null, audio: null, text: null };
  private readonly schedulers = new Map<MediaType, StreamScheduler>();
  private readonly buffers = new Map<MediaType, BufferManager>();
  private text: TextStreamer | null = null;
  private tickTimer: TimerHandle | null = null;
  private refreshTimer: TimerHandle | null = null;
  private loadGeneration = 0;
  private endOfStreamSignalled = false;
  private lastStatsAt = -Infinity;
  private bufferGoalOverride: number | null = null;
  private sinkUnsubscribers: (() => void)[] = [];
  private destroyed = false;
  private telemetry: { reporter: TelemetryReporter; unbind: () => void } | null = null;
  private drm: DrmManager | null = null;
  /** The last DRM manager's destroy(), awaited by unload() before MediaKeys are detached for good. */
  private drmTeardown: Promise<void> | null = null;
  /** Settles the load() in progress (see {@link load}). */
  private pendingLoad: { resolve: () => void; reject: (e: EdgeplayError) => void } | null = null;
  /** The app paused playback (pause event not caused by us): buffering must not resume it. */
  private userPaused = false;

  constructor(
    private readonly deps: PlayerDeps,
    config?: DeepPartial<PlayerConfig>,
  ) {
    this.config = validateConfig(mergeConfig<PlayerConfig>(defaultPlayerConfig(), config));
    this.pathways = new PathwayManager({ clock: deps.clock, ...this.config.failover.penalty });
    this.pathways.on('cdnchanged', (c) => this.events.emit('cdnchanged', c));
    this.pathways.on('error', (e) => this.events.emit('error', e.withSeverity('recoverable')));
    this.engine = new RequestEngine({ client: deps.network, clock: deps.clock, pathways: this.pathways, retry: this.config.net.retry, timeouts: this.config.net.timeouts });
    this.engine.onTransfer((sample, info) => {
      // An attempt abandoned because its cache failed measured that cache, not the network ABR plans with.
      if (!info.complete && info.failureReason) return;
      if (info.kind === 'segment' || info.kind === 'init') this.estimator.addSample(sample);
    });
    this.abr = new AbrController(new HybridAbrStrategy(), { enabled: this.config.abr.enabled, minSwitchIntervalMs: this.config.abr.minSwitchIntervalMs });
    this.applyCaps();
    this.loader = new ManifestLoader(this.engine, deps.clock);
    this.stateMachine = new PlayerStateMachine((from, to) => this.events.emit('statechange', { from, to }));
    this.stall = new StallDetector(this.config.streaming.stallThresholdMs);
  }

  /** The network engine (add request/response filters here). */
  get network(): RequestEngine {
    return this.engine;
  }

  get state(): PlayerState {
    return this.stateMachine.state;
  }

  on<K extends keyof PlayerEvents>(type: K, listener: Listener<PlayerEvents[K]>): () => void {
    return this.events.on(type, listener);
  }

  off<K extends keyof PlayerEvents>(type: K, listener: Listener<PlayerEvents[K]>): void {
    this.events.off(type, listener);
  }

  /** Applies a partial configuration (validated; throws `INVALID_CONFIG`). */
  configure(partial: DeepPartial<PlayerConfig>): void {
    this.config = validateConfig(mergeConfig<PlayerConfig>(this.config, partial));
    this.abr.configure({ minSwitchIntervalMs: this.config.abr.minSwitchIntervalMs });
    if (partial.abr?.enabled !== undefined) this.abr.enable(this.config.abr.enabled);
    this.stall = new StallDetector(this.config.streaming.stallThresholdMs);
    this.applyCaps();
  }

  getConfig(): Readonly<PlayerConfig> {
    return this.config;
  }

  getPresentation(): Presentation | null {
    return this.presentation;
  }

  /**
   * Loads and starts playing `url`. Resolves once tracks are chosen and
   * buffering has started (`loaded`); rejects with the typed error (also
   * emitted as `error`) when the manifest or first index cannot be loaded.
   */
  async load(url: string, options: LoadOptions = {}): Promise<void> {
    if (this.destroyed) throw new PlayerError('INVALID_STATE', 'load() after destroy()');
    if (this.state !== 'idle') await this.unload();
    // A fatal error raised elsewhere while loading (DRM, a scheduler, the sink) must settle this
    // promise too — the step load() is awaiting may never complete once everything is stopped.
    const outcome = new Promise<void>((resolve, reject) => (this.pendingLoad = { resolve, reject }));
    outcome.catch(() => undefined);
    try {
      await Promise.race([this.runLoad(url, options), outcome]);
    } finally {
      this.pendingLoad = null;
    }
  }

  private async runLoad(url: string, options: LoadOptions): Promise<void> {
    const gen = ++this.loadGeneration;
    const { clock, sink } = this.deps;
    this.qoe.loadStarted(clock.now());
    this.stateMachine.transition('loading');
    // Attach the media source while the manifest loads: 'sourceopen' costs a round trip through the
    // browser's event loop that need not sit on the startup path.
    const opening = sink.open();
    opening.catch(() => undefined);
    try {
      const presentation = await this.loader.load(url);
      if (gen !== this.loadGeneration) return;
      this.presentation = presentation;
      this.abr.reset();
      this.estimator.reset();
      await this.pathways.attach(presentation, { engine: this.engine, steering: this.config.failover.steering, throughput: () => this.estimator.getEstimate() });
      if (gen !== this.loadGeneration) return;
      const firstPeriod = presentation.periods[0];
      if (!firstPeriod) throw new PlayerError('NO_PLAYABLE_TRACKS', `${url}: the presentation has no periods`);
      const supported = (t: Track): boolean => !t.codecs || !t.mimeType || sink.isTypeSupported(mimeCodecsOf(t));
      this.sets.video = chooseVideoSet(firstPeriod, supported);
      this.sets.audio = chooseAudioSet(firstPeriod, supported, this.config.preferences.audioLanguage);
      this.sets.text = chooseTextSet(firstPeriod, this.config.preferences.textLanguage);
      if (this.sets.video?.tracks.every((t) => t.muxedAudio)) this.sets.audio = null;
      if (!this.sets.video && !this.sets.audio) {
        throw new PlayerError('NO_PLAYABLE_TRACKS', `${url}: no video or audio track this platform can play`, { details: { url } });
      }
      // Load the first tracks' indexes (in parallel): HLS only learns container and live/VOD from the media playlist.
      const initial: Partial<Record<MediaType, Track>> = {};
      for (const type of ['video', 'audio'] as const) {
        const set = this.sets[type];
        if (set) initial[type] = type === 'video' ? this.chooseTrack(set.tracks.filter(supported), null, 0, 4) : pickAudio(set.tracks, null);
      }
      await Promise.all(Object.values(initial).map((t) => this.loader.ensureIndex(t)));
      if (gen !== this.loadGeneration) return;
      await this.startDrm(presentation);
      if (gen !== this.loadGeneration) return;
      await opening;
      if (gen !== this.loadGeneration) return;
      let start = Math.max(0, options.startTime ?? 0);
      if (presentation.type === 'live') {
        const window = liveWindow(Object.values(initial));
        if (window) {
          start = liveStartPosition(window, liveDelayOf(presentation, this.config.streaming.liveDelay));
          sink.setSeekableRange?.(window.start, window.end);
        }
        this.scheduleRefresh(Math.max(1, presentation.minimumUpdatePeriod ?? presentation.maxSegmentDuration));
      } else if (presentation.duration !== null) {
        sink.setDuration(presentation.duration);
        start = Math.min(start, Math.max(0, presentation.duration - 0.5));
      }
      for (const type of ['video', 'audio'] as const) {
        const track = initial[type];
        if (track) this.createScheduler(type, track);
      }
      this.listenToSink();
      sink.seek(start);
      this.stall.reset(clock.now());
      this.stateMachine.transition('buffering');
      this.events.emit('buffering', { buffering: true });
      for (const s of this.schedulers.values()) s.start();
      if (this.sets.text && this.deps.textRenderer) this.startText(this.sets.text);
      this.startTelemetry();
      this.events.emit('loaded', { presentation });
      this.scheduleTick();
    } catch (e) {
      if (gen !== this.loadGeneration) return;
      const error = asError(e);
      this.fail(error);
      throw error;
    }
  }

  /** Stops playback and releases the sink's buffers; the player can load again. */
  async unload(): Promise<void> {
    this.loadGeneration++;
    // A load still in progress is superseded: it resolves, as it always did when a later call won.
    this.pendingLoad?.resolve();
    this.pendingLoad = null;
    this.stopAll();
    this.presentation = null;
    this.sets.video = this.sets.audio = this.sets.text = null;
    this.stateMachine.reset();
    await this.deps.sink.destroy().catch(() => undefined);
    // MediaKeys can only be removed from an element without a media source (Chromium refuses with
    // "cannot be removed at this time"), so the DRM manager's own detach may have failed while the
    // source was still attached: detach again now that it is gone, before a new load attaches its own.
    const teardown = this.drmTeardown;
    this.drmTeardown = null;
    if (teardown) {
      await teardown;
      await this.deps.eme?.attach(null).catch(() => undefined);
    }
  }

  /** Unloads and drops every listener. The player cannot be used afterwards. */
  async destroy(): Promise<void> {
    this.destroyed = true;
    await this.unload();
    this.events.removeAllListeners();
  }

  /** Every track of the current period (video, audio and text). */
  getTracks(): Track[] {
    const period = this.currentPeriod();
    return period ? period.switchingSets.flatMap((s) => s.tracks) : [];
  }

  /**
   * Selects a track. A video track is pinned and ABR turns off (until
   * `enableAbr(true)`); an audio track switches the audio set; text delegates
   * to {@link selectText}.
   */
  selectTrack(idOrTrack: string | Track): void {
    const id = typeof idOrTrack === 'string' ? idOrTrack : idOrTrack.id;
    const period = this.currentPeriod();
    const set = period?.switchingSets.find((s) => s.tracks.some((t) => t.id === id));
    const track = set?.tracks.find((t) => t.id === id);
    if (!set || !track) throw new PlayerError('UNKNOWN_TRACK', `no track with id ${id} in the current period`, { details: { id } });
    if (track.type === 'text') return this.selectText(id);
    if (track.type !== 'video' && track.type !== 'audio') throw new PlayerError('UNKNOWN_TRACK', `track ${id} is ${track.type}, not playable`);
    if (track.type === 'video') this.abr.selectManually(track);
    this.sets[track.type] = set;
    this.endOfStreamSignalled = false;
    void this.schedulers.get(track.type)?.switchTrack(track, 'manual');
  }

  /** ABR on/off. Turning it on releases a manual selection. */
  enableAbr(on: boolean): void {
    this.config = mergeConfig(this.config, { abr: { enabled: on } });
    this.abr.enable(on);
  }

  /** Languages of the audio sets in the current period. */
  getAudioLanguages(): string[] {
    const period = this.currentPeriod();
    const langs = period?.switchingSets.filter((s) => s.type === 'audio').map((s) => s.language ?? 'und') ?? [];
    return [...new Set(langs)];
  }

  /** Switches audio to the first set in `language`. */
  selectAudio(language: string): void {
    const period = this.currentPeriod();
    const set = period ? chooseAudioSet(period, () => true, language) : null;
    if (!set || (set.language ?? 'und').split('-')[0] !== language.split('-')[0]) {
      throw new PlayerError('UNKNOWN_TRACK', `no audio in language ${language}`, { details: { language } });
    }
    this.config = mergeConfig(this.config, { preferences: { audioLanguage: language } });
    this.sets.audio = set;
    const scheduler = this.schedulers.get('audio');
    this.endOfStreamSignalled = false;
    if (scheduler) void scheduler.switchTrack(pickAudio(set.tracks, null), 'manual');
  }

  getTextTracks(): Track[] {
    return this.getTracks().filter((t) => t.type === 'text');
  }

  /** Shows the text track `id`, or hides subtitles with null. */
  selectText(id: string | null): void {
    this.text?.stop();
    this.text = null;
    this.deps.textRenderer?.clear();
    if (id === null) {
      this.sets.text = null;
      this.deps.textRenderer?.setVisible(false);
      this.events.emit('trackchanged', { type: 'text', track: null });
      return;
    }
    const period = this.currentPeriod();
    const set = period?.switchingSets.find((s) => s.type === 'text' && s.tracks.some((t) => t.id === id));
    if (!set) throw new PlayerError('UNKNOWN_TRACK', `no text track with id ${id}`, { details: { id } });
    this.sets.text = set;
    this.startText(set, id);
  }

  /**
   * Seeks. Unbuffered targets abort downloads in flight and refetch from the
   * segment covering `time`. Live seeks are clamped to the DVR window.
   */
  async seek(time: number): Promise<void> {
    if (!this.presentation || !Number.isFinite(time)) return;
    let t = Math.max(0, time);
    const window = this.currentLiveWindow();
    if (window) t = Math.min(Math.max(t, window.start), window.end);
    else if (this.presentation.duration !== null) t = Math.min(t, this.presentation.duration);
    this.stateMachine.transition('seeking');
    this.endOfStreamSignalled = false;
    this.deps.sink.seek(t);
    this.qoe.paused(this.deps.clock.now());
    await Promise.all([...this.schedulers.values()].map((s) => s.seek(t)));
    this.text?.seek(t);
    this.stall.reset(this.deps.clock.now());
    if (this.stateMachine.transition('buffering')) this.events.emit('buffering', { buffering: true });
  }

  /** Current figures (also emitted as `stats` every second). */
  getStats(): PlayerStats {
    const now = this.deps.clock.now();
    this.qoe.frameCounts(this.deps.sink.playbackQuality());
    const q = this.qoe.summary(now);
    const main = this.schedulers.get('video')?.track ?? this.schedulers.get('audio')?.track ?? null;
    const pathways = this.pathways.stats();
    return {
      estimatedBandwidth: this.estimator.getEstimate(),
      bufferAhead: this.bufferAhead(),
      currentBitrate: main?.bandwidth ?? NaN,
      resolution: main?.width !== undefined && main.height !== undefined ? { width: main.width, height: main.height } : null,
      droppedFrames: q.droppedFrames,
      decodedFrames: q.decodedFrames,
      stalls: q.stalls,
      stallTime: q.stallTime,
      startupTimeMs: q.startupTimeMs,
      firstFrameMs: q.firstFrameMs,
      switches: q.switches,
      pathwayId: pathways.current,
      cdnChanges: pathways.cdnChanges,
      pathwayFailures: Object.values(pathways.failures).reduce((a, b) => a + b, 0),
      averageBitrate: q.averageBitrate,
    };
  }

  // ---- internals ----

  private applyCaps(): void {
    const display = this.config.abr.restrictToElementSize ? this.deps.sink.displaySize() : null;
    this.abr.setCaps({ maxResolution: this.config.abr.maxResolution, displaySize: display, devicePixelRatio: this.config.abr.devicePixelRatio });
  }

  private bufferGoal(): number {
    return this.bufferGoalOverride ?? this.config.streaming.bufferGoal;
  }

  /**
   * The goal a scheduler fills to. Until the first frame plays, audio beside
   * video stops at the rebuffer goal: otherwise its small segments run several
   * ahead and take bandwidth from the first video segment, which is what
   * startup waits for. Playing lifts it to the full buffer goal.
   */
  private schedulingGoal(type: MediaType): number {
    const goal = this.bufferGoal();
    if (type === 'video' || !this.schedulers.has('video') || this.state !== 'buffering') return goal;
    if (!Number.isNaN(this.qoe.summary(this.deps.clock.now()).startupTimeMs)) return goal;
    return Math.min(goal, this.config.streaming.rebufferGoal);
  }

  /** Media seconds after the buffered range up to the end of a VOD presentation; Infinity for live. */
  private remainingToFetch(bufferLevel: number): number {
    const p = this.presentation;
    if (!p || p.type === 'live' || p.duration === null) return Infinity;
    return Math.max(0, p.duration - (this.deps.sink.currentTime() + bufferLevel));
  }

  private chooseTrack(candidates: Track[], current: Track | null, bufferLevel: number, segmentDuration: number): Track {
    if (candidates.length === 0) throw new PlayerError('NO_PLAYABLE_TRACKS', 'no playable video track (all unsupported or restricted)');
    try {
      const decision = this.abr.choose({
        tracks: candidates,
        current,
        estimatedBandwidth: this.estimator.getEstimate(),
        confidence: this.estimator.getConfidence(),
        bufferLevel,
        bufferGoal: this.bufferGoal(),
        segmentDuration,
        remainingS: this.remainingToFetch(bufferLevel),
        playbackRate: this.deps.sink.playbackRate() || 1,
        startingUp: Number.isNaN(this.qoe.summary(this.deps.clock.now()).startupTimeMs),
        rebuffering: this.state === 'buffering',
        now: this.deps.clock.now(),
      });
      return decision.track;
    } catch (e) {
      if (e instanceof RangeError) throw new PlayerError('NO_PLAYABLE_TRACKS', e.message, { cause: e });
      throw e;
    }
  }

  private createScheduler(type: MediaType, track: Track): void {
    const { sink, clock } = this.deps;
    const buffer = new BufferManager(sink.addBuffer(type, mimeCodecsOf(track)), mimeCodecsOf(track), {
      playhead: () => sink.currentTime(),
      onQuotaExceeded: (ahead) => {
        // Keep what fits: a goal a bit below what was buffered when the sink filled up.
        const lowered = Math.max(this.config.streaming.minBufferGoal, Math.min(this.bufferGoal(), ahead * 0.8));
        this.bufferGoalOverride = lowered;
      },
    });
    this.buffers.set(type, buffer);
    const scheduler = new StreamScheduler({
      type,
      clock,
      engine: this.engine,
      buffer,
      playhead: () => sink.currentTime(),
      bufferGoal: () => this.schedulingGoal(type),
      backBuffer: () => this.config.streaming.backBuffer,
      maxCorruptSegments: this.config.streaming.maxCorruptSegments,
      candidatesAt: (time) => this.candidatesAt(type, time),
      nextPeriodStart: (time) => this.nextPeriodStart(time),
      chooseTrack: (candidates, current, level, segDur) =>
        type === 'video' ? this.chooseTrack(candidates, current, level, segDur) : pickAudio(candidates, current),
      superviseTransfer: (progress, level) =>
        superviseTransfer(progress, level, {
          abr: this.abr,
          pathways: this.pathways,
          thresholds: this.config.failover.detectSlowTransfers ? this.config.failover.thresholds : null,
          candidates: (type === 'video' ? this.sets.video?.tracks : this.sets.audio?.tracks) ?? [progress.track],
          lowestBandwidth: lowestBandwidthOf(this.sets.video?.tracks ?? this.sets.audio?.tracks ?? [progress.track]),
          abrContext: {
            estimatedBandwidth: this.estimator.getEstimate(),
            confidence: this.estimator.getConfidence(),
            bufferGoal: this.bufferGoal(),
            playbackRate: sink.playbackRate() || 1,
            rebuffering: this.state === 'buffering',
            now: clock.now(),
          },
          useAbr: type === 'video',
        }),
      ensureIndex: (t) => this.loader.ensureIndex(t),
      isLive: () => this.presentation?.type === 'live',
      onTrackChanged: (from, to, reason) => {
        if (from && to.type === 'video') this.events.emit('adaptation', { from, to, reason });
        this.events.emit('trackchanged', { type, track: to });
      },
      onSegmentLoaded: (track, ref, response) => {
        this.pathways.served(response.pathway);
        // QoE follows what is played, which is up to a buffer goal behind what is fetched.
        if (type === 'video' || !this.sets.video) this.played.record(ref.start, ref.end, track.bandwidth);
        // Waiting for data: decide at once rather than at the next 250 ms tick (startup, seek, stall).
        if (this.state === 'buffering' || this.state === 'seeking') this.tick();
      },
      onError: (e) => (e.severity === 'fatal' ? this.fail(e) : this.events.emit('error', e)),
      onEnded: () => this.maybeEndOfStream(),
    });
    this.schedulers.set(type, scheduler);
  }

  private currentPeriod(time = this.deps.sink.currentTime()): Period | null {
    const periods = this.presentation?.periods ?? [];
    let found: Period | null = periods[0] ?? null;
    for (const p of periods) if (p.start <= time + 1e-3) found = p;
    return found;
  }

  private candidatesAt(type: MediaType, time: number): Track[] {
    const period = this.currentPeriod(time);
    const selected = this.sets[type];
    if (!period || !selected) return [];
    if (period.duration !== null && time >= period.start + period.duration - 1e-3) {
      return [];
    }
    const set = period.switchingSets.includes(selected) ? selected : matchingSet(period, selected);
    return set ? set.tracks.filter((t) => !t.trickMode) : [];
  }

  private nextPeriodStart(time: number): number | null {
    for (const p of this.presentation?.periods ?? []) if (p.start > time + 1e-3) return p.start;
    return null;
  }

  private bufferAhead(): number {
    const t = this.deps.sink.currentTime();
    let ahead = Infinity;
    for (const b of this.buffers.values()) ahead = Math.min(ahead, b.aheadOf(t));
    return ahead === Infinity ? 0 : ahead;
  }

  private allEnded(): boolean {
    if (!this.schedulers.size) return false;
    for (const s of this.schedulers.values()) if (!s.ended) return false;
    return true;
  }

  private maybeEndOfStream(): void {
    if (this.endOfStreamSignalled || !this.allEnded()) return;
    this.endOfStreamSignalled = true;
    this.deps.sink.endOfStream();
  }

  private listenToSink(): void {
    const { sink } = this.deps;
    if (sink.onNextFrame) this.sinkUnsubscribers.push(sink.onNextFrame(() => this.qoe.firstFrame(this.deps.clock.now())));
    this.userPaused = !this.config.streaming.autoplay;
    this.sinkUnsubscribers.push(
      sink.on('ended', () => this.toEnded()),
      sink.on('waiting', () => this.tick()),
      sink.on('playing', () => this.tick()),
      sink.on('pause', () => {
        if (this.state === 'ended' || this.state === 'error') return;
        this.userPaused = true;
        if (this.stateMachine.transition('paused')) this.qoe.paused(this.deps.clock.now());
      }),
      sink.on('play', () => {
        this.userPaused = false;
        if (this.state === 'paused') {
          // Let the next tick decide playing vs buffering from the buffer level.
          this.stateMachine.transition('buffering');
          this.events.emit('buffering', { buffering: true });
          this.tick();
        }
      }),
    );
  }

  private toEnded(): void {
    if (this.stateMachine.transition('ended')) {
      this.qoe.paused(this.deps.clock.now());
      this.events.emit('ended', {});
    }
  }

  private scheduleTick(): void {
    this.tickTimer = this.deps.clock.setTimeout(() => {
      this.tickTimer = null;
      this.tick();
      if (this.presentation && this.state !== 'error' && this.state !== 'idle') this.scheduleTick();
    }, TICK_MS);
  }

  /** Playback supervision: state, stalls, gaps, live window, end, stats. */
  private tick(): void {
    const { sink, clock } = this.deps;
    if (!this.presentation) return;
    const now = clock.now();
    const t = sink.currentTime();
    const ahead = this.bufferAhead();
    const ended = this.allEnded();
    const s = this.config.streaming;

    const playedBitrate = this.played.at(t);
    if (!Number.isNaN(playedBitrate) && playedBitrate !== this.qoe.currentBitrate) this.qoe.bitrateChanged(now, playedBitrate);
    this.played.pruneBefore(t - 1);

    const window = this.currentLiveWindow();
    if (window) {
      sink.setSeekableRange?.(window.start, window.end);
      const target = behindWindowRecovery(window, t, this.presentation.maxSegmentDuration);
      if (target !== null) {
        this.events.emit('error', new PlayerError('BEHIND_LIVE_WINDOW', `playhead ${t.toFixed(2)} s fell behind the live window starting at ${window.start.toFixed(2)} s; resuming at ${target.toFixed(2)} s`, { severity: 'recoverable', details: { playhead: t, windowStart: window.start } }));
        void this.seek(target);
        return;
      }
    }

    // Jump small holes (encoder gaps, skipped segments, start offsets).
    const ranges = (this.buffers.get('video') ?? this.buffers.get('audio'))?.buffered() ?? [];
    if (ahead < 0.1) {
      const hole = [...this.schedulers.values()].flatMap((x) => x.skipped).find((r) => t >= r.start - 0.1 && t < r.end);
      const jump = hole ? hole.end + 0.01 : gapJumpTarget(ranges, t, s.gapJumpThreshold);
      if (jump !== null) {
        sink.seek(jump);
        return;
      }
    }

    if (ended && ahead < 0.1 && this.state !== 'seeking') {
      this.toEnded();
    } else if (this.state === 'buffering' || this.state === 'seeking') {
      if (ahead >= Math.min(s.rebufferGoal, this.bufferGoal()) || (ended && ahead > 0)) {
        this.stall.reset(now);
        if (this.userPaused) {
          this.events.emit('buffering', { buffering: false });
          this.stateMachine.transition('paused');
        } else {
          this.stateMachine.transition('playing');
          this.qoe.playing(now); // before the event: listeners read startup time from stats
          this.events.emit('buffering', { buffering: false });
          if (sink.paused()) sink.play().catch((e: unknown) => this.events.emit('error', asError(e).withSeverity('recoverable')));
        }
      }
    } else if (this.state === 'playing') {
      const verdict = this.stall.observe(t, now, ahead, !sink.paused());
      if (ahead < 0.1 && !ended) {
        this.stateMachine.transition('buffering');
        this.qoe.stalled(now);
        this.events.emit('buffering', { buffering: true });
      } else if (verdict === 'stuck-with-data') {
        sink.seek(t + 0.1); // nudge a stuck decoder
      }
    }

    if (now - this.lastStatsAt >= STATS_MS) {
      this.lastStatsAt = now;
      this.events.emit('stats', this.getStats());
    }
  }

  private currentLiveWindow(): LiveWindow | null {
    if (this.presentation?.type !== 'live') return null;
    const tracks = [...this.schedulers.values()].map((s) => s.track).filter((t): t is Track => t !== null);
    return liveWindow(tracks);
  }

  private scheduleRefresh(delayS: number): void {
    if (!Number.isFinite(delayS)) return;
    const gen = this.loadGeneration;
    this.refreshTimer = this.deps.clock.setTimeout(() => {
      this.refreshTimer = null;
      const tracks = [...this.schedulers.values()].map((s) => s.track).filter((t): t is Track => t !== null);
      this.loader
        .refresh(tracks)
        .then((next) => {
          if (gen === this.loadGeneration) this.scheduleRefresh(next);
        })
        .catch((e: unknown) => {
          if (gen !== this.loadGeneration) return;
          // A failed refresh is survivable while the buffer lasts: report and try again.
          this.events.emit('error', asError(e).withSeverity('recoverable'));
          this.scheduleRefresh(delayS);
        });
    }, delayS * 1000);
  }

  private startText(set: SwitchingSet, id?: string): void {
    const renderer = this.deps.textRenderer;
    if (!renderer) return;
    const track = set.tracks.find((t) => t.id === id) ?? set.tracks[0];
    if (!track) return;
    this.text = new TextStreamer({
      track,
      engine: this.engine,
      clock: this.deps.clock,
      renderer,
      ensureIndex: (t) => this.loader.ensureIndex(t),
      playhead: () => this.deps.sink.currentTime(),
      lookaheadS: () => this.bufferGoal(),
      onError: (e) => this.events.emit('error', e.withSeverity('recoverable')),
    });
    renderer.setVisible(true);
    this.text.start();
    this.events.emit('trackchanged', { type: 'text', track });
  }

  /** The telemetry session id, when telemetry is on. */
  get telemetrySessionId(): string | null {
    return this.telemetry?.reporter.sessionId ?? null;
  }

  private startTelemetry(): void {
    const t = this.config.telemetry;
    if (!t.endpoint) return;
    const reporter = new TelemetryReporter({ engine: this.engine, clock: this.deps.clock, endpoint: t.endpoint, batchMs: t.batchMs });
    this.telemetry = { reporter, unbind: bindTelemetry(this, reporter, this.deps.clock, t.heartbeatMs) };
  }

  /**
   * Protected content: select a key system and get licenses through the DRM
   * manager before media flows. Key statuses that forbid output restrict the
   * tracks they cover, so ABR moves off them.
   */
  private async startDrm(presentation: Presentation): Promise<void> {
    const eme = this.deps.eme;
    const protectedContent = presentation.sessionKeys.length > 0 || presentation.periods.some((p) => p.switchingSets.some((s) => s.tracks.some((t) => t.contentProtection.length > 0)));
    if (!eme || !protectedContent) return;
    const drm = new DrmManager({ eme, network: this.deps.network, clock: this.deps.clock }, this.config.drm as DrmConfig);
    this.drm = drm;
    drm.on('error', (e) => (e.severity === 'fatal' ? this.fail(e) : this.events.emit('error', e)));
    drm.on('keystatuses', () => {
      const restricted = new Set(this.getTracks().filter((t) => drm.isTrackRestricted(t)).map((t) => t.id));
      this.abr.setCaps({ restrictedTrackIds: restricted });
    });
    await drm.attach(presentation);
  }

  private stopAll(): void {
    if (this.drm) {
      this.drmTeardown = this.drm.destroy().catch(() => undefined);
      this.drm = null;
    }
    if (this.telemetry) {
      this.telemetry.unbind();
      void this.telemetry.reporter.stop();
      this.telemetry = null;
    }
    for (const s of this.schedulers.values()) s.stop();
    for (const b of this.buffers.values()) b.destroy();
    this.schedulers.clear();
    this.buffers.clear();
    this.text?.stop();
    this.text = null;
    for (const off of this.sinkUnsubscribers) off();
    this.sinkUnsubscribers = [];
    if (this.tickTimer !== null) this.deps.clock.clearTimeout(this.tickTimer);
    if (this.refreshTimer !== null) this.deps.clock.clearTimeout(this.refreshTimer);
    this.tickTimer = this.refreshTimer = null;
    this.endOfStreamSignalled = false;
    this.played.clear();
    this.bufferGoalOverride = null;
    this.pathways.detach();
  }

  private fail(error: EdgeplayError): void {
    const fatal = error.severity === 'fatal' ? error : error.withSeverity('fatal');
    this.stateMachine.transition('error');
    this.qoe.paused(this.deps.clock.now());
    this.events.emit('error', fatal);
    // After the event, so telemetry still records (and flushes) the error.
    this.stopAll();
    this.pendingLoad?.reject(fatal);
    this.pendingLoad = null;
  }
}

/** Audio: keep the current track if still offered, else the highest bandwidth (audio is cheap next to video). */
function pickAudio(candidates: readonly Track[], current: Track | null): Track {
  if (current && candidates.some((t) => t.id === current.id)) return current;
  return candidates.reduce((a, b) => (b.bandwidth > a.bandwidth ? b : a));
}

function lowestBandwidthOf(tracks: readonly Track[]): number {
  const lowest = tracks.reduce((m, t) => (t.trickMode ? m : Math.min(m, t.bandwidth)), Infinity);
  return Number.isFinite(lowest) ? lowest : 0;
}

function asError(e: unknown): EdgeplayError {
  if (isEdgeplayError(e)) return e;
  return new PlayerError('INVALID_STATE', e instanceof Error ? e.message : String(e), { cause: e });
}
