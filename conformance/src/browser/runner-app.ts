/**
 * The runner page (`/conformance`): runs the suite on whatever browser opened
 * it — a TV included — with no automation. URL parameters start it
 * (`autostart=1&filter=…&player=…&soak=…&shard=0/3&session=…`); otherwise a
 * menu navigable with arrow keys and OK/Enter picks the filter and player.
 * Shows the session id and run token as text and QR codes (the report link,
 * and the run link that carries the token to another device),
 * progress and a result table; resumes from the checkpoint after a reload.
 */
import { renderSVG } from 'uqr';
import type { CompatCase } from '../../../packages/server/src/fixtures/compat/compat-catalog.js';
import { allCases } from '../cases/index.js';
import { COMPAT_CATALOG_URL } from '../cases/compat-cases.js';
import { DEFAULT_SOAK_SECONDS } from '../cases/endurance-cases.js';
import type { CaseResult } from '../model/case.js';
import { filterCases, shard } from '../model/generate.js';
import { countByCategory } from '../model/summary.js';
import { ADAPTERS } from './adapters/index.js';
import { Checkpoint } from './checkpoint.js';
import { resolveRunSession, runLink, type RunSession } from './run-session.js';
import { runSuite, type DeviceInfo } from './suite-runner.js';

const params = new URLSearchParams(location.search);
const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
/** Set by main() before anything runs: the server issues the session id and its run token. */
let run: RunSession = { session: '', token: '' };
const [shardIndex, shardCount] = (params.get('shard') ?? '0/1').split('/').map(Number) as [number, number];
/** Soak length, s: `soak=` on the URL, or the menu's 30 min / 4 h choice (undefined: the case's default, 30 min). */
let soak = params.get('soak') === null ? undefined : Number(params.get('soak'));
/** Soak lengths the menu offers (the default and its long run). */
const SOAK_CHOICES: [string, number][] = [['30 min', DEFAULT_SOAK_SECONDS], ['4 h', 4 * 3600]];
/** Compat catalog rows (the real-world stream classes); filled before the menu is built. */
let compatRows: readonly CompatCase[] = [];
const state = { compatCases: 0, done: false, running: false, results: [] as CaseResult[], counts: {} as ReturnType<typeof countByCategory>, session: '', error: '' };
(window as unknown as { __conformance: typeof state }).__conformance = state;

const uaPlatform = (navigator as unknown as { userAgentData?: { platform?: string } }).userAgentData?.platform;
const device: DeviceInfo = { userAgent: navigator.userAgent, platform: params.get('platform') ?? uaPlatform ?? navigator.platform ?? 'unknown', label: (params.get('device') ?? '').slice(0, 100) };

function selectedCases(filter: string | null) {
  // `kind=player`: a second player on the same device need not repeat the device-capability probes.
  const kind = params.get('kind');
  const cases = filterCases(allCases({ selfTest: params.get('selftest') === '1', compat: compatRows }), filter).filter((c) => !kind || c.kind === kind);
  return shardCount > 1 ? shard(cases, shardIndex, shardCount) : cases;
}

function renderHeader(): void {
  const { session } = run;
  $('#session').textContent = session;
  const report = `${location.origin}/conformance/report?session=${encodeURIComponent(session)}`;
  $('#qr').innerHTML = renderSVG(report, { ecc: 'M', border: 2 });
  $('#report-link').setAttribute('href', report);
  // The run link carries the token: another device (a TV typed in, a phone scanning) posts into this run.
  const join = runLink(location.origin, run);
  $('#run-qr').innerHTML = renderSVG(join, { ecc: 'M', border: 2 });
  $('#run-link').textContent = join;
  $('#token').textContent = run.token;
  $('#device').textContent = `${device.platform} · ${device.userAgent}`;
}

function addRow(r: CaseResult): void {
  const tr = document.createElement('tr');
  tr.className = r.status;
  for (const text of [r.status.toUpperCase(), r.caseId, r.player, `${(r.durationMs / 1000).toFixed(1)} s`, r.reason]) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  $('#results tbody').prepend(tr);
}

function showCounts(): void {
  state.counts = countByCategory(state.results);
  const t = state.counts.total ?? { pass: 0, fail: 0, skip: 0 };
  $('#counts').textContent = `${t.pass} pass · ${t.fail} fail · ${t.skip} skip`;
}

