/**
 * Runs case × player jobs a few at a time (2 cores: three Chromium pages keep
 * both busy without starving the players' timers) and formats the matrix.
 */
import { playCase } from './play-case.mjs';
import { PLAYERS_BY_PROTOCOL } from './players.mjs';

/**
 * Plays every `(case, player)` pair; `players(kase)` picks the players of a case
 * (default: Edgeplay + the reference players of its protocol). Resolves
 * `{ [caseId]: { [player]: result } }`.
 */
export async function runMatrix(browser, serverUrl, cases, { parallel = 3, players = (k) => PLAYERS_BY_PROTOCOL[k.protocol], onResult, operatorToken = '' } = {}) {
  await installFaults(serverUrl, cases, operatorToken);
  const jobs = cases.flatMap((k) => players(k).map((p) => ({ k, p })));
  const results = {};
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { k, p } = jobs[next++];
      const r = await playCase(browser, serverUrl, k, p);
      (results[k.id] ??= {})[p] = r;
      onResult?.(k, p, r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
  return results;
}

/** Posts every case's cache faults (each limited to the case's own files, so parallel runs do not see them). */
async function installFaults(serverUrl, cases, operatorToken) {
  const faults = cases.flatMap((k) => k.faults ?? []);
  if (!faults.length) return;
  const auth = operatorToken ? { Authorization: `Bearer ${operatorToken}` } : {};
  const listed = await fetch(`${serverUrl}/control/caches`, { headers: auth });
  if (!listed.ok) throw new Error(`compat: listing the edge caches failed: HTTP ${listed.status} (the control plane needs the operator token)`);
  const { caches } = await listed.json();
  for (const f of faults) {
    const cache = caches[f.cache];
    if (!cache) throw new Error(`compat: a case needs edge cache ${f.cache}, the server runs ${caches.length}`);
    const res = await fetch(`${serverUrl}/control/caches/${cache.id}/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth }, body: JSON.stringify({ mode: f.mode, status: f.status, pathPattern: f.pathPattern }) });
    if (!res.ok) throw new Error(`compat: installing a fault on ${cache.id} failed: HTTP ${res.status} ${await res.text()}`);
  }
}

/** True when a result is what a correct player does with the case (plays, or a clean refusal where allowed). */
export function acceptable(kase, result) {
  if (!result) return false;
  if (result.outcome === 'plays') return true;
  return !!kase.expect.refusalAllowed && result.outcome.startsWith('refused:');
}

/** True when a reference player's result proves the fixture good (`plays`, or reaching `validIfReaches`). */
export function provesFixture(kase, result) {
  if (acceptable(kase, result)) return true;
  const bar = kase.expect.validIfReaches;
  return bar !== undefined && !!result && typeof result.reached === 'number' && result.firstFrame !== null && result.reached >= bar;
}


/** The matrix as fixed-width text: one row per case, one column per player. */
export function formatMatrix(cases, results) {
  const players = ['edgeplay', 'shaka', 'hls.js', 'dash.js'];
  const width = 30;
  const idWidth = Math.max(...cases.map((k) => k.id.length)) + 2;
  const cell = (s) => (s.length > width - 1 ? `${s.slice(0, width - 2)}…` : s).padEnd(width);
  const lines = [`${'case'.padEnd(idWidth)}${players.map(cell).join('')}`];
  for (const k of cases) {
    const row = results[k.id] ?? {};
    lines.push(`${k.id.padEnd(idWidth)}${players.map((p) => cell(row[p] ? row[p].outcome : '—')).join('')}`);
  }
  return lines.join('\n');
}
