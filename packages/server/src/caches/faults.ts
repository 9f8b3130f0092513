/**
 * Injectable faults of a simulated edge cache, validated from control-API JSON.
 * Several faults may be active at once (e.g. latency + bandwidth); each can be
 * scheduled (`afterMs`, `durationMs`), limited to paths containing
 * `pathPattern` (a plain substring — no regexes from the network), to one
 * session, and made probabilistic.
 */
import { HttpError } from '../http/http-error.js';

/** Kind of fault an edge cache injects. */
export type FaultMode = 'down' | 'http-error' | 'latency' | 'bandwidth' | 'trace' | 'stall' | 'truncate' | 'corrupt';

/** A fault to inject into an edge cache (mode, scope, parameters). */
export interface FaultSpec {
  /** Id assigned when the fault was added (to remove it). */
  id: number;
  /** What the fault does. */
  mode: FaultMode;
  /** `http-error`: the status to answer. */
  status?: number;
  /** `latency`: added delay before the answer, ms. */
  latencyMs?: number;
  /** `bandwidth`: throughput cap, kbit/s. */
  kbps?: number;
  /** Trace file name under the traces root (`pensieve-train/x.txt`). */
  traceFile?: string;
  /** Only paths containing this substring. */
  pathPattern?: string;
  /** Only requests of this playback session. */
  session?: string;
  /** Chance in [0, 1] that a matching request is affected. */
  probability: number;
  /** Absolute activation window (ms since epoch). */
  activeFrom: number;
  /** End of the activation window, ms since epoch (`Infinity` = until removed). */
  activeUntil: number;
}

const MODES: ReadonlySet<string> = new Set(['down', 'http-error', 'latency', 'bandwidth', 'trace', 'stall', 'truncate', 'corrupt']);

function num(o: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new HttpError(400, 'BAD_FAULT', `${key} must be a number in [${min}, ${max}]`);
  return v;
}

function str(o: Record<string, unknown>, key: string, max: number): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new HttpError(400, 'BAD_FAULT', `${key} must be a string of 1..${max} characters`);
  return v;
}

/** Validates a fault request body; `mode: 'none'` is answered by the caller (clear). */
export function parseFault(body: Record<string, unknown>, id: number, now: number): FaultSpec {
  const mode = body.mode;
  if (typeof mode !== 'string' || !MODES.has(mode)) throw new HttpError(400, 'BAD_FAULT', `mode must be one of ${[...MODES].join(', ')}`);
  const after = num(body, 'afterMs', 0, 86_400_000) ?? 0;
  const duration = num(body, 'durationMs', 1, 86_400_000);
  const spec: FaultSpec = { id, mode: mode as FaultMode, probability: num(body, 'probability', 0, 1) ?? 1, activeFrom: now + after, activeUntil: duration === undefined ? Infinity : now + after + duration };
  const status = num(body, 'status', 400, 599);
  if (status !== undefined) spec.status = Math.round(status);
  const latencyMs = num(body, 'latencyMs', 0, 120_000);
  if (latencyMs !== undefined) spec.latencyMs = latencyMs;
  const kbps = num(body, 'kbps', 1, 10_000_000);
  if (kbps !== undefined) spec.kbps = kbps;
  const traceFile = str(body, 'traceFile', 200);
  if (traceFile !== undefined) spec.traceFile = traceFile;
  const pathPattern = str(body, 'pathPattern', 200);
  if (pathPattern !== undefined) spec.pathPattern = pathPattern;
  const session = str(body, 'session', 100);
  if (session !== undefined) spec.session = session;
  if (spec.mode === 'latency' && spec.latencyMs === undefined) throw new HttpError(400, 'BAD_FAULT', 'latency needs latencyMs');
  if (spec.mode === 'bandwidth' && spec.kbps === undefined) throw new HttpError(400, 'BAD_FAULT', 'bandwidth needs kbps');
  if (spec.mode === 'trace' && spec.traceFile === undefined) throw new HttpError(400, 'BAD_FAULT', 'trace needs traceFile');
  if (spec.mode === 'http-error' && spec.status === undefined) spec.status = 503;
  return spec;
}

/** The faults that apply to one request now. */
export function activeFaults(faults: readonly FaultSpec[], path: string, session: string | null, now: number, random: () => number = Math.random): FaultSpec[] {
  return faults.filter(
    (f) =>
      now >= f.activeFrom &&
      now < f.activeUntil &&
      (f.pathPattern === undefined || path.includes(f.pathPattern)) &&
      (f.session === undefined || f.session === session) &&
      (f.probability >= 1 || random() < f.probability),
  );
}
