/**
 * Endurance: a soak on a live title (it never ends) for 30 min by default —
 * `soak=<seconds>` on the runner URL or `--soak` on the CLI shortens it (CI:
 * ~30 s) or lengthens it (4 h = 14400). Samples memory, buffered range,
 * dropped frames, stalls and SourceBuffer ranges / bytes over time; fails
 * on stalls, a fatal error, or heap growth beyond the bound below.
 */
import type { ConformanceCase } from '../model/case.js';
import { expand, type CaseTemplate } from '../model/generate.js';

/** Default soak: 30 min, the length a viewer's session commonly reaches (YouTube-style playback-performance suites use 30 min). */
export const DEFAULT_SOAK_SECONDS = 1_800;

/**
 * Heap growth allowed over a soak (median of the last quarter vs the first): 64 MB. A player that
 * keeps every segment or cue it ever saw grows by far more over 30 min (4.3 Mbit/s is ~1 GB of
 * media); GC swings of ±20 MB (measured in 30 s Chromium soaks) stay well under it.
 */
export const HEAP_GROWTH_LIMIT_MB = 64;

const soakTemplate: CaseTemplate<'dash' | 'hls'> = {
  id: 'soak',
  build: (format) => ({
    rowId: `live-vod-${format}`, category: 'endurance', kind: 'player', title: `${format.toUpperCase()} live vod soak: memory, buffer, dropped frames and stalls over time`,
    stream: { url: format === 'dash' ? '/live/vod/manifest.mpd' : '/live/vod/master.m3u8', format, title: 'vod', live: true }, needs: ['mse'],
    steps: [{ op: 'load' }, { op: 'waitForPlayback', seconds: 1, timeoutMs: 20_000 }, { op: 'soak', seconds: DEFAULT_SOAK_SECONDS, sampleMs: 5_000 }],
    expect: [{ kind: 'noFatalError' }, { kind: 'maxStalls', count: 0 }, { kind: 'framesAdvance', seconds: 10 }, { kind: 'heapGrowthUnder', mb: HEAP_GROWTH_LIMIT_MB }],
    budgetMs: DEFAULT_SOAK_SECONDS * 1000,
  }),
};

/** The endurance cases. */
export function enduranceCases(): ConformanceCase[] {
  return expand(soakTemplate, ['dash', 'hls']);
}