async function start(filter: string | null, playerName: string): Promise<void> {
  if (state.running) return;
  const create = ADAPTERS[playerName];
  if (!create) {
    state.error = `unknown player ${playerName}`;
    $('#progress-text').textContent = state.error;
    return;
  }
  state.running = true;
  $('#menu').hidden = true;
  const cases = selectedCases(filter);
  const { session, token } = run;
  const checkpoint = new Checkpoint(localStorage, `edgeplay-conformance:${session}:${shardIndex}/${shardCount}:${playerName}`);
  for (const r of checkpoint.results) addRow(r);
  state.results = [...checkpoint.results];
  showCounts();
  const bar = $<HTMLProgressElement>('#progress');
  bar.max = cases.length;
  try {
    state.results = await runSuite({
      origin: location.origin, session, token, device, player: { name: playerName, create }, cases, checkpoint, stage: $('#stage'),
      ...(soak !== undefined && Number.isFinite(soak) && soak > 0 ? { soakSeconds: soak } : {}),
      onResult: (r, done) => {
        state.results.push(r);
        bar.value = done;
        addRow(r);
        showCounts();
      },
      onProgress: (text) => ($('#progress-text').textContent = text),
    });
    showCounts();
    $('#progress-text').textContent = `done: ${cases.length} cases`;
  } catch (e) {
    state.error = e instanceof Error ? e.message : String(e);
    $('#progress-text').textContent = `runner error: ${state.error}`;
  } finally {
    state.running = false;
    state.done = true;
  }
}

/** D-pad / arrow keys move focus between the menu buttons; OK / Enter presses. */
function enableKeyNavigation(): void {
  document.addEventListener('keydown', (e) => {
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('#menu button')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (['ArrowDown', 'ArrowRight'].includes(e.key)) buttons[(i + 1) % buttons.length]?.focus();
    else if (['ArrowUp', 'ArrowLeft'].includes(e.key)) buttons[(i - 1 + buttons.length) % buttons.length]?.focus();
    else return;
    e.preventDefault();
  });
}

function buildMenu(): void {
  let player = params.get('player') ?? 'edgeplay';
  const menu = $('#menu');
  const players = document.createElement('div');
  for (const name of Object.keys(ADAPTERS)) {
    const b = document.createElement('button');
    b.textContent = `player: ${name}`;
    b.dataset.player = name;
    b.onclick = () => {
      player = name;
      for (const x of players.querySelectorAll('button')) x.classList.toggle('chosen', x === b);
    };
    if (name === player) b.classList.add('chosen');
    players.append(b);
  }
  menu.append(players);
  const soaks = document.createElement('div');
  for (const [label, seconds] of SOAK_CHOICES) {
    const b = document.createElement('button');
    b.textContent = `soak: ${label}`;
    b.dataset.soak = String(seconds);
    b.onclick = () => {
      soak = seconds;
      for (const x of soaks.querySelectorAll('button')) x.classList.toggle('chosen', x === b);
    };
    if (seconds === (soak ?? DEFAULT_SOAK_SECONDS)) b.classList.add('chosen');
    soaks.append(b);
  }
  menu.append(soaks);
  for (const [label, filter] of [['Run everything', null], ['Capabilities', 'mse,codec,eme,video-frame'], ['Playback', 'playback'], ['Real-world streams (compat)', 'compat'], ['Failover + ABR', 'failover,abr'], ['Endurance (soak)', 'endurance']] as const) {
    const b = document.createElement('button');
    b.textContent = `${label} (${selectedCases(filter).length})`;
    b.onclick = () => void start(filter, player);
    menu.append(b);
  }
  const reset = document.createElement('button');
  reset.textContent = 'Forget this session’s saved results';
  reset.onclick = () => {
    for (const k of Object.keys(localStorage)) if (k.startsWith(`edgeplay-conformance:${run.session}:`)) localStorage.removeItem(k);
    location.reload();
  };
  menu.append(reset);
  menu.querySelector('button')?.focus();
}

/**
 * The compat rows come from the server's fixtures: a server without them runs the rest of the
 * suite, and says so (`state.compatCases` = 0, the progress line names the reason).
 */
async function loadCompatRows(): Promise<string> {
  try {
    const res = await fetch(COMPAT_CATALOG_URL);
    if (!res.ok) return `compat catalog: HTTP ${res.status}, compat cases left out`;
    const catalog = (await res.json()) as { cases?: CompatCase[] };
    compatRows = Array.isArray(catalog.cases) ? catalog.cases : [];
    state.compatCases = compatRows.length;
    return '';
  } catch (e) {
    return `compat catalog unreadable (${e instanceof Error ? e.message : String(e)}), compat cases left out`;
  }
}

async function main(): Promise<void> {
  try {
    run = await resolveRunSession(params, new URLSearchParams(location.hash.slice(1)), localStorage, location.origin);
  } catch (e) {
    state.error = e instanceof Error ? e.message : String(e);
    $('#progress-text').textContent = state.error;
    state.done = true;
    return;
  }
  state.session = run.session;
  // A reload (or a TV browser reopened on its history) keeps the run: session in the query, token in the
  // fragment (beside the operator token, if any), never sent to the server in a URL.
  const here = new URL(location.href);
  here.searchParams.set('session', run.session);
  const fragment = new URLSearchParams(here.hash.slice(1));
  fragment.set('token', run.token);
  here.hash = fragment.toString();
  history.replaceState(null, '', here);
  renderHeader();
  const compatNote = await loadCompatRows();
  if (compatNote) $('#progress-text').textContent = compatNote;
  buildMenu();
  enableKeyNavigation();
  if (params.get('autostart') === '1') void start(params.get('filter'), params.get('player') ?? 'edgeplay');
}

void main();
