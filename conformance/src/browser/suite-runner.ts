/**
 * Runs a list of cases one after another on this device: skips what the
 * device or the player cannot do, times out a case that hangs, checkpoints
 * each result and posts it to the reference server (retrying later ones that
 * could not be posted).
 */
import type { CaseResult, ConformanceCase } from '../model/case.js';
import type { AdapterFactory } from './adapters/player-adapter.js';
import type { Checkpoint } from './checkpoint.js';
import { ControlClient, operatorTokenOfPage } from './control-client.js';
import { firstMissing } from './device-needs.js';
import { executePlayerCase, type CatalogTitle } from './execute-player-case.js';
import { executeCapabilityCase } from './probes/probe-table.js';
import { installSourceBufferMeter } from './source-buffer-meter.js';

/** The device a run is on (what the report groups by). */
export interface DeviceInfo {
  userAgent: string;
  platform: string;
  /** Free label from the URL (`device=Living-room TV`). */
  label: string;
}

/** Options of {@link runSuite}. */
export interface SuiteRun {
  origin: string;
  session: string;
  /** The run token the server issued for `session` (required on every results post). */
  token: string;
  device: DeviceInfo;
  player: { name: string; create: AdapterFactory };
  cases: readonly ConformanceCase[];
  checkpoint: Checkpoint;
  /** Where media elements go. */
  stage: HTMLElement;
  soakSeconds?: number;
  onResult?: (r: CaseResult, done: number, total: number) => void;
  onProgress?: (text: string) => void;
}

const withTimeout = <T>(p: Promise<T>, ms: number, onTimeout: () => T): Promise<T> =>
  Promise.race([p, new Promise<T>((r) => setTimeout(() => r(onTimeout()), ms))]);

/** Posts results with the run token; true when the server accepted them (else they stay unposted and are retried). */
export async function postResults(origin: string, session: string, token: string, device: DeviceInfo, results: readonly CaseResult[]): Promise<boolean> {
  if (results.length === 0) return true;
  try {
    const res = await fetch(`${origin}/conformance/api/results`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ session, device, results }) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Runs every case not already in the checkpoint; resolves with all results (earlier ones included). */
export async function runSuite(run: SuiteRun): Promise<CaseResult[]> {
  const control = new ControlClient(run.origin, operatorTokenOfPage());
  const catalog = ((await (await fetch(`${run.origin}/catalog`)).json()) as { titles: CatalogTitle[] }).titles;
  const total = run.cases.length;
  const crashed = run.checkpoint.interrupted;
  if (crashed && !run.checkpoint.has(crashed)) {
    const c = run.cases.find((x) => x.id === crashed);
    if (c) run.checkpoint.finish({ caseId: c.id, category: c.category, title: c.title, player: run.player.name, status: 'fail', reason: 'the page crashed or was reloaded during this case', durationMs: 0 });
  }
  const flush = async () => {
    const pending = run.checkpoint.unposted();
    if (await postResults(run.origin, run.session, run.token, run.device, pending)) run.checkpoint.markPosted(pending.map((r) => r.caseId));
  };
  let index = 0;
  for (const c of run.cases) {
    index++;
    if (run.checkpoint.has(c.id)) continue;
    run.checkpoint.start(c.id);
    const started = performance.now();
    const result = { ...(await runOne(c, run, control, catalog, index)), durationMs: Math.round(performance.now() - started) };
    run.checkpoint.finish(result);
    run.onResult?.(result, run.checkpoint.results.length, total);
    await flush();
  }
  await flush();
  return [...run.checkpoint.results];
}

async function runOne(c: ConformanceCase, run: SuiteRun, control: ControlClient, catalog: CatalogTitle[], index: number): Promise<Omit<CaseResult, 'durationMs'>> {
  const player = c.kind === 'player' ? run.player.name : 'device';
  const base = { caseId: c.id, category: c.category, title: c.title, player };
  const lacking = await firstMissing(c.needs);
  if (lacking) return { ...base, status: 'skip', reason: lacking };
  const timeoutMs = (c.kind === 'player' && c.steps?.some((s) => s.op === 'soak') && run.soakSeconds !== undefined ? run.soakSeconds * 1000 + 30_000 : c.budgetMs) * 3;
  const timedOut = () => ({ ...base, status: 'fail' as const, reason: `timed out after ${timeoutMs} ms` });
  if (c.kind === 'capability') return withTimeout(executeCapabilityCase(c, { origin: run.origin, stage: run.stage }), timeoutMs, timedOut);

  if (c.players && !c.players.includes(run.player.name)) return { ...base, status: 'skip', reason: `case applies to ${c.players.join(', ')} only` };
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = false;
  run.stage.replaceChildren(video);
  const adapter = await run.player.create(video);
  if (c.stream && !adapter.formats.includes(c.stream.format)) {
    await adapter.destroy();
    return { ...base, status: 'skip', reason: `${adapter.name} does not play ${c.stream.format.toUpperCase()}` };
  }
  const session = `${run.session}-${index}-${Math.random().toString(36).slice(2, 6)}`.slice(0, 100);
  try {
    return await withTimeout(
      executePlayerCase(c, adapter, video, { origin: run.origin, control, session, catalog, sourceBuffers: installSourceBufferMeter(), ...(run.soakSeconds === undefined ? {} : { soakSeconds: run.soakSeconds }), ...(run.onProgress ? { onProgress: run.onProgress } : {}) }),
      timeoutMs, timedOut,
    );
  } finally {
    await adapter.destroy().catch(() => undefined);
    video.remove();
  }
}
