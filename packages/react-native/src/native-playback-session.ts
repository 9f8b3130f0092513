import {
  DefaultPathwaySelector,
  EdgeplayError,
  EventEmitter,
  EwmaThroughputEstimator,
  ManifestError,
  NetworkError,
  PlayerError,
  RequestEngine,
  SteeringClient,
  StreamSession,
  TelemetryReporter,
  detectFormat,
  parseDashManifest,
  parseHlsManifest,
  type BaseUrl,
  type Clock,
  type NetworkClient,
  type Presentation,
} from '@edgeplay/core';
import type { EdgeplaySource } from './edgeplay-source.js';
import { nativeDrmProps, type NativeVideoProps } from './native-video-props.js';

/** The source the native player should play now. */
export interface NativeSourceChoice {
  uri: string;
  cacheId: string;
  /** Seconds: where the native player starts (the last position on a failover). */
  startPosition: number;
  /** `initial`, `failure:<why>` (native error or stall on the previous cache), or `steering`. */
  reason: string;
}

/** Events of a {@link NativePlaybackSession}. */
export interface NativePlaybackEvents {
  /** A (new) source for the native player: render it. */
  source: NativeSourceChoice;
  /** The serving cache changed (same payload shape as the web player's `cdnchanged`). */
  cdnchanged: { from: string | null; to: string; reason: string };
  error: EdgeplayError;
}

/** Platform pieces the session runs on. */
export interface NativePlaybackDeps {
  clock: Clock;
  network: NetworkClient;
}

const DEFAULT_STALL_FAILOVER_MS = 8000;
/** A native bandwidth report stands for roughly one second of transfer (react-native-video reports ~1/s). */
const BANDWIDTH_SAMPLE_MS = 1000;

/**
 * What the core does above a native player (react-native-video: Media3 /
 * AVPlayer), which fetches and renders the segments itself:
 * loads and parses the manifest from the best cache (failing over between
 * caches through the request engine), ranks caches with the penalty box and
 * the manifest's content-steering server, picks the URL the native player
 * gets, and **fails over by re-issuing the source at the last position** when
 * the native player reports an error or stays stalled. Native bandwidth
 * reports feed the core's estimator; DRM is mapped onto the native `drm` prop
 * with the stream-session heartbeats and release run here; QoE goes through
 * the core's telemetry reporter.
 *
 * Per-segment failover (what the web player does) needs a native DataSource /
 * resource-loader plugin; this adapter does not have one.
 */
export class NativePlaybackSession {
  private readonly events = new EventEmitter<NativePlaybackEvents>();
  private readonly selector: DefaultPathwaySelector;
  private readonly engine: RequestEngine;
  private readonly estimator = new EwmaThroughputEstimator();
  private readonly bases: BaseUrl[];
  private presentation: Presentation | null = null;
  private steering: SteeringClient | null = null;
  private streamSession: StreamSession | null = null;
  private telemetry: TelemetryReporter | null = null;
  private choice: NativeSourceChoice | null = null;
  private position = 0;
  private buffering = false;
  private lastEventAt = 0;
  private stallTimer: unknown = null;
  private loadStartedAt = 0;
  private started = false;
  private stopped = false;
  private failovers = 0;

  constructor(
    private readonly source: EdgeplaySource,
    private readonly deps: NativePlaybackDeps,
  ) {
    if (!source.caches.length) throw new PlayerError('INVALID_CONFIG', 'EdgeplaySource.caches must list at least one cache', { details: { field: 'caches' } });
    this.bases = source.caches.map((c) => ({ url: c.manifestUrl, pathwayId: c.id }));
    this.selector = new DefaultPathwaySelector({ clock: deps.clock });
    this.engine = new RequestEngine({ client: deps.network, clock: deps.clock, pathways: this.selector });
    this.position = source.startTime ?? 0;
  }

