/**
 * `npm run bench:abr -- --traces ../shared/traces/<set> [--traces …] [--split train|validation|all]
 *  [--every K] [--limit N] [--ladder cbr|vbr|vbr-indexed|all (comma list; both = all)] [--only name,name] [--worst N] [--decompose] [--ceilings] [--json out.json]`
 * (`--decompose`: each strategy's QoE_lin terms next to the DP plan's; `--ceilings`: rows told part of the future, ceilings.ts)
 * (`--every K`: every K-th file of the split, for a quicker deterministic subset)
 *
 * Every strategy on every trace, in the real Player on the virtual clock,
 * scored with QoE_lin against the offline optimum (DP over the same chunk
 * model). Prints, per trace set and ladder: mean QoE per segment, QoE as a
 * fraction of the optimum (ratio of the means), mean bitrate, rebuffer ratio,
 * switches/min, startup; with several sets, also every set's traces pooled.
 * See bench/abr/README.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { loadTrace } from '../../packages/sim/src/load-trace.js';
import { solveOfflineOptimal } from '../../packages/sim/src/abr-eval/offline-optimal.js';
import { LADDERS, chunkModel, ladderSetup, listTraces, resolveTraceDir, type LadderName, type Split } from './setup.js';
import { runSession, type SessionResult } from './player-session.js';
import { BARE, STRATEGIES, TUNING } from './strategies.js';
import { ceilingStrategies } from './ceilings.js';
import { formatDecomposition, meanTerms, planStrategy, planTerms, sessionTerms } from './decompose.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function args(argv: string[]) {
  const out = { traces: [] as string[], split: 'train' as Split, limit: Infinity, ladder: 'all', only: null as string[] | null, json: null as string | null, worst: 0, every: 1, decompose: false, ceilings: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${a} needs a value`);
      return next;
    };
    if (a === '--traces') out.traces.push(v());
    else if (a === '--split') out.split = v() as Split;
    else if (a === '--limit') out.limit = Number(v());
    else if (a === '--ladder') out.ladder = v();
    else if (a === '--only') out.only = v().split(',');
    else if (a === '--json') out.json = v();
    else if (a === '--worst') out.worst = Number(v());
    else if (a === '--ceilings') out.ceilings = true;
    else if (a === '--every') out.every = Number(v());
    else if (a === '--decompose') out.decompose = true;
    else if (a === '--') continue;
    else throw new Error(`unknown argument ${a}`);
  }
  if (out.traces.length === 0) out.traces.push('../shared/traces/pensieve-train', '../shared/traces/oboe');
  if (!['train', 'validation', 'all'].includes(out.split)) throw new Error(`--split must be train, validation or all`);
  return out;
}

/**
 * The DP optimum per trace is deterministic in (trace file, ladder, session
 * setup): cached under .bench-out/abr-optimum (git-ignored); delete it after
 * changing the chunk model or the setup.
 */
function cachedOptimum(file: string, ladder: string, solve: () => number): number {
  const dir = path.join(repoRoot, '.bench-out', 'abr-optimum');
  const key = path.join(dir, `${ladder}-${path.basename(path.dirname(file))}-${path.basename(file)}.json`);
  if (existsSync(key)) return (JSON.parse(readFileSync(key, 'utf8')) as { qoe: number }).qoe;
  const qoe = solve();
  mkdirSync(dir, { recursive: true });
  writeFileSync(key, JSON.stringify({ qoe }));
  return qoe;
}

interface Row {
  strategy: string;
  traces: number;
  meanQoe: number;
  fractionOfOptimum: number;
  meanBitrateKbps: number;
  rebufferRatio: number;
  switchesPerMin: number;
  startupMs: number;
  msPerDecision: number;
  /** Per trace (JSON only): where the gap to the optimum sits. */
  perTrace?: { file: string; qoe: number; optimum: number; stallS: number; switches: number }[];
}

