import type { AbrStrategy } from '../abr/abr-strategy.js';
import type { EdgeplayError } from '../errors/edgeplay-error.js';
import { asError } from '../errors/as-error.js';
import { PlayerError } from '../errors/player-error.js';
import type { Presentation, Track } from '../manifest/model.js';
import { StallDetector } from '../media/stall-detector.js';
import { RequestEngine } from '../net/request-engine.js';
import { TransferHistory } from '../abr/transfer-history.js';
import { LastSessionBandwidth } from '../abr/last-session-bandwidth.js';
import { setAllowedUriSchemes } from '../manifest/resolve.js';
import { QoeCollector } from '../qoe/qoe-collector.js';
import { PathwayManager } from '../steering/pathway-manager.js';
import { EventEmitter, type Listener } from '../util/event-emitter.js';
import { defaultPlayerConfig, mergeConfig, validateConfig, type DeepPartial, type PlayerConfig } from './config.js';
import type { PlayerEvents, PlayerStats } from './events.js';
import { ManifestLoader } from './manifest-loader.js';
import { periodAt } from './period-tracks.js';
import { PlaybackSession } from './playback-session.js';
import { playerStats } from './player-stats.js';
import { defaultPlayerComponents } from './default-components.js';
import { composePlayer, type ComposedPlayer, type ModularPlayerComponents, type PlayerComponents } from './player-components.js';
import type { LoadOptions, PlayerDeps, PlayerNetwork } from './player-deps.js';
import { PlayerStateMachine, type PlayerState } from './player-state.js';
import type { SessionEnv } from './session-env.js';
import type { DroppedTrack } from './track-probe.js';
import { chooseAudioSet } from './track-selection.js';

export type { LoadOptions, PlayerDeps, PlayerNetwork } from './player-deps.js';

/**
 * The player engine with only the feature modules it is given (at least one
 * manifest format; DRM, steering, text, telemetry and segment stages are
 * optional): what the DASH-only, HLS-only and no-DRM bundle entries build,
 * so that what they leave out is never imported. Apps normally use
 * {@link Player}, which registers every module.
 *
 * Its API, events and configuration are the Player's. Each `load()` runs in a
 * {@link PlaybackSession} (tracks, stream schedulers, supervision, DRM, text,
 * telemetry), disposed on unload. Every decision is delegated to a
 * component (see {@link PlayerComponents}) — the player constructs none of
 * them itself. DOM-free: the web, TV and simulator bindings all drive this
 * same class.
 */
export class ModularPlayer {
  private readonly events = new EventEmitter<PlayerEvents>();
  private config: PlayerConfig;
  private readonly parts: ComposedPlayer;
  private readonly engine: RequestEngine;
  private readonly pathways: PathwayManager;
  private readonly loader: ManifestLoader;
  private readonly qoe = new QoeCollector();
  private readonly transfers = new TransferHistory();
  private readonly lastBandwidth: LastSessionBandwidth | null;
  private readonly stateMachine: PlayerStateMachine;
  private stall: StallDetector;
  private readonly env: SessionEnv;
  private session: PlaybackSession | null = null;
  private destroyed = false;
  /** Settles the load() in progress (see {@link load}). */
  private pendingLoad: { resolve: () => void; reject: (e: EdgeplayError) => void } | null = null;
  /** Request/response filters, the only part of the request engine apps reach. */
  readonly network: PlayerNetwork;

