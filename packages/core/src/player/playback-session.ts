/**
 * Everything one `load()` owns — the presentation, the selected switching
 * sets, the stream schedulers, live refresh, the DRM, text and telemetry
 * lifecycles, the playhead supervision timer — disposed as a whole on unload
 * or failure. A disposed session drops late results by itself, so no
 * load-generation counter is needed: each awaited step checks `disposed`.
 */
import { PlayerError } from '../errors/player-error.js';
import { DrmError } from '../drm/drm-error.js';
import type { Presentation, SegmentReference, SwitchingSet, Track } from '../manifest/model.js';
import { sinkTypeOf } from '../media/stream-scheduler.js';
import { discoverCodecs } from './codec-discovery.js';
import type { StreamBus, StreamType } from '../media/stream-context.js';
import { PlayedBitrateTimeline } from '../qoe/played-bitrate-timeline.js';
import { TimelineMapper } from '../timeline/timeline-mapper.js';
import { CaptionHub } from '../text/caption-hub.js';
import { addCaptionSets, captionChannelOf, isCaptionTrack } from '../text/caption-tracks.js';
import type { TimerHandle } from '../platform/clock.js';
import { EventEmitter } from '../util/event-emitter.js';
import { asError } from '../errors/as-error.js';
import type { LoadOptions } from './player-deps.js';
import { liveDelayOf, liveStartPosition, liveWindow, type LiveWindow } from './live-controller.js';
import { isProtected, periodAt } from './period-tracks.js';
import type { DrmSession, TelemetrySession, TextSession } from './player-components.js';
import type { SessionEnv } from './session-env.js';
import { buildAbrContext, createStream, type Stream, type StreamHost } from './session-streams.js';
import { SessionSupervision } from './session-supervision.js';
import { chooseAudioSet, chooseTextSet, chooseVideoSet } from './track-selection.js';
import { probeTracks, type DroppedTrack } from './track-probe.js';

/** One load's state and lifecycles (see the module docs). */
export class PlaybackSession implements StreamHost {
  presentation!: Presentation;
  readonly sets: Record<'video' | 'audio' | 'text', SwitchingSet | null> = { video: null, audio: null, text: null };
  readonly streams = new Map<StreamType, Stream>();
  readonly bus: StreamBus = new EventEmitter();
  readonly played = new PlayedBitrateTimeline();
  /** HLS media clocks → playlist time, per discontinuity sequence; one per load, so it holds across variant switches and live reloads. */
  readonly timeline = new TimelineMapper();
  /** CEA-608/708 captions of this load's video (the caption stage writes, caption text tracks read). */
  readonly captions = new CaptionHub({ onChannel: (channel) => this.captionsFound(channel) });
  readonly supervision: SessionSupervision;
  disposed = false;
  endOfStreamSignalled = false;
  /** Tracks of the first period the platform cannot play, with why (what `Player.getUnsupportedTracks()` returns). */
  unsupported: DroppedTrack[] = [];
  /** Resolves when the DRM manager released its keys (unload awaits it before detaching MediaKeys). */
  drmTeardown: Promise<void> | null = null;
  private text: TextSession | null = null;
  private telemetry: TelemetrySession | null = null;
  private drm: DrmSession | null = null;
  private refreshTimer: TimerHandle | null = null;

  constructor(private readonly env: SessionEnv) {
    this.supervision = new SessionSupervision(env, this);
  }

  get telemetrySessionId(): string | null {
    return this.telemetry?.sessionId ?? null;
  }

  hasVideo(): boolean {
    return this.streams.has('video');
  }

  /** Tracks the schedulers currently fetch. */
  activeTracks(): Track[] {
    return [...this.streams.values()].map((s) => s.scheduler.track).filter((t): t is Track => t !== null);
  }

  liveWindow(): LiveWindow | null {
    return this.presentation?.type === 'live' ? liveWindow(this.activeTracks()) : null;
  }

  allEnded(): boolean {
    if (!this.streams.size) return false;
    for (const s of this.streams.values()) if (!s.scheduler.ended) return false;
    return true;
  }

  maybeEndOfStream(): void {
    if (this.endOfStreamSignalled || !this.allEnded()) return;
    this.endOfStreamSignalled = true;
    this.env.deps.sink.endOfStream();
  }

