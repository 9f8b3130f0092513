/** The bench's fixed session: Pensieve's ladder and video length, the Player's buffer settings. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { syntheticPresentation } from '../../packages/sim/src/synthetic-presentation.js';
import { ChunkModel } from '../../packages/sim/src/abr-eval/chunk-model.js';
import type { TracePoint } from '../../packages/sim/src/trace.js';
import type { SessionSetup } from './player-session.js';

/** Pensieve's ladder (kbit/s 300…4300), 48 × 4 s segments = 192 s, as the issue measured. */
export const LADDER = [300e3, 750e3, 1.2e6, 1.85e6, 2.85e6, 4.3e6];
export const SEGMENT_S = 4;
export const DURATION_S = 192;

/**
 * The bench's ladders. `cbr`: every segment at its nominal size. `vbr`: sizes
 * vary ±50 % (deterministic per segment and rung) and the manifest is a
 * `SegmentTemplate`, so the Player learns a size only by fetching it.
 * `vbr-indexed`: the same encode with every segment's byte range in the
 * manifest, as sidx / `EXT-X-BYTERANGE` content tells it; its DP optimum is
 * the `vbr` one (same sizes).
 */
export const LADDERS = {
  cbr: { vbr: 0, indexed: false },
  vbr: { vbr: 0.5, indexed: false },
  'vbr-indexed': { vbr: 0.5, indexed: true },
} as const;
export type LadderName = keyof typeof LADDERS;

/** The session of one of {@link LADDERS}. */
export function ladderSetup(name: LadderName): SessionSetup {
  const { vbr, indexed } = LADDERS[name];
  return {
    presentation: syntheticPresentation({ ladder: LADDER, duration: DURATION_S, segmentDuration: SEGMENT_S, vbr, segmentSizesInManifest: indexed }),
    durationS: DURATION_S,
    segmentDuration: SEGMENT_S,
    bufferGoal: 30,
    rebufferGoal: 2,
    rttMs: 80,
  };
}

/** The chunk model (DP, experts) for the same session: sizes come from the presentation the Player fetches. */
export function chunkModel(setup: SessionSetup, trace: readonly TracePoint[]): ChunkModel {
  const base = setup.presentation.manifestUrl.replace(/manifest\.mpd$/, '');
  const sizes = LADDER.map((bw) =>
    Array.from({ length: Math.ceil(setup.durationS / setup.segmentDuration) }, (_, k) => setup.presentation.resolve(`${base}video/v${bw}/seg-${k + 1}.m4s`)?.bytes ?? (bw * setup.segmentDuration) / 8),
  );
  return new ChunkModel(
    {
      bitrates: LADDER,
      segmentBytes: (k, r) => sizes[r]![k]!,
      segmentCount: sizes[0]!.length,
      segmentDuration: setup.segmentDuration,
      bufferGoalS: setup.bufferGoal,
      rttS: setup.rttMs / 1000,
      // The manifest round trip before the first segment request.
      preambleS: setup.rttMs / 1000,
    },
    trace,
  );
}

/**
 * Resolves a trace folder: as given (relative to the working directory), else
 * the same relative path from each parent of the repository — a git worktree
 * sits deeper than the main checkout whose sibling `../shared` is meant.
 */
export function resolveTraceDir(given: string, repoRoot: string): string {
  const direct = path.resolve(given);
  if (existsSync(direct)) return direct;
  for (let dir = repoRoot; ; dir = path.dirname(dir)) {
    const candidate = path.resolve(dir, given);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`trace folder not found: ${given}`);
}

/** Which part of a trace set. */
export type Split = 'train' | 'validation' | 'all';

/**
 * The validation split: every 5th file (index % 5 == 4) of each set, sorted
 * by name (byte order). Never tuned on; `train` is the rest.
 */
export function listTraces(dir: string, split: Split): string[] {
  const files = readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .sort();
  return files.filter((_, i) => split === 'all' || (split === 'validation') === (i % 5 === 4)).map((f) => path.join(dir, f));
}
