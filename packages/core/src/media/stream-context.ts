/**
 * What a {@link StreamScheduler} asks its collaborators directly, instead of
 * a dozen callbacks into the player: the per-load {@link StreamContext}
 * (playhead, goals, the presentation's periods, the request engine, the one
 * place the ABR context is built), a {@link TrackChooser} (the ABR
 * controller for video, the audio strategy for audio) and the
 * `LoadErrorPolicy`. What happens is published on a {@link StreamBus}.
 */
import type { AbrContext } from '../abr/abr-strategy.js';
import type { EdgeplayError } from '../errors/edgeplay-error.js';
import type { ManifestFormat, SegmentReference, Track } from '../manifest/model.js';
import type { SegmentIndex } from '../manifest/segment-index.js';
import type { EngineResponse, RequestEngine } from '../net/request-engine.js';
import type { Clock } from '../platform/clock.js';
import type { InFlightProgress, TransferCheck } from '../steering/load-error-policy.js';
import type { EventEmitter } from '../util/event-emitter.js';
import type { BufferManager } from './buffer-manager.js';
import type { SegmentStage } from './segment-pipeline.js';
import type { TimelineMapper } from '../timeline/timeline-mapper.js';
import type { CaptionSink } from '../text/caption-hub.js';

export type StreamType = 'video' | 'audio';

/** Why a scheduler's track changed: the chooser's decision kind (see AbrDecisionKind) or the scheduler's own. */
export type TrackChangeKind = 'initial' | 'strategy' | 'emergency' | 'forced' | 'held' | 'manual' | 'abandon';

/** Events of every scheduler of a load, on one bus. */
export interface StreamEvents {
  /** The track segments are fetched from changed: the whole decision. */
  trackchanged: { type: StreamType; from: Track | null; to: Track; kind: TrackChangeKind; reason: string };
  /** A media segment went through the pipeline into the sink (or was skipped as corrupt: `skipped`). */
  segmentloaded: { type: StreamType; track: Track; ref: SegmentReference; response: EngineResponse; skipped: boolean };
  /** Recoverable errors, and the fatal one that stopped the scheduler. */
  error: EdgeplayError;
  /** No more segments (VOD end reached). */
  ended: { type: StreamType };
}

export type StreamBus = EventEmitter<StreamEvents>;

/** A decision of a {@link TrackChooser}. */
export interface TrackChoice {
  track: Track;
  kind: TrackChangeKind;
  reason: string;
}

/** Picks tracks for a scheduler: the AbrController satisfies it. */
export interface TrackChooser {
  /** The track of the next segment. Throws RangeError when no track may be played. */
  choose(context: AbrContext): TrackChoice;
  /** While a segment downloads: a lower track to abandon to, or null. */
  checkAbandon(context: AbrContext): { track: Track; reason: string } | null;
}

/** What the ABR context is built from besides the per-load state (see {@link StreamContext.abrContext}). */
export interface AbrContextInput {
  tracks: readonly Track[];
  current: Track | null;
  bufferLevel: number;
  segmentDuration: number;
  /** Presentation time of the segment being decided (the index position segment sizes are looked up from). */
  time?: number;
  inFlight?: InFlightProgress;
}

/** The per-load environment of one scheduler. */
export interface StreamContext {
  readonly type: StreamType;
  readonly clock: Clock;
  readonly engine: RequestEngine;
  readonly buffer: BufferManager;
  readonly bus: StreamBus;
  /** Transform stages between download and append (those applying to each track run). */
  readonly stages: readonly SegmentStage[];
  /** The load's media-time → playlist-time mapping (shared by every stream of the presentation). */
  readonly timeline: TimelineMapper;
  /** Protocol of the presentation. */
  readonly format: ManifestFormat;
  /** The load's closed-caption hub (passed to the stages as `StageContext.captions`). */
  readonly captions?: CaptionSink;
  playhead(): number;
  /** Appends (init and media) wait for this; downloads and stages do not (protected content: MediaKeys attached). */
  appendReady?: Promise<void>;
  /** Seconds ahead this scheduler fills to now. */
  bufferGoal(): number;
  /** Media kept behind the playhead, s. */
  backBuffer(): number;
  /** Tracks of this type in the period covering `time`; empty when no period covers it. */
  candidatesAt(time: number): Track[];
  /** Start of the first period after `time`, or null. */
  nextPeriodStart(time: number): number | null;
  /** Loads the track's segment index if needed (HLS playlist, sidx). */
  ensureIndex(track: Track): Promise<SegmentIndex>;
  isLive(): boolean;
  /**
   * The ABR context: estimate, confidence, goal, rate, startup/rebuffering
   * state — built here only. With `inFlight` (an abandon check) it is not a
   * startup decision and carries no remaining-duration hint.
   */
  abrContext(input: AbrContextInput): AbrContext;
  /** The ladder the chooser may abandon a download to (the selected switching set's tracks). */
  ladder(track: Track): readonly Track[];
  /** What the load-error policy needs about a transfer besides its progress and the ABR answer. */
  transferCheck(progress: InFlightProgress, bufferLevel: number): Omit<TransferCheck, 'askAbr'>;
}
