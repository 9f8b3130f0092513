/**
 * Pure verdict logic: what a player case observed → pass/fail with the
 * reason. Kept apart from the browser code that gathers the observation so
 * the rules are unit-tested (test/unit/conformance-verdict.test.ts) and the
 * same for every player adapter. What the player claims is not trusted: the
 * rendition, cache and audio language come from the reference server's
 * request log, progress from the media element.
 */
import type { CaseStatus, Expectation, SoakSample } from './case.js';
import { missingCues, type SeenCue } from './cue-match.js';

/** Everything a player case measured, gathered by the browser executor. */
export interface Observation {
  /** Media seconds played since the last mark (load, seek, fault, selection, shaping). */
  playedSinceMark: number;
  /** `getVideoPlaybackQuality().totalVideoFrames` gained since the last mark. */
  framesSinceMark: number;
  /** Nominal frame rate of the stream (from the catalog). */
  frameRate: number;
  currentTime: number;
  /** `waiting` events after the first `playing` that were not caused by a seek. */
  stalls: number;
  /** Seconds spent in those stalls. */
  stallSeconds: number;
  /** load() → first `playing`, ms; null when playback never started. */
  startupMs: number | null;
  ended: boolean;
  /** Typed errors the player reported (code + severity). */
  errors: { code: string; severity: string }[];
  /** Video renditions (`v750`) of the segments fetched after the last mark, in order. */
  videoRenditionsSinceMark: string[];
  /** Bandwidth (bits/s) of those segments. */
  videoBitratesSinceMark: number[];
  /** Video renditions of every segment fetched since load, in order. */
  videoRenditions: string[];
  /** Audio renditions (`en`, `fr`) fetched after the last mark. */
  audioRenditionsSinceMark: string[];
  /** Cache that served this session when the last fault/steer step ran (null: no such step). */
  cacheAtMark: string | null;
  /** Caches that served segments after the last mark, in order. */
  cachesSinceMark: string[];
  /** A text cue was active (or loaded into a showing track) on the element. */
  cueShown: boolean;
  /** Cues seen on the element's text tracks (start + text), deduplicated. */
  seenCues: SeenCue[];
  /** Media position when playback began (first `playing`); null when it never did. */
  startPosition: number | null;
  /** Endurance samples (empty outside a soak). */
  soakSamples: SoakSample[];
  /** Time-weighted bitrate figure for QoE: mean bandwidth of the video segments fetched, bits/s. */
  averageBitrate: number;
  /** Lowest and highest rung of the ladder, bits/s. */
  ladder: { min: number; max: number };
}

/** How many of the last fetched segments must satisfy a "settled" expectation (rendition, cache, bitrate). */
const SETTLED_SEGMENTS = 3;
/**
 * Share of nominal frames that must be counted: totalVideoFrames includes dropped frames, so this only
 * catches a frozen picture with a running clock (seen with a decoder error), not a slow machine.
 */
const MIN_FRAME_SHARE = 0.6;

/**
 * QoE score, 0–100: quality term from the log-bitrate position in the ladder (viewers perceive bitrate
 * logarithmically, as in ITU-T P.1203's quality models), minus stall and startup penalties (the weights
 * follow the common ordering in QoE studies: a stall costs far more than a slow start).
 */
export function qoeScore(o: Pick<Observation, 'averageBitrate' | 'ladder' | 'stalls' | 'stallSeconds' | 'startupMs'>): number {
  const { min, max } = o.ladder;
  const quality = max > min && o.averageBitrate > 0 ? Math.min(1, Math.max(0, Math.log(o.averageBitrate / min) / Math.log(max / min))) : o.averageBitrate > 0 ? 1 : 0;
  const startupPenalty = o.startupMs === null ? 40 : Math.max(0, o.startupMs / 1000 - 1) * 5;
  const score = 100 * (0.4 + 0.6 * quality) - 25 * o.stalls - 10 * o.stallSeconds - startupPenalty;
  return Math.round(Math.min(100, Math.max(0, score)) * 10) / 10;
}

const last = <T>(xs: T[], n: number) => xs.slice(Math.max(0, xs.length - n));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Heap growth over a soak, MB: median of the last quarter's samples minus the first quarter's
 * (medians, because a GC swings the heap by ±20 MB between samples: measured 10–31 MB in a 30 s
 * live soak). Null when fewer than 4 samples carry a heap figure (the device does not expose it).
 */
export function heapGrowthMb(samples: readonly SoakSample[]): number | null {
  const heap = samples.map((s) => s.heapBytes).filter((h): h is number => h !== null);
  if (heap.length < 4) return null;
  const q = Math.max(1, Math.floor(heap.length / 4));
  return (median(heap.slice(-q)) - median(heap.slice(0, q))) / (1024 * 1024);
}

