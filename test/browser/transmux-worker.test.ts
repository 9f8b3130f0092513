/**
 * The web binding's transmux Web Worker in Chromium, through the built bundle
 * (`npm run build` first): createPlayer's default composition sends every TS
 * segment to dist/edgeplay-transmux-worker.js (counted by wrapping the page's
 * `Worker`: push requests out, replies back) and playback advances; a worker
 * script that fails to load falls back to the main thread with a recoverable
 * TRANSMUX_WORKER_FAILED and still plays; garbage TS pushed through the worker
 * port comes back as a typed TRANSMUX_INVALID, not a hang or a fallback.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromiumSession } from './support/chromium-session.js';

const chromium = useChromiumSession({ timeoutMs: 120_000 });

const TS_CASE = '/media/compat/hls-ts-pts1.4/master.m3u8';

interface PlayLog {
  pushes: number;
  replies: number;
  workers: number;
  currentTime: number;
  errors: string[];
}

async function page(): Promise<Page> {
  const p = await chromium.browser.newPage();
  await p.goto(`${chromium.server.url}/health`);
  await p.setContent('<!doctype html><html><body></body></html>');
  return p;
}

/** Plays `url` for up to 30 s of wall time (until 6 s of media), counting the worker traffic. `workerUrl`: a custom worker script. */
function play(p: Page, url: string, workerUrl: string | null): Promise<PlayLog> {
  return p.evaluate(
    async ([base, u, w]) => {
      const out = { pushes: 0, replies: 0, workers: 0, currentTime: 0, errors: [] as string[] };
      const Native = window.Worker;
      // Count what crosses the thread boundary, without changing it.
      class CountingWorker extends Native {
        constructor(src: string | URL, o?: WorkerOptions) {
          super(src, o);
          out.workers++;
          this.addEventListener('message', () => void out.replies++);
        }
        override postMessage(m: unknown, t?: Transferable[] | StructuredSerializeOptions): void {
          if ((m as { op?: string }).op === 'push') out.pushes++;
          super.postMessage(m, t as Transferable[]);
        }
      }
      window.Worker = CountingWorker;
      const importPage = new Function('u', 'return import(u)') as (u: string) => Promise<unknown>;
      type PagePlayer = { on(t: 'error', f: (e: { code: string; severity: string }) => void): void; load(u: string): Promise<void>; destroy(): Promise<void> };
      const { createPlayer } = (await importPage(`${base}/dist/web/edgeplay.bundle.mjs`)) as { createPlayer: (v: HTMLVideoElement, c: object, k: object, o: object) => PagePlayer };
      const video = document.createElement('video');
      video.muted = true;
      document.body.append(video);
      const player = createPlayer(video, {}, {}, w ? { transmuxWorker: () => new Worker(w) } : {});
      player.on('error', (e) => out.errors.push(`${e.code}/${e.severity}`));
      await player.load(`${base}${u}`);
      await video.play().catch(() => undefined);
      const deadline = performance.now() + 30_000;
      while (video.currentTime < 6 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      out.currentTime = video.currentTime;
      await player.destroy();
      window.Worker = Native;
      return out;
    },
    [chromium.server.url, url, workerUrl] as const,
  );
}

describe('transmux worker (Chromium)', () => {
  it('createPlayer transmuxes TS segments in the worker and playback advances', async () => {
    const p = await page();
    const log = await play(p, TS_CASE, null);
    await p.close();
    expect(log.workers).toBe(1);
    expect(log.pushes).toBeGreaterThanOrEqual(2); // 6 s of media at 2 s segments: at least the first two went through it
    expect(log.replies).toBe(log.pushes);
    expect(log.currentTime).toBeGreaterThanOrEqual(6);
    expect(log.errors).toEqual([]);
  }, 60_000);

  it('a worker script that does not load: recoverable TRANSMUX_WORKER_FAILED, then the main thread plays it', async () => {
    const p = await page();
    const log = await play(p, TS_CASE, `${chromium.server.url}/no-such-worker.js`);
    await p.close();
    expect(log.errors).toContain('TRANSMUX_WORKER_FAILED/recoverable');
    expect(log.errors.filter((e) => e.endsWith('/fatal'))).toEqual([]);
    expect(log.replies).toBe(0);
    expect(log.currentTime).toBeGreaterThanOrEqual(6);
  }, 60_000);

  it('garbage TS through the worker port: a typed TRANSMUX_INVALID from the worker, the worker stays in use', async () => {
    const p = await page();
    const r = await p.evaluate(async (base) => {
      const importPage = new Function('u', 'return import(u)') as (u: string) => Promise<unknown>;
      type Port = { create(s: object): Promise<{ push(b: Uint8Array, o: object): Promise<unknown> }>; workerSegments: number; usingWorker: boolean };
      const web = (await importPage(`${base}/dist/web/edgeplay.bundle.mjs`)) as { createWorkerTransmuxerPort: (o: object) => Port };
      const port = web.createWorkerTransmuxerPort({
        createWorker: () => new Worker(`${base}/dist/web/edgeplay-transmux-worker.js`),
        fallback: { create: () => Promise.reject(new Error('the fallback must not be used')) },
      });
      const t = await port.create({ container: 'ts', mode: 'muxed', rawMpegAudio: false });
      const garbage = new Uint8Array(188 * 20);
      for (let i = 0; i < garbage.length; i++) garbage[i] = i % 188 === 0 ? 0x47 : (i * 131) & 0xff;
      const t0 = performance.now();
      const outcome = await t.push(garbage, {}).then(
        () => ({ name: 'resolved', code: '' }),
        (e: { name?: string; code?: string }) => ({ name: e.name ?? '', code: e.code ?? '' }),
      );
      return { ...outcome, ms: performance.now() - t0, workerSegments: port.workerSegments, usingWorker: port.usingWorker };
    }, chromium.server.url);
    await p.close();
    expect(r).toMatchObject({ name: 'MediaError', code: expect.stringMatching(/^(TRANSMUX_INVALID|MEDIA_UNSUPPORTED)$/), workerSegments: 1, usingWorker: true });
    expect(r.ms).toBeLessThan(5000);
  }, 60_000);
});
