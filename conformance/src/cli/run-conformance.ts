/**
 * Runs the suite headless: opens the runner page of a reference server in
 * 1–3 Chromium pages (shards of the case list), lets each run to the end —
 * reopening a page that crashed, which resumes from its checkpoint — then
 * reads the results back from the server, writes JUnit XML and the HTML
 * report, and counts by category.
 */
import { writeFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { countByCategory, type CategoryCounts } from '../model/summary.js';

/** Options of {@link runConformance}. */
export interface ConformanceRunOptions {
  browser: Browser;
  /** Reference server origin. */
  url: string;
  /** The server's operator token (faults, steering and request logs on /control/*); handed to the runner page in the URL fragment. */
  operatorToken?: string;
  session: string;
  filter?: string;
  /** Players to run the player cases with (default `edgeplay`). */
  players?: string[];
  /** Parallel pages (default 3: measured the most this 2-core machine plays without stalls). */
  pages?: number;
  /** Soak length, seconds (default: the case's 30 min). */
  soakSeconds?: number;
  /** Add the deliberately broken case. */
  selfTest?: boolean;
  /** User agent for the pages (to emulate another device in tests). */
  userAgent?: string;
  /** Free device label shown in the report. */
  deviceLabel?: string;
  junitPath?: string;
  htmlPath?: string;
  /** Whole-run timeout, ms (default 2 h). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** A result as the server returns it (the fields the CLI reads). */
export interface ServerResult {
  session: string;
  player: string;
  caseId: string;
  category: string;
  status: 'pass' | 'fail' | 'skip';
  reason: string;
}

/** What a run produced. */
export interface ConformanceRun {
  results: ServerResult[];
  counts: CategoryCounts;
  junit: string;
  html: string;
}

async function runShard(context: BrowserContext, pageUrl: string, deadline: number, log: (s: string) => void): Promise<void> {
  let reopenings = 0;
  for (;;) {
    const page: Page = await context.newPage();
    let crashed = false;
    page.on('crash', () => (crashed = true));
    await page.goto(pageUrl);
    try {
      while (!crashed) {
        if (Date.now() > deadline) throw new Error(`conformance run timed out (${pageUrl})`);
        const done = await page.evaluate(() => (window as unknown as { __conformance?: { done: boolean; error: string } }).__conformance).catch(() => undefined);
        if (done?.done) {
          if (done.error) throw new Error(`runner page failed: ${done.error}`);
          await page.close();
          return;
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
    } catch (e) {
      if (!crashed) throw e;
    }
    // A crashed page resumes from its checkpoint; the case that crashed it is recorded as a failure.
    if (++reopenings > 5) throw new Error(`runner page crashed ${reopenings} times (${pageUrl})`);
    log(`page crashed, reopening (resumes from the checkpoint): ${pageUrl}`);
    await page.close().catch(() => undefined);
  }
}

/** Runs the suite; resolves once every shard is done and the reports are written. */
export async function runConformance(o: ConformanceRunOptions): Promise<ConformanceRun> {
  const log = o.log ?? (() => undefined);
  const base = o.url.replace(/\/$/, '');
  const pages = Math.max(1, Math.min(o.pages ?? 3, 8));
  const deadline = Date.now() + (o.timeoutMs ?? 7_200_000);
  const contexts: BrowserContext[] = [];
  // One run token for every shard and player of the session: the shards post into the same run.
  // With the operator token a named session that already exists is taken over (a re-run); without, it is a 409.
  const auth: Record<string, string> = o.operatorToken ? { authorization: `Bearer ${o.operatorToken}` } : {};
  const created = await fetch(`${base}/conformance/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ session: o.session }) });
  const { token } = (await created.json().catch(() => ({}))) as { token?: string };
  if (!created.ok || !token) throw new Error(`POST /conformance/api/sessions (${o.session}): HTTP ${created.status}${created.status === 409 ? ' — the session exists: pick another --session, or give the server\'s operator token (EDGEPLAY_OPERATOR_TOKEN) to re-run it' : ''}`);
  try {
    for (const [n, player] of (o.players ?? ['edgeplay']).entries()) {
      const shards = Array.from({ length: pages }, async (_, i) => {
        const q = new URLSearchParams({ autostart: '1', session: o.session, shard: `${i}/${pages}`, player });
        if (n > 0) q.set('kind', 'player'); // the device probes ran with the first player
        if (o.filter) q.set('filter', o.filter);
        if (o.soakSeconds !== undefined) q.set('soak', String(o.soakSeconds));
        if (o.selfTest) q.set('selftest', '1');
        if (o.deviceLabel) q.set('device', o.deviceLabel);
        const context = await o.browser.newContext({ ...(o.userAgent ? { userAgent: o.userAgent } : {}), viewport: { width: 1280, height: 720 } });
        contexts.push(context);
        log(`${player}: shard ${i + 1}/${pages} started`);
        // Credentials in the fragment: the page reads them, no request line or log ever carries them.
        const fragment = new URLSearchParams({ token, ...(o.operatorToken ? { operator: o.operatorToken } : {}) });
        await runShard(context, `${base}/conformance?${q}#${fragment}`, deadline, log);
        log(`${player}: shard ${i + 1}/${pages} done`);
      });
      await Promise.all(shards);
    }
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  }
  const q = `?session=${encodeURIComponent(o.session)}`;
  const get = async (p: string) => {
    const res = await fetch(`${base}${p}${q}`);
    if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status}`);
    return res.text();
  };
  const results = (JSON.parse(await get('/conformance/report.json')) as { results: ServerResult[] }).results;
  const [junit, html] = await Promise.all([get('/conformance/report.junit.xml'), get('/conformance/report')]);
  if (o.junitPath) writeFileSync(o.junitPath, junit);
  if (o.htmlPath) writeFileSync(o.htmlPath, html);
  return { results, counts: countByCategory(results), junit, html };
}

/** The counts as printed lines (`category  pass  fail  skip`). */
export function formatCounts(counts: CategoryCounts): string[] {
  const cats = Object.keys(counts).filter((k) => k !== 'total').sort();
  const line = (k: string) => `${k.padEnd(12)} ${String(counts[k]!.pass).padStart(5)} ${String(counts[k]!.fail).padStart(5)} ${String(counts[k]!.skip).padStart(5)}`;
  return [`${'category'.padEnd(12)} ${'pass'.padStart(5)} ${'fail'.padStart(5)} ${'skip'.padStart(5)}`, ...cats.map(line), ...(counts.total ? [line('total')] : [])];
}