function aggregate(strategy: string, results: SessionResult[], optimum: number[]): Row {
  const mean = (f: (r: SessionResult) => number) => results.reduce((s, r) => s + f(r), 0) / results.length;
  const stall = results.reduce((s, r) => s + r.stallMs, 0);
  const played = results.reduce((s, r) => s + r.playedS * 1000, 0);
  const meanQoe = mean((r) => r.qoe.perSegment);
  const meanOpt = optimum.reduce((s, v) => s + v, 0) / optimum.length;
  return {
    strategy,
    traces: results.length,
    meanQoe,
    fractionOfOptimum: meanQoe / meanOpt,
    meanBitrateKbps: mean((r) => r.meanBitrate) / 1000,
    rebufferRatio: stall / (stall + played),
    switchesPerMin: mean((r) => (r.switches / r.playedS) * 60),
    startupMs: mean((r) => r.startupMs),
    msPerDecision: results.reduce((s, r) => s + r.decideMs, 0) / Math.max(1, results.reduce((s, r) => s + r.decisions, 0)),
  };
}

function table(title: string, optimum: number, rows: Row[]): string {
  const lines = [`\n${title}: optimum ${optimum.toFixed(3)} QoE/segment`, '| strategy | QoE/seg | × optimum | bitrate kbit/s | rebuffer | switches/min | startup ms | ms/decision |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(`| ${r.strategy} | ${r.meanQoe.toFixed(3)} | ${r.fractionOfOptimum.toFixed(3)} | ${r.meanBitrateKbps.toFixed(0)} | ${(r.rebufferRatio * 100).toFixed(2)} % | ${r.switchesPerMin.toFixed(2)} | ${r.startupMs.toFixed(0)} | ${r.msPerDecision.toFixed(3)} |`);
  }
  return lines.join('\n');
}