  constructor(
    private readonly deps: PlayerDeps,
    config: DeepPartial<PlayerConfig> | undefined,
    components: ModularPlayerComponents,
  ) {
    this.config = validateConfig(mergeConfig<PlayerConfig>(defaultPlayerConfig(), config));
    setAllowedUriSchemes(this.config.manifest.allowedUriSchemes);
    this.parts = composePlayer({ clock: deps.clock, config: () => this.config }, components);
    this.pathways = new PathwayManager({ clock: deps.clock, selector: this.parts.pathwaySelector, ...(this.parts.steering ? { steering: this.parts.steering } : {}) });
    this.pathways.on('cdnchanged', (c) => this.events.emit('cdnchanged', c));
    this.pathways.on('error', (e) => this.events.emit('error', e.withSeverity('recoverable')));
    this.lastBandwidth = deps.storage ? new LastSessionBandwidth(deps.storage, deps.clock) : null;
    this.engine = new RequestEngine({ client: deps.network, clock: deps.clock, pathways: this.pathways, retry: this.config.net.retry, timeouts: this.config.net.timeouts });
    this.engine.onTransfer((sample, info) => {
      // An attempt abandoned because its cache failed measured that cache, not the network ABR plans with.
      if (!info.complete && info.failureReason) return;
      if (info.kind === 'segment' || info.kind === 'init') this.parts.estimator.addSample(sample);
      this.transfers.add(sample, info);
      // Kept for the next session's first decision (throttled inside).
      if (info.kind === 'segment' && info.complete) this.lastBandwidth?.write(this.parts.estimator.getEstimate());
    });
    this.network = { addRequestFilter: (f) => this.engine.addRequestFilter(f), addResponseFilter: (f) => this.engine.addResponseFilter(f) };
    this.parts.abr.on('strategyerror', (e) => this.events.emit('error', new PlayerError('ABR_STRATEGY_FAILED', `ABR strategy ${this.parts.abr.strategyName} failed: ${asError(e).message}; the last choice stays`, { severity: 'recoverable', cause: e })));
    this.applyCaps();
    this.loader = new ManifestLoader(this.engine, deps.clock, this.parts.manifestParsers);
    this.stateMachine = new PlayerStateMachine((from, to) => this.events.emit('statechange', { from, to }));
    this.stall = new StallDetector(this.config.streaming.stallThresholdMs);
    this.env = {
      deps,
      config: () => this.config,
      engine: this.engine,
      pathways: this.pathways,
      loader: this.loader,
      parts: this.parts,
      transfers: this.transfers,
      lastBandwidth: this.lastBandwidth,
      qoe: this.qoe,
      state: this.stateMachine,
      stall: () => this.stall,
      events: this.events,
      source: this,
      fail: (e) => this.fail(e),
      seek: (t) => void this.seek(t),
    };
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

  /**
   * Emits `error` with a recoverable problem a platform component met outside
   * the player's own calls (e.g. the web binding's transmux worker failing and
   * transmuxing falling back to the main thread). Playback is not affected.
   */
  reportRecoverable(error: EdgeplayError): void {
    this.events.emit('error', error.withSeverity('recoverable'));
  }

  /** Applies a partial configuration (validated; throws `INVALID_CONFIG`). */
  configure(partial: DeepPartial<PlayerConfig>): void {
    this.config = validateConfig(mergeConfig<PlayerConfig>(this.config, partial));
    setAllowedUriSchemes(this.config.manifest.allowedUriSchemes);
    const a = this.config.abr;
    this.parts.abr.configure({ minSwitchIntervalMs: a.minSwitchIntervalMs, upSwitchHoldAfterDownMs: a.upSwitchHoldAfterDownMs, emergencyBufferS: a.emergencyBufferS, emergencySafetyFactor: a.emergencySafetyFactor });
    if (partial.abr?.enabled !== undefined) this.parts.abr.enable(a.enabled);
    this.stall = new StallDetector(this.config.streaming.stallThresholdMs);
    this.applyCaps();
  }

  getConfig(): Readonly<PlayerConfig> {
    return this.config;
  }

  getPresentation(): Presentation | null {
    return this.session?.presentation ?? null;
  }

  /** The telemetry session id, when telemetry is on. */
  get telemetrySessionId(): string | null {
    return this.session?.telemetrySessionId ?? null;
  }

  /**
   * Loads and starts playing `url`. Resolves once tracks are chosen and
   * buffering has started (`loaded`); rejects with the typed error (also
   * emitted as `error`) when the manifest or first index cannot be loaded.
   */
  async load(url: string, options: LoadOptions = {}): Promise<void> {
    if (this.destroyed) throw new PlayerError('INVALID_STATE', 'load() after destroy()');
    if (this.state !== 'idle') await this.unload();
    const session = new PlaybackSession(this.env);
    this.session = session;
    // A fatal error raised elsewhere while loading (DRM, a scheduler, the sink) must settle this
    // promise too — the step load() is awaiting may never complete once everything is stopped.
    const outcome = new Promise<void>((resolve, reject) => (this.pendingLoad = { resolve, reject }));
    outcome.catch(() => undefined);
    const opening = session.open(url, options).catch((e: unknown) => {
      if (session.disposed) return;
      const error = asError(e);
      this.fail(error);
      throw error;
    });
    try {
      await Promise.race([opening, outcome]);
    } finally {
      this.pendingLoad = null;
    }
  }

  /** Stops playback and releases the sink's buffers; the player can load again. */
  async unload(): Promise<void> {
    const session = this.session;
    this.session = null;
    // A load still in progress is superseded: it resolves, as it always did when a later call won.
    this.pendingLoad?.resolve();
    this.pendingLoad = null;
    session?.dispose();
    this.stateMachine.reset();
    await this.deps.sink.destroy().catch(() => undefined);
    // MediaKeys can only be removed from an element without a media source (Chromium refuses with
    // "cannot be removed at this time"), so the DRM manager's own detach may have failed while the
    // source was still attached: detach again now that it is gone, before a new load attaches its own.
    const teardown = session?.drmTeardown;
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

  /** Every track of the current period (video, audio and text) the platform can play; see {@link Player.getUnsupportedTracks} for the others. */
  getTracks(): Track[] {
    const period = this.currentPeriod();
    const unsupported = new Set(this.session?.unsupported.map((d) => d.track.id));
    return period ? period.switchingSets.flatMap((s) => s.tracks).filter((t) => !unsupported.has(t.id)) : [];
  }

  /**
   * Audio and video tracks of the first period left out at load because the
   * platform cannot play them (`isTypeSupported` said no for the type they
   * would be appended as), each with a reason and the type asked about. They
   * are absent from {@link Player.getTracks}; empty before a load.
   */
  getUnsupportedTracks(): DroppedTrack[] {
    return [...(this.session?.unsupported ?? [])];
  }

  /**
   * Selects a track. A video track is pinned and ABR turns off (until
   * `enableAbr(true)`); an audio track switches the audio set; text delegates
   * to {@link selectText}.
   */
  selectTrack(idOrTrack: string | Track): void {
    const id = typeof idOrTrack === 'string' ? idOrTrack : idOrTrack.id;
    const set = this.currentPeriod()?.switchingSets.find((s) => s.tracks.some((t) => t.id === id));
    const track = set?.tracks.find((t) => t.id === id);
    if (!set || !track || !this.session) throw new PlayerError('UNKNOWN_TRACK', `no track with id ${id} in the current period`, { details: { id } });
    if (track.type === 'text') return this.selectText(id);
    if (track.type !== 'video' && track.type !== 'audio') throw new PlayerError('UNKNOWN_TRACK', `track ${id} is ${track.type}, not playable`);
    if (track.type === 'video') this.parts.abr.selectManually(track);
    this.session.sets[track.type] = set;
    this.session.endOfStreamSignalled = false;
    void this.session.streams.get(track.type)?.scheduler.switchTrack(track, 'manual');
  }

  /** Replaces the video ABR strategy from the next decision on (e.g. a learned policy once loaded). */
  setAbrStrategy(strategy: AbrStrategy): void {
    this.parts.abr.setStrategy(strategy);
  }

  /** ABR on/off. Turning it on releases a manual selection. */
  enableAbr(on: boolean): void {
    this.config = mergeConfig(this.config, { abr: { enabled: on } });
    this.parts.abr.enable(on);
  }

  /** Languages of the audio sets in the current period. */
  getAudioLanguages(): string[] {
    const langs = this.currentPeriod()?.switchingSets.filter((s) => s.type === 'audio').map((s) => s.language ?? 'und') ?? [];
    return [...new Set(langs)];
  }

  /** Switches audio to the first set in `language`. */
  selectAudio(language: string): void {
    const period = this.currentPeriod();
    const set = period ? chooseAudioSet(period, () => true, language) : null;
    if (!set || !this.session || (set.language ?? 'und').split('-')[0] !== language.split('-')[0]) {
      throw new PlayerError('UNKNOWN_TRACK', `no audio in language ${language}`, { details: { language } });
    }
    this.config = mergeConfig(this.config, { preferences: { audioLanguage: language } });
    this.session.sets.audio = set;
    this.session.endOfStreamSignalled = false;
    const track = set.tracks.reduce((a, b) => (b.bandwidth > a.bandwidth ? b : a));
    void this.session.streams.get('audio')?.scheduler.switchTrack(track, 'manual');
  }

  getTextTracks(): Track[] {
    return this.getTracks().filter((t) => t.type === 'text');
  }

  /** Shows the text track `id`, or hides subtitles with null. */
  selectText(id: string | null): void {
    this.session?.stopText();
    this.deps.textRenderer?.clear();
    if (id === null) {
      if (this.session) this.session.sets.text = null;
      this.deps.textRenderer?.setVisible(false);
      this.events.emit('trackchanged', { type: 'text', track: null });
      return;
    }
    const set = this.currentPeriod()?.switchingSets.find((s) => s.type === 'text' && s.tracks.some((t) => t.id === id));
    if (!set || !this.session) throw new PlayerError('UNKNOWN_TRACK', `no text track with id ${id}`, { details: { id } });
    this.session.sets.text = set;
    this.session.startText(set, id);
  }

  /**
   * Seeks. Unbuffered targets abort downloads in flight and refetch from the
   * segment covering `time`. Live seeks are clamped to the DVR window.
   */
  async seek(time: number): Promise<void> {
    const session = this.session;
    if (!session?.presentation || !Number.isFinite(time)) return;
    let t = Math.max(0, time);
    const window = session.liveWindow();
    if (window) t = Math.min(Math.max(t, window.start), window.end);
    else if (session.presentation.duration !== null) t = Math.min(t, session.presentation.duration);
    this.stateMachine.transition('seeking');
    session.supervision.seeked();
    session.endOfStreamSignalled = false;
    this.deps.sink.seek(t);
    this.qoe.paused(this.deps.clock.now());
    await Promise.all([...session.streams.values()].map((s) => s.scheduler.seek(t)));
    session.seekText(t);
    this.stall.reset(this.deps.clock.now());
    if (this.stateMachine.transition('buffering')) this.events.emit('buffering', { buffering: true });
  }

  /** Current figures (also emitted as `stats` every second). */
  getStats(): PlayerStats {
    this.qoe.frameCounts(this.deps.sink.playbackQuality());
    const streams = this.session?.streams;
    const main = streams?.get('video')?.scheduler.track ?? streams?.get('audio')?.scheduler.track ?? null;
    const bufferAhead = this.session?.supervision.bufferAhead() ?? 0;
    return playerStats({ estimatedBandwidth: this.parts.estimator.getEstimate(), bufferAhead, main, qoe: this.qoe.summary(this.deps.clock.now()), pathways: this.pathways.stats() });
  }

  private currentPeriod(): ReturnType<typeof periodAt> {
    return periodAt(this.session?.presentation ?? null, this.deps.sink.currentTime());
  }

  private applyCaps(): void {
    const a = this.config.abr;
    this.parts.abr.setCaps({ maxResolution: a.maxResolution, displaySize: a.restrictToElementSize ? this.deps.sink.displaySize() : null, devicePixelRatio: a.devicePixelRatio });
  }

  private fail(error: EdgeplayError): void {
    const fatal = error.severity === 'fatal' ? error : error.withSeverity('fatal');
    this.stateMachine.transition('error');
    this.qoe.paused(this.deps.clock.now());
    this.events.emit('error', fatal);
    // After the event, so telemetry still records (and flushes) the error.
    this.session?.dispose();
    this.pendingLoad?.reject(fatal);
    this.pendingLoad = null;
  }
}

/**
 * The player: {@link ModularPlayer} with every feature module registered
 * (DASH and HLS, DRM, content steering, subtitles, telemetry, the segment
 * stages: {@link defaultPlayerComponents}); `components` replaces any slot.
 */
export class Player extends ModularPlayer {
  constructor(deps: PlayerDeps, config?: DeepPartial<PlayerConfig>, components: Partial<PlayerComponents> = {}) {
    super(deps, config, { ...defaultPlayerComponents(), ...components });
  }
}
