/**
 * `edgeplay-conformance`: runs the conformance suite headless in Chromium
 * against a reference server (`--url`, or one it starts itself), writes
 * JUnit XML and an HTML report, prints the counts by category. Exit code 1
 * when any case failed, 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { formatCounts, runConformance } from './run-conformance.js';

const USAGE = `usage: edgeplay-conformance --browser chromium [--url http://host:port] [--filter text[,text]] [--player edgeplay,shaka,hlsjs,dashjs]
       [--pages 3] [--soak seconds] [--junit out.xml] [--html out.html] [--session id] [--user-agent UA] [--device label] [--selftest]`;

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        browser: { type: 'string', default: 'chromium' }, url: { type: 'string' }, filter: { type: 'string' }, player: { type: 'string', default: 'edgeplay' },
        pages: { type: 'string', default: '3' }, soak: { type: 'string' }, junit: { type: 'string' }, html: { type: 'string' }, session: { type: 'string' },
        'user-agent': { type: 'string' }, device: { type: 'string' }, selftest: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.browser !== 'chromium') {
    process.stderr.write(`only --browser chromium is supported here (playwright-core drives the system Chromium)\n`);
    return 2;
  }
  const pages = Number(args.pages);
  const soak = args.soak === undefined ? undefined : Number(args.soak);
  if (!Number.isInteger(pages) || pages < 1 || (soak !== undefined && !(soak > 0))) {
    process.stderr.write(`--pages must be a positive integer and --soak a positive number of seconds\n${USAGE}\n`);
    return 2;
  }
  // Loaded here so `--help` and usage errors need neither Chromium nor the server.
  const { launchChromium } = await import('../../../scripts/lib/chromium.mjs');
  let server: { url: string; operatorToken: string; close(): Promise<void> } | null = null;
  const url = args.url ?? (server = await (await import('../../../packages/server/src/index.js')).startServer({ port: 0, caches: 3 })).url;
  // A server of our own: its token; another server's: EDGEPLAY_OPERATOR_TOKEN (what that server was started with).
  const operatorToken = server?.operatorToken ?? process.env.EDGEPLAY_OPERATOR_TOKEN ?? '';
  const browser = await launchChromium();
  const session = args.session ?? `cli-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    const run = await runConformance({
      browser, url, operatorToken, session, pages, players: args.player.split(',').filter(Boolean),
      ...(args.filter ? { filter: args.filter } : {}), ...(soak !== undefined ? { soakSeconds: soak } : {}), ...(args.junit ? { junitPath: args.junit } : {}),
      ...(args.html ? { htmlPath: args.html } : {}), ...(args['user-agent'] ? { userAgent: args['user-agent'] } : {}), ...(args.device ? { deviceLabel: args.device } : {}),
      selfTest: args.selftest, log: (l) => process.stderr.write(`${l}\n`),
    });
    process.stdout.write(`session ${session} — report: ${url}/conformance/report?session=${session}\n${formatCounts(run.counts).join('\n')}\n`);
    for (const r of run.results.filter((x) => x.status === 'fail')) process.stdout.write(`FAIL ${r.player} ${r.caseId}: ${r.reason}\n`);
    return run.counts.total && run.counts.total.fail > 0 ? 1 : 0;
  } finally {
    await browser.close();
    await server?.close();
  }
}
