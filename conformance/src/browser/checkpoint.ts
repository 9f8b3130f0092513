/**
 * Crash/reload resume: every finished case is written to localStorage before
 * the next starts, and the case about to run is recorded too — so a TV browser
 * that dies mid-suite resumes after the last finished case, and the case that
 * killed it is reported as a failure instead of being retried forever.
 */
import type { CaseResult } from '../model/case.js';

/** What is kept per run (session × shard × player). */
export interface CheckpointState {
  results: CaseResult[];
  /** Case started but not finished (set before it runs). */
  running: string | null;
  /** Ids of results the server acknowledged. */
  posted: string[];
}

/** Minimal storage surface (localStorage in the page; a Map in unit tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A checkpoint under one key. */
export class Checkpoint {
  private state: CheckpointState;

  constructor(private readonly store: KeyValueStore, private readonly key: string) {
    this.state = Checkpoint.parse(store.getItem(key));
  }

  private static parse(raw: string | null): CheckpointState {
    if (!raw) return { results: [], running: null, posted: [] };
    try {
      const s = JSON.parse(raw) as Partial<CheckpointState>;
      return { results: Array.isArray(s.results) ? s.results : [], running: typeof s.running === 'string' ? s.running : null, posted: Array.isArray(s.posted) ? s.posted : [] };
    } catch {
      return { results: [], running: null, posted: [] }; // A corrupt checkpoint restarts the run rather than wedging it.
    }
  }

  get results(): readonly CaseResult[] { return this.state.results; }
  /** The case that was running when the page died, if any. */
  get interrupted(): string | null { return this.state.running; }
  has(caseId: string): boolean { return this.state.results.some((r) => r.caseId === caseId); }
  unposted(): CaseResult[] { return this.state.results.filter((r) => !this.state.posted.includes(r.caseId)); }

  start(caseId: string): void {
    this.state.running = caseId;
    this.save();
  }

  finish(result: CaseResult): void {
    this.state.results = [...this.state.results.filter((r) => r.caseId !== result.caseId), result];
    this.state.running = null;
    this.save();
  }

  markPosted(ids: readonly string[]): void {
    this.state.posted = [...new Set([...this.state.posted, ...ids])];
    this.save();
  }

  clear(): void {
    this.state = { results: [], running: null, posted: [] };
    this.store.removeItem(this.key);
  }

  private save(): void {
    try {
      this.store.setItem(this.key, JSON.stringify(this.state));
    } catch {
      // Storage full (soak samples are the big part): drop samples of older results and retry once.
      this.state.results = this.state.results.map((r) => (r.metrics?.samples ? { ...r, metrics: { ...r.metrics, samples: r.metrics.samples.filter((_, i) => i % 4 === 0) } } : r));
      this.store.setItem(this.key, JSON.stringify(this.state));
    }
  }
}
