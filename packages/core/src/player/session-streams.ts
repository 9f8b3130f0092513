/**
 * Builds the stream schedulers of a playback session: one buffer and one
 * {@link StreamScheduler} per media type, each with its {@link StreamContext}
 * — the one place the ABR context and the load-error policy's view of a
 * transfer are built.
 */
import type { AbrContext } from '../abr/abr-strategy.js';
import { indexedSegmentBytes } from '../abr/indexed-segment-bytes.js';
import type { StartPrior } from '../abr/start-bandwidth-prior.js';
import { hostOf } from '../abr/transfer-history.js';
import type { Presentation, SwitchingSet, Track } from '../manifest/model.js';
import { BufferManager } from '../media/buffer-manager.js';
import { createSinkBuffer } from '../media/create-sink-buffer.js';
import type { AbrContextInput, StreamBus, StreamContext, StreamType } from '../media/stream-context.js';
import { StreamScheduler, sinkTypeOf } from '../media/stream-scheduler.js';
import type { TimelineMapper } from '../timeline/timeline-mapper.js';
import type { CaptionSink } from '../text/caption-hub.js';
import type { SessionEnv } from './session-env.js';
import { candidatesAt, lowestBandwidthOf, nextPeriodStart } from './period-tracks.js';
import { StrategyTrackChooser } from './strategy-track-chooser.js';

/** The session state a stream reads. */
export interface StreamHost {
  readonly presentation: Presentation;
  readonly sets: Readonly<Record<'video' | 'audio', SwitchingSet | null>>;
  readonly bus: StreamBus;
  /** Media-time → playlist-time mapping of this load. */
  readonly timeline: TimelineMapper;
  /** Closed captions found in this load's video. */
  readonly captions?: CaptionSink;
  hasVideo(): boolean;
}

/** A media type's buffer and scheduler. */
export interface Stream {
  buffer: BufferManager;
  scheduler: StreamScheduler;
}

/** Whether playback has not started yet (no `playing` since load). */
export function startingUp(env: SessionEnv): boolean {
  return Number.isNaN(env.qoe.summary(env.deps.clock.now()).startupTimeMs);
}

/** The start prior from this load's transfers so far, the platform's downlink hint and the last session's estimate. */
export function startPrior(env: SessionEnv, presentation: Presentation, tracks: readonly Track[]): StartPrior {
  const downlinkBps = env.deps.networkHints?.downlinkBps();
  const lastSession = env.lastBandwidth?.read();
  // Segments resolve against the track's first base URL, else against the manifest.
  const mediaHost = hostOf(tracks[0]?.baseUrls[0]?.url ?? presentation.manifestUrl);
  return env.parts.startPrior.estimate({
    transfers: env.transfers.startTransfers(),
    ...(mediaHost !== undefined ? { mediaHost } : {}),
    ...(downlinkBps !== undefined ? { downlinkBps } : {}),
    ...(lastSession ? { lastSession } : {}),
  });
}

/**
 * The ABR context of a decision, from the estimator, the buffer policy, the
 * sink and the player state; `segmentBytes` from the tracks' indexes when the
 * input names the segment's time.
 */
export function buildAbrContext(env: SessionEnv, presentation: Presentation, input: AbrContextInput): AbrContext {
  const { sink, clock } = env.deps;
  const { estimator, bufferPolicy } = env.parts;
  const common = {
    tracks: input.tracks,
    current: input.current,
    estimatedBandwidth: estimator.getEstimate(),
    confidence: estimator.getConfidence(),
    bufferLevel: input.bufferLevel,
    bufferGoal: bufferPolicy.bufferGoal(),
    segmentDuration: input.segmentDuration,
    playbackRate: sink.playbackRate() || 1,
    rebuffering: env.state.state === 'buffering',
    now: clock.now(),
    throughputSamples: env.transfers.recent(),
    // The prior serves only until a media segment has been measured: samples are better evidence.
    ...(env.transfers.recent().length === 0 ? { initialEstimate: startPrior(env, presentation, input.tracks).bps } : {}),
    ...(input.time !== undefined ? { segmentBytes: segmentBytesAt(input.time) } : {}),
  };
  // An abandon check is not a startup decision and the remaining duration does not bear on it.
  if (input.inFlight) return { ...common, startingUp: false, inFlight: input.inFlight };
  const remainingS = presentation.type === 'live' || presentation.duration === null ? Infinity : Math.max(0, presentation.duration - (sink.currentTime() + input.bufferLevel));
  return { ...common, remainingS, startingUp: startingUp(env) };
}

/** `AbrContext.segmentBytes` for the segment at `time`. */
function segmentBytesAt(time: number): (track: Track, ahead: number) => number | undefined {
  return (track, ahead) => indexedSegmentBytes(track, time, ahead);
}

/** `appendReady`: appends wait for it (protected content: MediaKeys attached), downloads do not. */
export function createStream(env: SessionEnv, host: StreamHost, type: StreamType, track: Track, appendReady?: Promise<void>): Stream {
  const { sink, clock } = env.deps;
  const { parts } = env;
  const sinkType = sinkTypeOf(track, parts.segmentStages);
  const buffer = new BufferManager(createSinkBuffer(sink, type, sinkType), sinkType, {
    playhead: () => sink.currentTime(),
    onQuotaExceeded: (ahead) => parts.bufferPolicy.onQuotaExceeded(ahead),
  });
  const ladderOf = (t: Track): readonly Track[] => host.sets[type]?.tracks ?? [t];
  const context: StreamContext = {
    type,
    clock,
    engine: env.engine,
    buffer,
    bus: host.bus,
    stages: parts.segmentStages,
    timeline: host.timeline,
    ...(host.captions ? { captions: host.captions } : {}),
    format: host.presentation.format,
    playhead: () => sink.currentTime(),
    ...(appendReady ? { appendReady } : {}),
    bufferGoal: () => parts.bufferPolicy.schedulingGoal({ type, withVideo: host.hasVideo(), startingUp: startingUp(env), buffering: env.state.state === 'buffering' }),
    backBuffer: () => env.config().streaming.backBuffer,
    candidatesAt: (time) => candidatesAt(host.presentation, host.sets[type], time),
    nextPeriodStart: (time) => nextPeriodStart(host.presentation, time),
    ensureIndex: (t) => env.loader.ensureIndex(t),
    isLive: () => host.presentation.type === 'live',
    abrContext: (input) => buildAbrContext(env, host.presentation, input),
    ladder: ladderOf,
    transferCheck: (progress, bufferLevel) => ({
      progress,
      bufferLevel,
      hasAlternativePathway: progress.pathway ? env.pathways.hasAlternative(progress.track.baseUrls, progress.pathway) : false,
      slowVerdictsSuspended: env.pathways.slowVerdictsSuspended(),
      otherPathwaysSilent: progress.pathway ? env.pathways.otherPathwaysSilent(progress.track.baseUrls, progress.pathway) : false,
      // A cache below the presentation's lowest rendition (video when there is video) can play nothing.
      lowestBandwidth: lowestBandwidthOf(host.sets.video?.tracks ?? host.sets.audio?.tracks ?? [progress.track]),
      estimatedBandwidth: parts.estimator.getEstimate(),
    }),
  };
  const chooser = type === 'video' ? parts.abr : new StrategyTrackChooser(parts.audioStrategy);
  return { buffer, scheduler: new StreamScheduler(context, chooser, parts.loadErrorPolicy) };
}
