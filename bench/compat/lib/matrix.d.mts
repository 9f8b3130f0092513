/** Types of matrix.mjs (plain ESM so `npm run compat` runs without a TypeScript loader for the runner itself). */
import type { Browser } from 'playwright-core';
import type { CompatCase } from '../../../packages/server/src/fixtures/compat/compat-catalog.js';

/** One case × player run. */
export interface CaseResult {
  /** `plays`, `refused:<code>`, `fail:<what>` or `hang`. */
  outcome: string;
  detail: string;
  /** Media time of the first presented frame (s), or null. */
  firstFrame: number | null;
  /** Playhead when the run ended (s). */
  reached: number | null;
  frames?: number;
  ms: number;
}

export type PlayerName = 'edgeplay' | 'shaka' | 'hls.js' | 'dash.js';

export declare function runMatrix(
  browser: Browser,
  serverUrl: string,
  cases: readonly CompatCase[],
  options?: { parallel?: number; players?: (k: CompatCase) => readonly PlayerName[]; onResult?: (k: CompatCase, p: PlayerName, r: CaseResult) => void; /** Bearer token of the control plane (cases with cache faults). */ operatorToken?: string },
): Promise<Record<string, Partial<Record<PlayerName, CaseResult>>>>;
export declare function acceptable(kase: CompatCase, result: CaseResult | undefined): boolean;
export declare function provesFixture(kase: CompatCase, result: CaseResult | undefined): boolean;
export declare function formatMatrix(cases: readonly CompatCase[], results: Record<string, Partial<Record<PlayerName, CaseResult>>>): string;