  /** Loads `url` and starts buffering. Resolves early (without effect) once disposed. */
  async open(url: string, options: LoadOptions): Promise<void> {
    const { env } = this;
    const { clock, sink } = env.deps;
    env.qoe.loadStarted(clock.now());
    env.state.transition('loading');
    // Attach the media source while the manifest loads: 'sourceopen' costs a round trip through the
    // browser's event loop that need not sit on the startup path.
    const opening = sink.open();
    opening.catch(() => undefined);
    // Before the manifest request: its transfer is evidence for the start prior.
    env.transfers.reset();
    const presentation = await env.loader.load(url);
    if (this.disposed) return;
    this.presentation = presentation;
    // Refused before any segment is fetched, rather than failing later as an undecodable stream.
    if (isProtected(presentation) && !env.parts.drm) throw new DrmError('DRM_NOT_REGISTERED', `${url}: the presentation is protected, but this player was composed without a DRM module (components.drm); use the full entry or register createDrmModule()`, { details: { url, format: presentation.format } });
    // Captions the manifest declares (HLS CLOSED-CAPTIONS, DASH Accessibility cea-608/708) are text tracks from the start.
    for (const period of presentation.periods) addCaptionSets(period);
    env.parts.abr.reset();
    env.parts.estimator.reset();
    env.parts.bufferPolicy.reset();
    await env.pathways.attach(presentation, { engine: env.engine, steering: env.config().failover.steering, throughput: () => env.parts.estimator.getEstimate() });
    if (this.disposed) return;
    const initial = this.selectInitialTracks(url);
    await Promise.all(Object.values(initial).map((t) => env.loader.ensureIndex(t)));
    if (this.disposed) return;
    // HLS without CODECS: the buffer type comes from the first segment (decrypted / transmuxed by the stages).
    const discovery = { engine: env.engine, stages: env.parts.segmentStages, stageContext: { signal: new AbortController().signal, timeline: this.timeline, format: presentation.format }, isTypeSupported: (t: string) => env.deps.sink.isTypeSupported(t) };
    await Promise.all(Object.values(initial).map((t) => discoverCodecs(t, discovery)));
    if (this.disposed) return;
    // Protected content: the key system is chosen and the sessions opened (the licence request follows their
    // message) while the init and first media segments download; appends wait for MediaKeys (issue 13.9:
    // this used to sit in front of every media request).
    const drmReady = this.startDrm(presentation);
    drmReady.catch(() => undefined);
    // A DRM failure rejects the load even while the media source has not opened (it may never).
    await Promise.race([opening, drmReady.then(() => opening)]);
    if (this.disposed) return;
    const start = this.startPosition(options, Object.values(initial));
    for (const type of ['video', 'audio'] as const) {
      const track = initial[type];
      if (track) this.streams.set(type, createStream(env, this, type, track, drmReady));
    }
    this.listenToStreams();
    this.supervision.listenToSink();
    sink.seek(start);
    env.stall().reset(clock.now());
    env.state.transition('buffering');
    env.events.emit('buffering', { buffering: true });
    for (const s of this.streams.values()) s.scheduler.start();
    await drmReady;
    if (this.disposed) return;
    if (this.sets.text && env.deps.textRenderer) this.startText(this.sets.text);
    this.telemetry = env.parts.telemetry?.start({ engine: env.engine, clock, config: env.config().telemetry, player: env.source }) ?? null;
    env.events.emit('loaded', { presentation });
    this.supervision.start();
  }

