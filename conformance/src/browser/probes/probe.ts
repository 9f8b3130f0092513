/**
 * A capability probe's answer: whether the device has the capability at all
 * (`supported`) and, when it does, whether it behaved correctly (`ok`). The
 * runner maps that to pass / fail / skip with the case's requirement: a
 * missing optional capability skips, a wrong behaviour always fails.
 */
import type { CaseStatus, ProbeSpec } from '../../model/case.js';

/** What a probe found. */
export interface ProbeOutcome {
  supported: boolean;
  ok: boolean;
  /** Why unsupported / not ok (shown as the case's reason). */
  reason?: string;
  detail?: Record<string, unknown>;
}

/** A probe implementation; `origin` is the reference server (for media samples). */
export type Probe = (args: ProbeSpec['args'], env: ProbeEnv) => Promise<ProbeOutcome>;

/** What probes may use. */
export interface ProbeEnv {
  origin: string;
  /** A container to put temporary media elements in. */
  stage: HTMLElement;
}

/** pass / fail / skip for an outcome under `requirement`. */
export function probeStatus(o: ProbeOutcome, requirement: ProbeSpec['requirement']): { status: CaseStatus; reason: string } {
  if (!o.supported) return requirement === 'required' ? { status: 'fail', reason: `required capability missing: ${o.reason ?? 'unsupported'}` } : { status: 'skip', reason: o.reason ?? 'not supported by this device' };
  if (!o.ok) return { status: 'fail', reason: o.reason ?? 'wrong behaviour' };
  return { status: 'pass', reason: '' };
}

export const unsupported = (reason: string, detail?: Record<string, unknown>): ProbeOutcome => ({ supported: false, ok: false, reason, ...(detail ? { detail } : {}) });
export const passed = (detail?: Record<string, unknown>): ProbeOutcome => ({ supported: true, ok: true, ...(detail ? { detail } : {}) });
export const wrong = (reason: string, detail?: Record<string, unknown>): ProbeOutcome => ({ supported: true, ok: false, reason, ...(detail ? { detail } : {}) });
