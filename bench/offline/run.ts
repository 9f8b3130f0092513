/**
 * Download throughput of the offline DownloadManager vs a plain sequential
 * fetch of the same segments, in the same run, against the reference server
 * (3 edge caches) started in-process. Two link conditions: plain loopback,
 * and a shaped link (every cache adds 40 ms before each answer — a typical
 * CDN round trip — and caps the session at 20 Mb/s across all its
 * connections, so parallel requests share the link instead of multiplying it).
 * Each condition runs `runs` rounds, alternating which method goes first.
 *
 * Usage: npm run bench:offline [-- runs=2 parallelism=4 height=720 title=vod]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DownloadManager, MemoryOfflineStore, systemClock, type DownloadRecord } from '@edgeplay/core';
import { FetchNetworkClient } from '../../packages/web/src/fetch-network-client.js';
import { startServer } from '../../packages/server/src/index.js';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1) ?? fallback;
const runs = Number(arg('runs', '2'));
const parallelism = Number(arg('parallelism', '4'));
const maxHeight = Number(arg('height', '720'));
const title = arg('title', 'vod');

const server = await startServer({ port: 0, caches: 3, dataDir: mkdtempSync(path.join(tmpdir(), 'edgeplay-bench-offline-')) });
const control = (method: string, p: string, body?: unknown) =>
  fetch(`${server.url}${p}`, { method, headers: { authorization: `Bearer ${server.operatorToken}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }).then((r) => {
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status}`);
  });
const network = new FetchNetworkClient();
let n = 0;

/** Downloads the title with the DownloadManager; returns the stored record and the wall time. */
async function viaManager(session: string): Promise<{ ms: number; bytes: number; record: DownloadRecord }> {
  const manager = new DownloadManager({ network, clock: systemClock, store: new MemoryOfflineStore(), parallelism, newId: () => `bench-${++n}` });
  const t0 = performance.now();
  const op = await manager.store(`${server.url}/manifest/${title}?format=dash&session=${session}&caches=3`, { maxHeight });
  const record = await op.done;
  if (record.state !== 'complete') throw new Error(`download ended ${record.state}: ${record.error?.message}`);
  return { ms: performance.now() - t0, bytes: record.resources.reduce((s, r) => s + (r.bytes ?? 0), 0), record };
}

/** The same resources, one after another with fetch() from the first cache (manifest fetch included, as the manager's time includes it). */
async function sequential(record: DownloadRecord, session: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  await (await fetch(`${server.url}/manifest/${title}?format=dash&session=${session}&caches=3`)).arrayBuffer();
  let bytes = 0;
  for (const r of record.resources) {
    const base = r.baseUrls[0]?.url ?? record.manifestUrl;
    // Same cache and session path as the manager's first choice, with this run's session.
    const url = new URL(r.uri, base).href.replace(/\/s\/[^/]+\//, `/s/${session}/`);
    const headers: Record<string, string> = r.byteRange ? { range: `bytes=${r.byteRange.start}-${r.byteRange.end ?? ''}` } : {};
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
    bytes += (await res.arrayBuffer()).byteLength;
  }
  return { ms: performance.now() - t0, bytes };
}

const mbps = (bytes: number, ms: number) => (bytes * 8) / (ms * 1000);
const conditions: { name: string; apply: () => Promise<void> }[] = [
  { name: 'loopback', apply: async () => undefined },
  {
    name: '40 ms + 20 Mb/s',
    apply: async () => {
      for (const c of server.caches) {
        await control('POST', `/control/caches/${c.id}/faults`, { mode: 'latency', latencyMs: 40 });
        await control('POST', `/control/caches/${c.id}/faults`, { mode: 'bandwidth', kbps: 20_000 });
      }
    },
  },
];

try {
  console.log(`offline download throughput: ${title}, ≤${maxHeight}p, DownloadManager (parallelism ${parallelism}) vs sequential fetch of the same resources, ${runs} round(s) per condition`);
  for (const c of conditions) {
    await c.apply();
    const m: number[] = [];
    const s: number[] = [];
    let bytes = 0;
    let record: DownloadRecord | null = null;
    for (let i = 0; i < runs; i++) {
      const tag = `${c.name.replace(/\W+/g, '')}-${i}`;
      // Alternate the order so a warm disk cache favours neither method (the first round gives the resource list).
      const runManager = async () => {
        const a = await viaManager(`bench-m-${tag}`);
        m.push(a.ms);
        bytes = a.bytes;
        record = a.record;
      };
      if (i % 2 === 0 || !record) await runManager();
      const b = await sequential(record!, `bench-s-${tag}`);
      s.push(b.ms);
      if (b.bytes !== bytes) throw new Error(`byte counts differ: manager ${bytes}, sequential ${b.bytes}`);
      if (i % 2 === 1 && m.length <= i) await runManager();
    }
    const resources = (record as DownloadRecord | null)?.resources.length ?? 0;
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const mm = med(m);
    const sm = med(s);
    console.log(`  ${c.name.padEnd(16)} ${resources} resources, ${(bytes / 1e6).toFixed(1)} MB: manager ${(mm / 1000).toFixed(2)} s (${mbps(bytes, mm).toFixed(1)} Mb/s), sequential ${(sm / 1000).toFixed(2)} s (${mbps(bytes, sm).toFixed(1)} Mb/s) → ${(sm / mm).toFixed(2)}× (median of ${runs})`);
  }
} finally {
  await server.close();
}