  on<K extends keyof NativePlaybackEvents>(type: K, listener: (e: NativePlaybackEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  /** The parsed manifest (null before {@link start} resolves). */
  getPresentation(): Presentation | null {
    return this.presentation;
  }

  /** The source in force. */
  getSource(): NativeSourceChoice | null {
    return this.choice;
  }

  /** Throughput estimate from the native player's reports, bits/s (NaN before any). */
  getBandwidthEstimate(): number {
    return this.estimator.getEstimate();
  }

  /** How often the source was re-issued on another cache. */
  getFailoverCount(): number {
    return this.failovers;
  }

  /**
   * Loads the manifest (trying caches in rank order), starts steering and
   * telemetry, and emits the first `source`. Rejects with the typed error when
   * no cache serves a parseable manifest.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.loadStartedAt = this.deps.clock.now();
    if (this.source.telemetry) {
      this.telemetry = new TelemetryReporter({ engine: this.engine, clock: this.deps.clock, endpoint: this.source.telemetry.endpoint, batchMs: this.source.telemetry.batchMs ?? 10_000 });
    }
    try {
      const res = await this.engine.fetch({ uri: '', baseUrls: this.bases, kind: 'manifest' }).promise;
      const text = new TextDecoder().decode(res.data);
      const url = res.url;
      this.presentation = detectFormat(text, url) === 'dash'
        ? parseDashManifest(text, { manifestUrl: url, now: this.deps.clock.wallNow() })
        : parseHlsManifest(text, { manifestUrl: url });
      if (this.stopped) return;
      this.startSteering(this.presentation);
      this.issue(res.pathwayId ?? this.bases[0]!.pathwayId, 'initial');
    } catch (e) {
      // The engine and the parsers reject with typed errors; anything else is a manifest we could not read.
      const error = e instanceof EdgeplayError ? e : new ManifestError('MANIFEST_WRONG_FORMAT', `manifest could not be read: ${String(e)}`, undefined, { cause: e });
      this.telemetry?.record('error', { code: error.code, category: error.category });
      this.events.emit('error', error);
      throw error;
    }
  }

  /** The react-native-video props for the current source (source, DRM, ABR caps, bandwidth reports). */
  nativeProps(): Partial<NativeVideoProps> {
    if (!this.choice) return {};
    const props: Partial<NativeVideoProps> = {
      source: { uri: this.choice.uri, startPosition: this.choice.startPosition },
      reportBandwidth: true,
    };
    if (this.source.drm) props.drm = nativeDrmProps(this.source.drm);
    const cap = this.bitrateCap();
    if (cap !== null) props.maxBitRate = cap;
    const height = this.source.abr?.maxHeight;
    if (height && this.presentation) {
      const best = highestHeightAtMost(this.presentation, height);
      if (best !== null) props.selectedVideoTrack = { type: 'resolution', value: best };
    }
    return props;
  }

  // Native player events -------------------------------------------------------------

  /** `onLoad`: the native player opened the source. */
  handleLoad(e: { currentTime: number; duration: number }): void {
    this.touch();
    this.position = e.currentTime || this.position;
    if (this.failovers === 0) this.telemetry?.record('startup', { startupMs: Math.round(this.deps.clock.now() - this.loadStartedAt), cdn: this.choice?.cacheId ?? '' });
    if (this.source.drm?.session && !this.streamSession) {
      this.streamSession = new StreamSession(this.source.drm.session, this.deps.network, this.deps.clock, (err) => this.events.emit('error', err));
      this.streamSession.start();
    }
  }

  /** `onProgress`: remembers the position a failover resumes from. */
  handleProgress(e: { currentTime: number }): void {
    this.touch();
    if (Number.isFinite(e.currentTime) && e.currentTime >= 0) this.position = e.currentTime;
    this.buffering = false;
  }

  /** `onBuffer`: a buffering spell that outlasts `stallFailoverMs` counts as a failure of the cache. */
  handleBuffer(e: { isBuffering: boolean }): void {
    this.touch();
    if (e.isBuffering && !this.buffering) this.telemetry?.record('stall', { position: this.position });
    this.buffering = e.isBuffering;
    this.armStallWatch();
  }

  /** `onError`: the native player gave up on this source; continue on the next cache at the same position. */
  handleError(e: { error: Record<string, unknown> }): void {
    const why = String(e.error?.errorString ?? e.error?.localizedDescription ?? e.error?.code ?? 'native error');
    this.failOver('http-error', why);
  }

  /** `onBandwidthUpdate` (needs `reportBandwidth`): feeds the estimator. */
  handleBandwidth(e: { bitrate: number }): void {
    if (!(e.bitrate > 0)) return;
    const now = this.deps.clock.now();
    this.estimator.addSample({ bytes: (e.bitrate / 8) * (BANDWIDTH_SAMPLE_MS / 1000), durationMs: BANDWIDTH_SAMPLE_MS, ttfbMs: 0, endTime: now });
    this.telemetry?.record('bitrate-switch', { bitrate: Math.round(e.bitrate) });
  }

  /** `onEnd`. */
  handleEnd(): void {
    this.telemetry?.record('ended', { position: this.position });
    this.clearStallWatch();
  }

  /** Stops steering, heartbeats (releasing the stream lease) and telemetry. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearStallWatch();
    this.steering?.stop();
    await this.streamSession?.stop();
    await this.telemetry?.stop();
  }

  // ----------------------------------------------------------------------------------

  private startSteering(p: Presentation): void {
    if (this.source.steering === false || !p.contentSteering) return;
    this.steering = new SteeringClient({
      engine: this.engine, clock: this.deps.clock, format: p.format, steering: p.contentSteering,
      currentPathway: () => this.choice?.cacheId ?? null,
      throughput: () => this.estimator.getEstimate(),
    });
    // Steering re-ranks future choices; switching a healthy native source mid-play would cost a rebuffer.
    this.steering.on('manifest', (m) => this.selector.setPriority(m.priority));
    this.steering.on('error', (err) => this.events.emit('error', err.withSeverity('recoverable')));
    this.steering.start();
  }

  private issue(cacheId: string, reason: string): void {
    const base = this.bases.find((b) => b.pathwayId === cacheId) ?? this.bases[0]!;
    const from = this.choice?.cacheId ?? null;
    this.choice = { uri: base.url, cacheId: base.pathwayId, startPosition: this.position, reason };
    this.touch();
    if (from !== base.pathwayId) {
      this.events.emit('cdnchanged', { from, to: base.pathwayId, reason });
      if (from !== null) this.telemetry?.record('cdn-switch', { from, to: base.pathwayId, reason });
    }
    this.events.emit('source', this.choice);
  }

  private failOver(reason: 'http-error' | 'stalled', detail: string): void {
    if (this.stopped || !this.choice) return;
    const failed = this.bases.find((b) => b.pathwayId === this.choice!.cacheId)!;
    this.selector.reportFailure(failed, reason);
    const next = this.selector.order(this.bases).find((b) => b.pathwayId !== failed.pathwayId && !this.selector.isBoxed(b.pathwayId));
    if (!next) {
      const err = new NetworkError('ALL_PATHWAYS_FAILED', `the native player failed on every cache (last: ${failed.pathwayId}: ${detail})`, { url: failed.url, attempt: this.failovers + 1, kind: 'manifest' }, { severity: 'fatal' });
      this.telemetry?.record('error', { code: err.code, category: err.category });
      this.events.emit('error', err);
      return;
    }
    this.failovers++;
    this.issue(next.pathwayId, `failure:${reason}`);
  }

  private bitrateCap(): number | null {
    const cap = this.source.abr?.maxBitrate;
    return cap && cap > 0 ? cap : null;
  }

  private touch(): void {
    this.lastEventAt = this.deps.clock.now();
  }

  private armStallWatch(): void {
    this.clearStallWatch();
    if (!this.buffering || this.stopped) return;
    const limit = this.source.stallFailoverMs ?? DEFAULT_STALL_FAILOVER_MS;
    this.stallTimer = this.deps.clock.setTimeout(() => {
      this.stallTimer = null;
      if (this.buffering && this.deps.clock.now() - this.lastEventAt >= limit - 1) this.failOver('stalled', `buffering for ${limit} ms`);
    }, limit);
  }

  private clearStallWatch(): void {
    if (this.stallTimer !== null) this.deps.clock.clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }
}

/** Highest video height in the presentation at or below `limit`. */
function highestHeightAtMost(p: Presentation, limit: number): number | null {
  let best: number | null = null;
  for (const period of p.periods) {
    for (const set of period.switchingSets) {
      if (set.type !== 'video') continue;
      for (const t of set.tracks) if (t.height && t.height <= limit && (best === null || t.height > best)) best = t.height;
    }
  }
  return best;
}
