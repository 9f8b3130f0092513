/**
 * The real-world stream classes of the compat matrix (TS with PTS offsets,
 * rollover, B-frames and discontinuities, no CODECS, packed audio, AES-128,
 * redundant variants / failover, TTML sidecar + stpp, WebM, CENC with the
 * app's ClearKey keys, clear-then-CENC, SegmentList, CEA-608…) as
 * conformance cases: one template, and the rows are the compat catalog
 * itself (`.fixtures/compat/compat.json`, served at `/media/compat/compat.json`),
 * so a case added to the fixture pipeline becomes a conformance case with
 * no code here. The expectations are the catalog's: where playback starts,
 * how long it plays, the time it must reach, the cues it must show.
 */
import type { CompatCase } from '../../../packages/server/src/fixtures/compat/compat-catalog.js';
import type { ConformanceCase, Expectation, Step } from '../model/case.js';
import { expand, type CaseTemplate } from '../model/generate.js';

/** Where the runner page reads the rows (the origin serves the fixtures tree under /media). */
export const COMPAT_CATALOG_URL = '/media/compat/compat.json';

/** The compat source encode is 30 fps (packages/server/src/fixtures/compat/source-encode.ts). */
const COMPAT_FRAME_RATE = 30;
/** No first frame this long after load is a hang: reference players start these cases in < 2 s (bench/compat START_BUDGET_S). */
const START_BUDGET_S = 12;
/** First frame within one 2 s GOP of the expected start, either way (the compat matrix's tolerance). */
const START_TOLERANCE_S = 2;
/** A 608 caption shows on the frame after its EOC (≈ 33 ms); 0.5 s allows for player rounding (compat matrix). */
const CUE_TOLERANCE_S = 0.5;

const compatTemplate: CaseTemplate<CompatCase> = {
  id: 'compat',
  build: (k) => {
    const e = k.expect;
    const reach = e.reachTime ?? e.startTime + e.playSeconds;
    const waitMs = (START_BUDGET_S + reach - e.startTime + 15) * 1000;
    const steps: Step[] = [
      // A fault limited to the case's own files (e.g. cache 0 answering 503), installed before the first request.
      ...(k.faults ?? []).map((f): Step => ({ op: 'faultFiles', cacheIndex: f.cache, spec: { mode: f.mode, status: f.status, pathPattern: f.pathPattern } })),
      { op: 'load' },
      ...(e.cues?.length ? [{ op: 'waitForPlayback', seconds: 0.2, timeoutMs: START_BUDGET_S * 1000 } as Step, { op: 'selectText', language: '*' } as Step] : []),
      { op: 'waitForTime', time: reach, timeoutMs: waitMs },
    ];
    const expect: Expectation[] = [
      { kind: 'noFatalError' },
      { kind: 'startsNear', time: e.startTime, tolerance: START_TOLERANCE_S },
      // The compat matrix allows half a second of slack on the media played (its sampling period is 250 ms).
      e.audioOnly ? { kind: 'timeAdvances', seconds: e.playSeconds - 0.5 } : { kind: 'framesAdvance', seconds: e.playSeconds - 0.5 },
      { kind: 'reachedTime', time: reach },
      { kind: 'maxStalls', count: 0 },
      ...(e.cues?.length ? [{ kind: 'cuesShown', cues: e.cues.map((c) => ({ text: c.text, start: c.start })), tolerance: CUE_TOLERANCE_S } as Expectation] : []),
    ];
    const needs = [
      e.clearKeys ? 'eme:org.w3.clearkey' : 'mse',
      // A codec the platform may lack (AC-3 in Chromium): the device lacks a capability, the case skips.
      ...(e.refusalAllowed ? [`codec:${e.refusalAllowed.mimeType}`] : []),
    ];
    return {
      rowId: k.id, category: 'compat', kind: 'player',
      title: `${k.protocol.toUpperCase()} compat ${k.id} (issue ${k.issueItem}): ${k.standsFor}`,
      stream: { url: k.path, format: k.protocol, title: `compat/${k.id}`, frameRate: COMPAT_FRAME_RATE },
      ...(e.clearKeys ? { config: { drm: { clearKeys: e.clearKeys } } } : {}),
      needs, steps, expect,
      budgetMs: waitMs + 5_000,
    };
  },
};

/** One case per compat catalog entry. */
export function compatCases(catalog: readonly CompatCase[]): ConformanceCase[] {
  return expand(compatTemplate, catalog);
}
