/**
 * One trace, decision by decision: the rungs a strategy played next to the
 * offline-optimal plan, optionally with every decision's reason.
 *
 *   npm run bench:abr-inspect -- <trace file> [cbr|vbr|vbr-indexed] [strategy name prefix]   (REASONS=1 for reasons)
 *
 * Rungs print as ladder indices (0 = 300 kbit/s … 5 = 4300 kbit/s), one digit per segment.
 */
import { LADDER, LADDERS, chunkModel, ladderSetup, type LadderName } from './setup.js';
import { runSession } from './player-session.js';
import { STRATEGIES, TUNING } from './strategies.js';
import { loadTrace } from '../../packages/sim/src/load-trace.js';
import { solveOfflineOptimal } from '../../packages/sim/src/abr-eval/offline-optimal.js';

const [file, ladder = 'cbr', only = 'edgeplay'] = process.argv.slice(2);
if (!file) throw new Error('usage: bench:abr-inspect -- <trace file> [cbr|vbr|vbr-indexed] [strategy prefix]');
if (!(ladder in LADDERS)) throw new Error(`unknown ladder ${ladder} (${Object.keys(LADDERS).join(', ')})`);
const setup = ladderSetup(ladder as LadderName);
const trace = loadTrace(file);
const segments = setup.durationS / setup.segmentDuration;
const dp = solveOfflineOptimal(chunkModel(setup, trace));
console.log(`optimum      QoE ${(dp.qoe / segments).toFixed(3)}  ${dp.plan.join('')}`);
for (const s of [...STRATEGIES, ...TUNING].filter((x) => x.name.startsWith(only))) {
  const reasons: string[] = [];
  const r = await runSession(setup, trace, s.make(), s.controller, (c, d) => reasons.push(`${c.bufferLevel.toFixed(1)} s: ${d.reason}`));
  console.log(`${s.name.padEnd(12).slice(0, 12)} QoE ${r.qoe.perSegment.toFixed(3)}  ${r.played.map((b) => LADDER.indexOf(b)).join('')}  stall ${(r.stallMs / 1000).toFixed(1)} s`);
  if (process.env.REASONS) for (const x of reasons) console.log(`   ${x}`);
}
