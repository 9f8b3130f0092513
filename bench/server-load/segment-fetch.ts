/**
 * 200 concurrent downloads of the largest fixture segment (2.2 MB, vod
 * v4300) from one edge cache in a separate process, bodies read and dropped;
 * the cache's RSS is sampled every 20 ms. Whole-file reads per request took it
 * from 47 to 557 MB (issue 15 #9); streamed bodies keep it near idle.
 */
import { request } from 'node:http';
import { rssMB, type ChildServer } from './support.js';

export const CONCURRENCY = 200;
const PATH = '/media/vod/video/v4300/seg-1.m4s';

function download(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve(res.statusCode === 200 ? bytes : -1));
      res.on('error', () => resolve(-1));
    });
    req.on('error', () => resolve(-1));
    req.end();
  });
}

export async function segmentFetch(server: ChildServer, peakLimitMB: number): Promise<boolean> {
  const cache = server.caches[0]!.url;
  const idle = rssMB(server.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMB(server.pid))), 20);
  const t0 = performance.now();
  const sizes = await Promise.all(Array.from({ length: CONCURRENCY }, () => download(`${cache}${PATH}`)));
  const ms = performance.now() - t0;
  clearInterval(sampler);
  const failures = sizes.filter((s) => s < 0).length;
  const total = sizes.reduce((a, s) => a + Math.max(0, s), 0);
  console.log(`[segments] ${CONCURRENCY} concurrent GET ${PATH} (${(sizes[0]! / 1e6).toFixed(2)} MB): ${ms.toFixed(0)} ms · ${((total * 8) / (ms / 1000) / 1e9).toFixed(2)} Gbit/s · failures ${failures}`);
  console.log(`[segments]   cache process RSS: idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (limit ${peakLimitMB} MB)`);
  return failures === 0 && peak <= peakLimitMB;
}
