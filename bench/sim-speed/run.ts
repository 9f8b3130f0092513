/**
 * How fast the simulator runs the real Player: wall time of one 4-minute
 * playback (Pensieve ladder, 4 s segments, 80 ms RTT) on the first of the
 * shared training traces, after a warm-up run (JIT). Prints the figure; it
 * used to be a unit-test assertion (< 1 s), which a loaded CI machine can
 * fail without anything being wrong.
 *
 * Usage: npm run bench:sim [-- runs=5]
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { HybridAbrStrategy } from '@edgeplay/core';
import { loadTrace, simulatePlayback, syntheticPresentation } from '../../packages/sim/src/index.js';
import { SHARED_DIR } from '../../packages/core/test/support/shared-data.js';

const runs = Number(process.argv.find((a) => a.startsWith('runs='))?.slice(5) ?? 5);
const dir = path.join(SHARED_DIR, 'traces', 'pensieve-train');
const first = readdirSync(dir).filter((f) => !f.startsWith('.')).sort()[0]!;
const trace = loadTrace(path.join(dir, first));
const content = syntheticPresentation({ ladder: [300e3, 750e3, 1.2e6, 1.85e6, 2.85e6, 4.3e6], duration: 240, segmentDuration: 4 });
const once = () => simulatePlayback({ trace, presentation: content, abr: new HybridAbrStrategy(), durationS: 240 });

await once(); // warm-up
const walls: number[] = [];
let virtualS = 0;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = await once();
  walls.push(performance.now() - t0);
  virtualS = r.virtualMs / 1000;
}
walls.sort((a, b) => a - b);
const median = walls[Math.floor(walls.length / 2)]!;
console.log(`simulator: 4-minute playback (${first}) in ${median.toFixed(0)} ms wall (median of ${runs}; min ${walls[0]!.toFixed(0)}, max ${walls[walls.length - 1]!.toFixed(0)}), ${virtualS.toFixed(1)} s virtual → ${(virtualS * 1000 / median).toFixed(0)}× real time`);
