/**
 * QoE telemetry intake. Events are validated, appended as newline-delimited
 * JSON (zero native dependencies, append-only, greppable; SQLite would need a
 * native module built on every machine) and aggregated in memory per session
 * for `GET /telemetry/summary`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { HttpError } from '../http/http-error.js';

export const EVENT_TYPES = ['startup', 'stall', 'bitrate-switch', 'error', 'cdn-switch', 'heartbeat', 'seek', 'ended'] as const;
export type TelemetryEventType = (typeof EVENT_TYPES)[number];

export interface SessionSummary {
  sessionId: string;
  events: number;
  startupMs: number | null;
  stalls: number;
  stallMs: number;
  bitrateSwitches: number;
  cdnSwitches: number;
  errors: number;
  lastBitrate: number | null;
  lastEventAt: number;
}

export class TelemetryStore {
  private readonly summaries = new Map<string, SessionSummary>();
  private readonly file: string | null;

  constructor(dataDir: string | null) {
    this.file = dataDir ? path.join(dataDir, 'telemetry.ndjson') : null;
    if (dataDir) mkdirSync(dataDir, { recursive: true });
  }

  /** Validates and stores a batch `{ sessionId, events: [{ type, t, ... }] }`; returns the number accepted. */
  ingest(body: unknown, now: number): number {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'BAD_TELEMETRY', 'body must be an object');
    const { sessionId, events } = body as { sessionId?: unknown; events?: unknown };
    if (typeof sessionId !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(sessionId)) throw new HttpError(400, 'BAD_TELEMETRY', 'sessionId must match [A-Za-z0-9_.:-]{1,100}');
    if (!Array.isArray(events) || events.length === 0 || events.length > 500) throw new HttpError(400, 'BAD_TELEMETRY', 'events must be an array of 1..500 events');
    const clean = events.map((e, i) => validateEvent(e, i));
    const s = this.summaries.get(sessionId) ?? { sessionId, events: 0, startupMs: null, stalls: 0, stallMs: 0, bitrateSwitches: 0, cdnSwitches: 0, errors: 0, lastBitrate: null, lastEventAt: 0 };
    for (const e of clean) {
      s.events++;
      s.lastEventAt = Math.max(s.lastEventAt, e.t);
      if (e.type === 'startup' && typeof e.durationMs === 'number') s.startupMs = e.durationMs;
      if (e.type === 'stall') {
        s.stalls++;
        if (typeof e.durationMs === 'number') s.stallMs += e.durationMs;
      }
      if (e.type === 'bitrate-switch') {
        s.bitrateSwitches++;
        if (typeof e.bitrate === 'number') s.lastBitrate = e.bitrate;
      }
      if (e.type === 'cdn-switch') s.cdnSwitches++;
      if (e.type === 'error') s.errors++;
    }
    if (!this.summaries.has(sessionId) && this.summaries.size >= 10_000) this.summaries.delete(this.summaries.keys().next().value!);
    this.summaries.set(sessionId, s);
    if (this.file) appendFileSync(this.file, clean.map((e) => JSON.stringify({ sessionId, receivedAt: now, ...e })).join('\n') + '\n');
    return clean.length;
  }

  summary(sessionId?: string): SessionSummary[] {
    return sessionId ? [...this.summaries.values()].filter((s) => s.sessionId === sessionId) : [...this.summaries.values()];
  }
}

function validateEvent(e: unknown, i: number): { type: TelemetryEventType; t: number; [k: string]: unknown } {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new HttpError(400, 'BAD_TELEMETRY', `events[${i}] must be an object`);
  const o = e as Record<string, unknown>;
  if (typeof o.type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(o.type)) throw new HttpError(400, 'BAD_TELEMETRY', `events[${i}].type must be one of ${EVENT_TYPES.join(', ')}`);
  if (typeof o.t !== 'number' || !Number.isFinite(o.t) || o.t < 0) throw new HttpError(400, 'BAD_TELEMETRY', `events[${i}].t must be a non-negative number`);
  const out: { type: TelemetryEventType; t: number; [k: string]: unknown } = { type: o.type as TelemetryEventType, t: o.t };
  for (const k of ['durationMs', 'bitrate', 'from', 'to', 'code', 'message', 'reason', 'cdn', 'position']) {
    const v = o[k];
    if (v === undefined) continue;
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string' || v.length > 500) throw new HttpError(400, 'BAD_TELEMETRY', `events[${i}].${k} has an invalid value`);
    out[k] = v;
  }
  return out;
}