  private selectInitialTracks(url: string): Partial<Record<StreamType, Track>> {
    const { env } = this;
    const period = this.presentation.periods[0];
    if (!period) throw new PlayerError('NO_PLAYABLE_TRACKS', `${url}: the presentation has no periods`);
    // Probe before any buffer exists, so a refusal has a reason. Audio/video without codecs are kept:
    // codec discovery reads their type from the first segment (HLS without CODECS) and refuses it then.
    const sink = env.deps.sink;
    const probed = probeTracks(
      period.switchingSets.flatMap((s) => s.tracks).filter((t) => (t.type === 'video' || t.type === 'audio') && t.codecs && t.mimeType),
      { isTypeSupported: (type) => sink.isTypeSupported(type) },
      { contentTypeOf: (t) => sinkTypeOf(t, env.parts.segmentStages) },
    );
    this.unsupported = probed.dropped;
    const droppedIds = new Set(probed.dropped.map((d) => d.track.id));
    const supported = (t: Track): boolean => !droppedIds.has(t.id);
    const prefs = env.config().preferences;
    this.sets.video = chooseVideoSet(period, supported);
    this.sets.audio = chooseAudioSet(period, supported, prefs.audioLanguage);
    this.sets.text = chooseTextSet(period, prefs.textLanguage);
    if (this.sets.video?.tracks.every((t) => t.muxedAudio)) this.sets.audio = null;
    if (!this.sets.video && !this.sets.audio) {
      const why = this.unsupported.map((d) => d.message).join('; ');
      throw new PlayerError('NO_PLAYABLE_TRACKS', `${url}: no video or audio track this platform can play${why ? ` (${why})` : ''}`, { details: { url, unsupported: this.unsupported.map((d) => ({ id: d.track.id, reason: d.reason, contentType: d.contentType })) } });
    }
    // Load the first tracks' indexes (in parallel): HLS only learns container and live/VOD from the media playlist.
    const initial: Partial<Record<StreamType, Track>> = {};
    if (this.sets.video) initial.video = this.firstVideoTrack(this.sets.video.tracks.filter(supported));
    if (this.sets.audio) initial.audio = this.sets.audio.tracks.reduce((a, b) => (b.bandwidth > a.bandwidth ? b : a));
    return initial;
  }

  private firstVideoTrack(candidates: Track[]): Track {
    if (candidates.length === 0) throw new PlayerError('NO_PLAYABLE_TRACKS', 'no playable video track (all unsupported or restricted)');
    try {
      return this.env.parts.abr.choose(buildAbrContext(this.env, this.presentation, { tracks: candidates, current: null, bufferLevel: 0, segmentDuration: 4 })).track;
    } catch (e) {
      if (e instanceof RangeError) throw new PlayerError('NO_PLAYABLE_TRACKS', e.message, { cause: e });
      throw e;
    }
  }

  private startPosition(options: LoadOptions, initial: Track[]): number {
    const { sink } = this.env.deps;
    const p = this.presentation;
    let start = Math.max(0, options.startTime ?? 0);
    if (p.type === 'live') {
      const window = liveWindow(initial);
      if (window) {
        start = liveStartPosition(window, liveDelayOf(p, this.env.config().streaming.liveDelay));
        sink.setSeekableRange?.(window.start, window.end);
      }
      this.scheduleRefresh(Math.max(1, p.minimumUpdatePeriod ?? p.maxSegmentDuration));
    } else if (p.duration !== null) {
      sink.setDuration(p.duration);
      start = Math.min(start, Math.max(0, p.duration - 0.5));
    }
    return start;
  }

  private listenToStreams(): void {
    const { env } = this;
    this.bus.on('trackchanged', ({ type, from, to, kind, reason }) => {
      if (from && to.type === 'video') env.events.emit('adaptation', { from, to, reason: adaptationReason(kind), detail: reason });
      env.events.emit('trackchanged', { type, track: to });
    });
    this.bus.on('segmentloaded', ({ type, track, ref, response }) => {
      env.pathways.served(response.pathway, response.failedOverReason);
      // QoE follows what is played, which is up to a buffer goal behind what is fetched.
      if (type === 'video' || !this.sets.video) this.played.record(ref.start, ref.end, track.bandwidth);
      this.supervision.segmentLoaded(type);
      // Waiting for data: decide at once rather than at the next 250 ms tick (startup, seek, stall).
      if (env.state.state === 'buffering' || env.state.state === 'seeking') this.supervision.tick();
    });
    this.bus.on('error', (e) => (e.severity === 'fatal' ? env.fail(e) : env.events.emit('error', e)));
    this.bus.on('ended', () => this.maybeEndOfStream());
  }