async function main() {
  const opts = args(process.argv.slice(2));
  const ladders = (opts.ladder === 'both' || opts.ladder === 'all' ? Object.keys(LADDERS) : opts.ladder.split(',')) as LadderName[];
  for (const l of ladders) if (!(l in LADDERS)) throw new Error(`--ladder: unknown ladder ${l} (${Object.keys(LADDERS).join(', ')}, all)`);
  const strategies = [...STRATEGIES, ...TUNING].filter((s) => !opts.only || opts.only.some((o) => s.name.startsWith(o)));
  const policyFile = fileURLToPath(new URL('../../packages/core/src/abr/learned-policy.json', import.meta.url));
  if (existsSync(policyFile)) {
    const text = readFileSync(policyFile);
    console.log(`learned policy: ${text.length} bytes, ${gzipSync(text).length} bytes gzip (limit 30 KB); per-decision time: the ms/decision column`);
  }
  const report: Record<string, unknown> = { split: opts.split, date: new Date().toISOString(), sets: [] as unknown[] };
  // Per ladder and strategy, every set's sessions: the pooled table over all the traces given.
  const pooled = new Map<string, Map<string, { results: SessionResult[]; optimum: number[] }>>();
  for (const given of opts.traces) {
    const dir = resolveTraceDir(given, repoRoot);
    const files = listTraces(dir, opts.split)
      .filter((_, i) => i % opts.every === 0)
      .slice(0, opts.limit);
    for (const ladderName of ladders) {
      const setup = ladderSetup(ladderName);
      // The indexed encode has the vbr encode's sizes: one optimum.
      const optimumKey = ladderName === 'vbr-indexed' ? 'vbr' : ladderName;
      const optimum: number[] = [];
      const t0 = performance.now();
      const traces = files.map((f) => loadTrace(f));
      for (let i = 0; i < traces.length; i++) optimum.push(cachedOptimum(files[i]!, optimumKey, () => solveOfflineOptimal(chunkModel(setup, traces[i]!)).qoe) / (setup.durationS / setup.segmentDuration));
      const dpMs = (performance.now() - t0) / traces.length;
      const rows: Row[] = [];
      // The DP plans are not cached (only their QoE): solved again only when decomposing.
      const plans = opts.decompose ? traces.map((t) => solveOfflineOptimal(chunkModel(setup, t)).plan) : [];
      const planTermsAll = plans.map((plan, i) => planTerms(chunkModel(setup, traces[i]!), plan));
      const decomposition: string[] = [];
      let replayRow: Row | null = null;
      if (opts.decompose) {
        // The DP's own plan played by the real Player: what the Player's execution loses against the chunk model.
        const replay: SessionResult[] = [];
        for (let i = 0; i < traces.length; i++) replay.push(await runSession(setup, traces[i]!, planStrategy(plans[i]!, setup.segmentDuration, setup.durationS), BARE));
        const row = aggregate('dp-plan replay', replay, optimum);
        row.perTrace = replay.map((r, i) => ({ file: path.basename(files[i]!), qoe: r.qoe.perSegment, optimum: optimum[i]!, stallS: r.stallMs / 1000, switches: r.switches }));
        replayRow = row;
        decomposition.push(`  the DP plan replayed in the Player: QoE ${row.meanQoe.toFixed(3)} (× optimum ${row.fractionOfOptimum.toFixed(3)}), stall ${(row.rebufferRatio * 100).toFixed(2)} %, startup ${row.startupMs.toFixed(0)} ms`);
      }
      for (const s of strategies) {
        const results: SessionResult[] = [];
        for (const trace of traces) results.push(await runSession(setup, trace, s.make(), s.controller));
        const row = aggregate(s.name, results, optimum);
        row.perTrace = results.map((r, i) => ({ file: path.basename(files[i]!), qoe: r.qoe.perSegment, optimum: optimum[i]!, stallS: r.stallMs / 1000, switches: r.switches }));
        rows.push(row);
        const byStrategy = pooled.get(ladderName) ?? new Map<string, { results: SessionResult[]; optimum: number[] }>();
        pooled.set(ladderName, byStrategy);
        const pool = byStrategy.get(s.name) ?? { results: [], optimum: [] };
        byStrategy.set(s.name, pool);
        pool.results.push(...results);
        pool.optimum.push(...optimum);
        if (opts.decompose) decomposition.push(formatDecomposition(s.name, meanTerms(results.map(sessionTerms)), meanTerms(planTermsAll)));
        if (opts.worst > 0) {
          const gaps = [...row.perTrace];
          gaps.sort((a, b) => b.optimum - b.qoe - (a.optimum - a.qoe));
          for (const g of gaps.slice(0, opts.worst)) console.log(`  ${s.name}: ${g.file} QoE ${g.qoe.toFixed(3)} vs optimum ${g.optimum.toFixed(3)}, stall ${g.stallS.toFixed(1)} s, ${g.switches} switches`);
        }
      }
      if (opts.ceilings) {
        for (const c of ceilingStrategies(setup)) {
          const results: SessionResult[] = [];
          for (let i = 0; i < traces.length; i++) results.push(await runSession(setup, traces[i]!, c.make(traces[i]!, chunkModel(setup, traces[i]!)), BARE));
          rows.push(aggregate(`(ceiling) ${c.name}`, results, optimum));
        }
      }
      const meanOpt = optimum.reduce((a, b) => a + b, 0) / optimum.length;
      for (const line of decomposition) console.log(line);
      console.log(table(`${path.basename(dir)} (${opts.split}, ${files.length} traces, ${ladderName} ladder; DP ${dpMs.toFixed(0)} ms/trace)`, meanOpt, rows));
      (report.sets as unknown[]).push({ set: path.basename(dir), ladder: ladderName, traces: files.length, optimum: meanOpt, rows, ...(replayRow ? { dpPlanReplay: replayRow } : {}) });
    }
  }
  if (opts.traces.length > 1) {
    // Every trace of every set given, one mean: "the training traces" as one population (ratio of the means).
    report.pooled = [];
    for (const [ladderName, byStrategy] of pooled) {
      const rows = [...byStrategy].map(([name, p]) => aggregate(name, p.results, p.optimum));
      const first = [...byStrategy.values()][0]!;
      const meanOpt = first.optimum.reduce((a, b) => a + b, 0) / first.optimum.length;
      console.log(table(`all sets pooled (${opts.split}, ${first.optimum.length} traces, ${ladderName} ladder)`, meanOpt, rows));
      (report.pooled as unknown[]).push({ ladder: ladderName, traces: first.optimum.length, optimum: meanOpt, rows });
    }
  }
  if (opts.json) writeFileSync(opts.json, JSON.stringify(report, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
