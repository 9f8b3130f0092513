/** Every capability probe by name, and running one into a case result. */
import type { CaseResult, ConformanceCase } from '../../model/case.js';
import { codecProbes } from './codec-probes.js';
import { emeProbes } from './eme-probes.js';
import { frameProbes } from './frame-probes.js';
import { mseProbes } from './mse-probes.js';
import { probeStatus, type Probe, type ProbeEnv } from './probe.js';

const PROBES: Record<string, Probe> = { ...mseProbes, ...codecProbes, ...emeProbes, ...frameProbes };

/** Runs a capability case's probe; an unknown probe or an exception is a `fail`. */
export async function executeCapabilityCase(c: ConformanceCase, env: ProbeEnv): Promise<Omit<CaseResult, 'durationMs'>> {
  const base = { caseId: c.id, category: c.category, title: c.title, player: 'device' };
  const spec = c.probe;
  const probe = spec ? PROBES[spec.probe] : undefined;
  if (!spec || !probe) return { ...base, status: 'fail', reason: `unknown probe ${spec?.probe ?? '(none)'}` };
  try {
    const outcome = await probe(spec.args, env);
    return { ...base, ...probeStatus(outcome, spec.requirement), ...(outcome.detail ? { detail: outcome.detail } : {}) };
  } catch (e) {
    return { ...base, status: 'fail', reason: `probe threw ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Probe names (for the unit test that every case's probe exists). */
export const probeNames = (): string[] => Object.keys(PROBES);
