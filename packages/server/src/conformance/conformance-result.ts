/**
 * A conformance result as the server stores it, and the validation of what
 * a runner page posts (bounded strings, known statuses, at most 500 results
 * and 3 000 samples a post) — bad input is a 400 with a reason, never a crash
 * or an unbounded record.
 */
import { HttpError } from '../http/http-error.js';

/** The device a result came from. */
export interface ConformanceDevice {
  userAgent: string;
  platform: string;
  label: string;
}

/**
 * One memory / buffer / frames sample of an endurance case. The single
 * declaration of this shape: the conformance suite (conformance/src/model/case.ts)
 * imports it, since the server, which stores what runners post, must not
 * depend on the suite.
 */
export interface StoredSample {
  /** Seconds since the soak started. */
  t: number;
  /** JS heap bytes (performance.memory / measureUserAgentSpecificMemory), null when unavailable. */
  heapBytes: number | null;
  /** Seconds buffered ahead of the playhead. */
  bufferedSeconds: number;
  droppedFrames: number;
  totalFrames: number;
  stalls: number;
  /** SourceBuffer figures (conformance/src/browser/source-buffer-meter.ts); absent where the page has no MSE. */
  sourceBuffers?: number;
  /** Buffered ranges summed over the SourceBuffers. */
  sbRanges?: number;
  /** Buffered seconds summed over the SourceBuffers (audio + video, behind and ahead of the playhead). */
  sbBufferedSeconds?: number;
  /** Estimated bytes the SourceBuffers hold. */
  sbBytes?: number;
}

/** Outcome of one case. `skip` = the device lacks a capability; `fail` = wrong behaviour. */
export type ResultStatus = 'pass' | 'fail' | 'skip';

/** Figures a player case measured (also used for the cross-device report). */
export interface ResultMetrics {
  startupMs?: number;
  qoe?: number;
  stalls?: number;
  averageBitrate?: number;
  droppedFrames?: number;
  samples?: StoredSample[];
}

/** One case result of one session. */
export interface StoredResult {
  session: string;
  device: ConformanceDevice;
  /** Server time the result arrived, ms since epoch. */
  receivedAt: number;
  caseId: string;
  category: string;
  title: string;
  player: string;
  status: ResultStatus;
  reason: string;
  durationMs: number;
  /** Probe answers or failure triage data, as posted (at most 4 000 characters of JSON). */
  detail?: Record<string, unknown>;
  metrics: ResultMetrics;
}

const MAX_RESULTS = 500;
/** A 4 h soak sampled every 5 s is 2 880 samples. */
const MAX_SAMPLES = 3_000;
const MAX_DETAIL_CHARS = 4_000;
const SESSION_RE = /^[A-Za-z0-9_.-]{1,100}$/;

const str = (o: Record<string, unknown>, k: string, max: number, required = true): string => {
  const v = o[k];
  if (typeof v === 'string') return v.slice(0, max);
  if (!required && v === undefined) return '';
  throw new HttpError(400, 'BAD_RESULT', `${k} must be a string`);
};
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown, what: string): Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new HttpError(400, 'BAD_RESULT', `${what} must be an object`);
  return v as Record<string, unknown>;
};

function parseSample(v: unknown): StoredSample {
  const s = obj(v, 'sample');
  const heap = s.heapBytes === null ? null : num(s.heapBytes) ?? null;
  const out: StoredSample = { t: num(s.t) ?? 0, heapBytes: heap, bufferedSeconds: num(s.bufferedSeconds) ?? 0, droppedFrames: num(s.droppedFrames) ?? 0, totalFrames: num(s.totalFrames) ?? 0, stalls: num(s.stalls) ?? 0 };
  for (const k of ['sourceBuffers', 'sbRanges', 'sbBufferedSeconds', 'sbBytes'] as const) {
    const v = num(s[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Validates a POST /conformance/api/results body into stored results. */
export function parseSubmission(body: unknown, now: number): StoredResult[] {
  const b = obj(body, 'body');
  const session = b.session;
  if (typeof session !== 'string' || !SESSION_RE.test(session)) throw new HttpError(400, 'BAD_SESSION', 'session must match [A-Za-z0-9_.-]{1,100}');
  const d = obj(b.device, 'device');
  const device: ConformanceDevice = { userAgent: str(d, 'userAgent', 400), platform: str(d, 'platform', 100), label: str(d, 'label', 100, false) };
  if (!Array.isArray(b.results) || b.results.length > MAX_RESULTS) throw new HttpError(400, 'BAD_RESULT', `results must be an array of at most ${MAX_RESULTS}`);
  return b.results.map((raw): StoredResult => {
    const r = obj(raw, 'result');
    const status = r.status;
    if (status !== 'pass' && status !== 'fail' && status !== 'skip') throw new HttpError(400, 'BAD_RESULT', 'status must be pass, fail or skip');
    const m = r.metrics === undefined ? {} : obj(r.metrics, 'metrics');
    const samples = m.samples === undefined ? undefined : Array.isArray(m.samples) && m.samples.length <= MAX_SAMPLES ? m.samples.map(parseSample) : (() => { throw new HttpError(400, 'BAD_RESULT', `samples must be an array of at most ${MAX_SAMPLES}`); })();
    const metrics: StoredResult['metrics'] = {};
    for (const k of ['startupMs', 'qoe', 'stalls', 'averageBitrate', 'droppedFrames'] as const) {
      const v = num(m[k]);
      if (v !== undefined) metrics[k] = v;
    }
    if (samples) metrics.samples = samples;
    const detail = r.detail === undefined ? undefined : obj(r.detail, 'detail');
    const detailFits = detail !== undefined && JSON.stringify(detail).length <= MAX_DETAIL_CHARS;
    return {
      ...(detailFits ? { detail } : {}),
      session, device, receivedAt: now,
      caseId: str(r, 'caseId', 200), category: str(r, 'category', 50), title: str(r, 'title', 300), player: str(r, 'player', 50),
      status, reason: str(r, 'reason', 2_000, false), durationMs: num(r.durationMs) ?? 0, metrics,
    };
  });
}