/** Checks one expectation; returns null when it holds, else why not. */
export function check(e: Expectation, o: Observation): string | null {
  switch (e.kind) {
    case 'framesAdvance': {
      const minFrames = Math.floor(e.seconds * o.frameRate * MIN_FRAME_SHARE);
      if (o.playedSinceMark < e.seconds) return `played ${o.playedSinceMark.toFixed(2)} s, expected ≥ ${e.seconds} s`;
      if (o.framesSinceMark < minFrames) return `${o.framesSinceMark} video frames for ${o.playedSinceMark.toFixed(2)} s, expected ≥ ${minFrames}`;
      return null;
    }
    case 'noStall':
      return o.stalls === 0 ? null : `${o.stalls} stall(s), ${o.stallSeconds.toFixed(2)} s`;
    case 'maxStalls':
      return o.stalls <= e.count ? null : `${o.stalls} stall(s) (${o.stallSeconds.toFixed(2)} s), at most ${e.count} allowed`;
    case 'renditionIs': {
      // A player already on the target with a full buffer fetches nothing new: judge its last segments then.
      const recent = last(o.videoRenditionsSinceMark.length ? o.videoRenditionsSinceMark : o.videoRenditions, SETTLED_SEGMENTS);
      if (recent.length === 0) return 'no video segment fetched';
      return recent.every((r) => r === e.rendition) ? null : `last video segments were ${recent.join(', ')}, expected ${e.rendition}`;
    }
    case 'renditionChanged':
      return new Set(o.videoRenditions).size > 1 ? null : `only ${o.videoRenditions[0] ?? 'no rendition'} was fetched`;
    case 'maxVideoBitrate': {
      const recent = last(o.videoBitratesSinceMark, SETTLED_SEGMENTS);
      if (recent.length === 0) return 'no video segment fetched';
      const top = Math.max(...recent);
      return top <= e.bitsPerSecond ? null : `settled at ${top / 1000} kbit/s, above ${e.bitsPerSecond / 1000} kbit/s`;
    }
    case 'cacheChanged': {
      const recent = last(o.cachesSinceMark, SETTLED_SEGMENTS);
      if (recent.length === 0) return 'no segment fetched after the fault';
      if (o.cacheAtMark === null) return 'no fault or steering step recorded a serving cache';
      return recent.every((c) => c !== o.cacheAtMark) ? null : `still fetching from ${o.cacheAtMark} (last: ${recent.join(', ')})`;
    }
    case 'audioLanguage': {
      const recent = last(o.audioRenditionsSinceMark, 2);
      if (recent.length === 0) return 'no audio segment fetched after the switch';
      return recent.every((r) => r === e.language || r.startsWith(`${e.language}-`) || r.endsWith(`-${e.language}`)) ? null : `audio segments after the switch: ${recent.join(', ')}`;
    }
    case 'cueShown':
      return o.cueShown ? null : 'no text cue reached the media element';
    case 'errorCode':
      return o.errors.some((x) => x.code === e.code) ? null : `expected error ${e.code}, got ${o.errors.map((x) => x.code).join(', ') || 'none'}`;
    case 'noFatalError': {
      const fatal = o.errors.filter((x) => x.severity === 'fatal');
      return fatal.length === 0 ? null : `fatal error ${fatal.map((x) => x.code).join(', ')}`;
    }
    case 'startupUnderMs':
      if (o.startupMs === null) return 'playback never started';
      return o.startupMs <= e.ms ? null : `startup took ${Math.round(o.startupMs)} ms, limit ${e.ms} ms`;
    case 'qoeAtLeast': {
      const q = qoeScore(o);
      return q >= e.score ? null : `QoE ${q} < ${e.score}`;
    }
    case 'ended':
      return o.ended ? null : `not ended at ${o.currentTime.toFixed(2)} s`;
    case 'positionNear':
      return Math.abs(o.currentTime - e.time) <= e.tolerance ? null : `position ${o.currentTime.toFixed(2)} s, expected ${e.time} ± ${e.tolerance} s`;
    case 'startsNear':
      if (o.startPosition === null) return 'playback never started';
      return Math.abs(o.startPosition - e.time) <= e.tolerance ? null : `playback began at ${o.startPosition.toFixed(2)} s, expected ${e.time} ± ${e.tolerance} s`;
    case 'timeAdvances': {
      if (o.startPosition === null) return 'playback never started';
      const moved = o.currentTime - o.startPosition;
      return moved >= e.seconds ? null : `the playhead moved ${moved.toFixed(2)} s from ${o.startPosition.toFixed(2)} s, expected ≥ ${e.seconds} s`;
    }
    case 'reachedTime':
      return o.currentTime >= e.time ? null : `the playhead stopped at ${o.currentTime.toFixed(2)} s${o.ended ? ' (ended)' : ''}, expected ≥ ${e.time} s`;
    case 'heapGrowthUnder': {
      const growth = heapGrowthMb(o.soakSamples);
      // A device without a heap figure cannot fail this (the report says "not measured on this device").
      return growth === null || growth <= e.mb ? null : `JS heap grew ${growth.toFixed(1)} MB over the soak, at most ${e.mb} MB allowed`;
    }
    case 'cuesShown': {
      const due = e.cues.filter((c) => c.start < o.currentTime);
      const missing = missingCues(e.cues, o.seenCues, o.currentTime, e.tolerance);
      if (missing.length === 0) return null;
      const seen = o.seenCues.slice(0, 3).map((c) => `'${c.text.slice(0, 40)}' @${c.start.toFixed(2)}`).join(', ');
      return `${missing.length}/${due.length} cues not shown, first '${missing[0]!.text}' @${missing[0]!.start} s; seen: ${seen || 'none'}`;
    }
  }
}

/** Every failed expectation, joined; `pass` when all hold. */
export function judge(expectations: readonly Expectation[], o: Observation): { status: CaseStatus; reason: string } {
  const failures = expectations.map((e) => [e.kind, check(e, o)] as const).filter(([, r]) => r !== null);
  return failures.length === 0 ? { status: 'pass', reason: '' } : { status: 'fail', reason: failures.map(([k, r]) => `${k}: ${r}`).join('; ') };
}