  private scheduleRefresh(delayS: number): void {
    if (!Number.isFinite(delayS)) return;
    this.refreshTimer = this.env.deps.clock.setTimeout(() => {
      this.refreshTimer = null;
      this.env.loader
        .refresh(this.activeTracks())
        .then((next) => {
          if (!this.disposed) this.scheduleRefresh(next);
        })
        .catch((e: unknown) => {
          if (this.disposed) return;
          // A failed refresh is survivable while the buffer lasts: report and try again.
          this.env.events.emit('error', asError(e).withSeverity('recoverable'));
          this.scheduleRefresh(delayS);
        });
    }, delayS * 1000);
  }

  /** Shows `set`'s track `id` (default its first), replacing the subtitles shown. */
  startText(set: SwitchingSet, id?: string): void {
    const { env } = this;
    const renderer = env.deps.textRenderer;
    const module = env.parts.textModule;
    this.stopText();
    if (!renderer || !module) return;
    const track = set.tracks.find((t) => t.id === id) ?? set.tracks[0];
    if (!track) return;
    if (isCaptionTrack(track)) {
      this.text = this.captions.show(captionChannelOf(track), renderer);
      renderer.setVisible(true);
      env.events.emit('trackchanged', { type: 'text', track });
      return;
    }
    this.text = module.start({
      track,
      engine: env.engine,
      clock: env.deps.clock,
      renderer,
      ensureIndex: (t) => env.loader.ensureIndex(t),
      playhead: () => env.deps.sink.currentTime(),
      lookaheadS: () => env.parts.bufferPolicy.bufferGoal(),
      onError: (e) => env.events.emit('error', e.withSeverity('recoverable')),
      ...(this.presentation.format === 'hls' ? { mediaOffset: (ref: SegmentReference) => this.timeline.offsetOf(ref.discontinuity) } : {}),
    });
    renderer.setVisible(true);
    env.events.emit('trackchanged', { type: 'text', track });
  }

  /** A caption channel the manifest did not declare produced cues: list it as a text track too. */
  private captionsFound(channel: string): void {
    if (this.disposed || !this.presentation) return;
    for (const period of this.presentation.periods) addCaptionSets(period, [{ channel }]);
  }

  stopText(): void {
    this.text?.stop();
    this.text = null;
  }

  seekText(time: number): void {
    this.text?.seek(time);
  }

  /**
   * Protected content: select a key system and get licenses through the DRM
   * manager before media flows. Key statuses that forbid output restrict the
   * tracks they cover, so ABR moves off them. Without an EME surface (a
   * platform that has none) protected content is attempted as if clear.
   */
  private async startDrm(presentation: Presentation): Promise<void> {
    const { env } = this;
    const eme = env.deps.eme;
    const module = env.parts.drm;
    if (!eme || !module || !isProtected(presentation)) return;
    const drm = module.start({ eme, network: env.deps.network, clock: env.deps.clock, requests: env.engine, config: env.config().drm });
    this.drm = drm;
    drm.on('error', (e) => (e.severity === 'fatal' ? env.fail(e) : env.events.emit('error', e)));
    drm.on('keystatuses', () => {
      const tracks = periodAt(presentation, env.deps.sink.currentTime())?.switchingSets.flatMap((s) => s.tracks) ?? [];
      env.parts.abr.setCaps({ restrictedTrackIds: new Set(tracks.filter((t) => drm.isTrackRestricted(t)).map((t) => t.id)) });
    });
    await drm.attach(presentation);
  }

  /** Stops everything this load started. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const { env } = this;
    if (this.drm) this.drmTeardown = this.drm.destroy().catch(() => undefined);
    this.drm = null;
    this.telemetry?.stop();
    this.telemetry = null;
    for (const s of this.streams.values()) {
      s.scheduler.stop();
      s.buffer.destroy();
    }
    this.streams.clear();
    this.stopText();
    this.supervision.stop();
    if (this.refreshTimer !== null) env.deps.clock.clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    this.bus.removeAllListeners();
    this.played.clear();
    env.parts.bufferPolicy.reset();
    env.pathways.detach();
  }
}

/** The public `adaptation.reason` of a decision kind. */
function adaptationReason(kind: string): string {
  return kind === 'strategy' || kind === 'held' ? 'abr' : kind;
}
