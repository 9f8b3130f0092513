/**
 * The conformance data model: a case is plain data (JSON-serialisable) — a
 * stream, a player configuration, steps and expectations — so the same case
 * runs in the runner page on any device, in the Playwright CLI, and against
 * any player adapter. Cases are generated from templates × content rows
 * (see generate.ts), CTA WAVE style.
 */
import type { ResultMetrics, ResultStatus, StoredSample } from '../../../packages/server/src/conformance/conformance-result.js';

/** Top-level grouping, printed as counts by the CLI. */
export type CaseCategory = 'mse' | 'codec' | 'eme' | 'video-frame' | 'playback' | 'compat' | 'failover' | 'abr' | 'endurance';

/** What kind of code runs a case. */
export type CaseKind = 'capability' | 'player';

/** A stream on the reference server. */
export interface StreamRef {
  /** Path on the reference server, e.g. `/manifest/vod?format=dash` or `/live/vod/manifest.mpd`. */
  url: string;
  format: 'dash' | 'hls';
  /** Title id in the server's catalog. */
  title: string;
  live?: boolean;
  /** Nominal frame rate when the title is not in the server's catalog (the compat fixtures: 30 fps). */
  frameRate?: number;
}

/** One step of a player case. Times are media seconds unless the name says otherwise. */
export type Step =
  | { op: 'load'; startTime?: number }
  | { op: 'play' }
  | { op: 'seek'; to: number }
  | { op: 'seekFromEnd'; secondsBeforeEnd: number }
  | { op: 'waitForTime'; time: number; timeoutMs?: number }
  | { op: 'waitForPlayback'; seconds: number; timeoutMs?: number }
  | { op: 'wait'; ms: number }
  | { op: 'waitForEnded'; timeoutMs?: number }
  | { op: 'selectVideo'; rendition: string }
  | { op: 'selectAudio'; language: string }
  /** `'*'`: the first text or caption track, whatever its language (what a viewer pressing CC gets). */
  | { op: 'selectText'; language: string | null }
  /** Injects a fault on the cache currently serving this session (`cache: 'current'`) or a named one, via the control API. */
  | { op: 'fault'; cache: 'current' | string; spec: Record<string, unknown> }
  /**
   * Injects a fault on edge cache number `cacheIndex` (server order) for every client, limited to
   * the files whose path contains `spec.pathPattern` (the compat fixtures' media URLs carry no session).
   */
  | { op: 'faultFiles'; cacheIndex: number; spec: Record<string, unknown> & { pathPattern: string } }
  /** Caps bandwidth on every cache for this session (kbit/s). */
  | { op: 'shape'; kbps: number }
  | { op: 'steer'; priority: string[] | 'demote-current' }
  /** Endurance: plays for `seconds` (`soakSeconds` URL parameter overrides), sampling every `sampleMs`. */
  | { op: 'soak'; seconds: number; sampleMs: number };

/** What must be true at the end of a player case. */
export type Expectation =
  | { kind: 'framesAdvance'; seconds: number }
  | { kind: 'noStall' }
  | { kind: 'maxStalls'; count: number }
  | { kind: 'renditionIs'; rendition: string }
  | { kind: 'renditionChanged' }
  | { kind: 'maxVideoBitrate'; bitsPerSecond: number }
  | { kind: 'cacheChanged' }
  | { kind: 'audioLanguage'; language: string }
  | { kind: 'cueShown' }
  | { kind: 'errorCode'; code: string }
  | { kind: 'noFatalError' }
  | { kind: 'startupUnderMs'; ms: number }
  | { kind: 'qoeAtLeast'; score: number }
  | { kind: 'ended' }
  | { kind: 'positionNear'; time: number; tolerance: number }
  /** The first frame was presented within `tolerance` s of `time` (a stream whose media starts late). */
  | { kind: 'startsNear'; time: number; tolerance: number }
  /** The playhead moved `seconds` from where playback began (audio-only streams: no frames to count). */
  | { kind: 'timeAdvances'; seconds: number }
  /** The playhead reached `time` (or the stream ended there). */
  | { kind: 'reachedTime'; time: number }
  /** Every cue starting before the playhead was shown with its text, its start within `tolerance` s. */
  | { kind: 'cuesShown'; cues: { text: string; start: number }[]; tolerance: number }
  /** Endurance: the JS heap's median over the last quarter of the soak exceeds the first quarter's by at most `mb`. */
  | { kind: 'heapGrowthUnder'; mb: number };

/** A capability probe: a named check run by the browser probe table. */
export interface ProbeSpec {
  /** Key into the probe table (probes.ts). */
  probe: string;
  /** Probe arguments (a MIME type, a key system, a robustness level…). */
  args: Record<string, string | number | boolean>;
  /**
   * `required`: the device must do it (fail otherwise). `optional`: skip with the reason when the
   * device lacks it — a missing codec is a capability, not wrong behaviour.
   */
  requirement: 'required' | 'optional';
}

/** A conformance case. */
export interface ConformanceCase {
  /** Stable id: `<template>/<row>`; results are keyed by it. */
  id: string;
  category: CaseCategory;
  kind: CaseKind;
  title: string;
  /** Template the case came from. */
  template: string;
  stream?: StreamRef;
  /** Player configuration (Edgeplay `configure()` shape; adapters map what they can). */
  config?: Record<string, unknown>;
  steps?: Step[];
  expect?: Expectation[];
  probe?: ProbeSpec;
  /** Capabilities the case needs; missing ones skip it (e.g. `eme:org.w3.clearkey`, `mse`). */
  needs?: string[];
  /** Players this case applies to (default: every adapter). */
  players?: string[];
  /**
   * Cases sharing a global server setting (the steering override) carry the same group: the
   * sharding keeps a group on one page so two such cases never run at the same time.
   */
  serialGroup?: string;
  /** Rough wall-clock budget, ms: the runner aborts the case as `fail` (timeout) after 3× this. */
  budgetMs: number;
}

/** Outcome of one case; one declaration with the server that stores results. */
export type CaseStatus = ResultStatus;

/** A memory / buffer / frames sample of an endurance case, as the server stores it. */
export type SoakSample = StoredSample;

/** Figures a player case measured (also used for the cross-device report), as the server stores them. */
export type CaseMetrics = ResultMetrics;

/** The result of running one case on one device with one player. */
export interface CaseResult {
  caseId: string;
  category: CaseCategory;
  title: string;
  player: string;
  status: CaseStatus;
  /** Why it failed or skipped (empty on pass). */
  reason: string;
  durationMs: number;
  metrics?: CaseMetrics;
  /** Probe detail, e.g. what `isTypeSupported` and MediaCapabilities said. */
  detail?: Record<string, unknown>;
}
