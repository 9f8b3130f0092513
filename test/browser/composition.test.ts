/**
 * Composition in Chromium through the public API: `createPlayer(video,
 * config, components)` from the built web bundle with a custom ABR strategy
 * (always the lowest track), throughput estimator (a fixed figure) and
 * load-error policy (counts its checks, never intervenes). The server's
 * request log and the components' own logs show each one decided.
 */
import { describe, expect, it } from 'vitest';
import { useChromiumSession } from './support/chromium-session.js';
import { openEdgeplay } from './support/edgeplay-page.js';

const chromium = useChromiumSession();

interface CompositionLog {
  contexts: number;
  estimatesSeen: number[];
  picks: string[];
  lowestId: string;
  samples: number;
  checks: number;
  currentTime: number;
  estimatedBandwidth: number;
  errors: string[];
}

describe('composition (Chromium)', () => {
  it('createPlayer uses the injected ABR strategy, estimator and load-error policy', async () => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'composition');
    // Transfers long enough to report progress, so the load-error policy is consulted.
    await fetch(`${chromium.server.url}/control/caches/isp-a/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'bandwidth', kbps: 3000, session: p.session }) });
    try {
      const log = await p.page.evaluate(async (url) => {
        interface PagePlayer {
          on(type: 'error', f: (e: { code: string; severity: string }) => void): void;
          load(url: string): Promise<void>;
          getTracks(): { id: string; type: string; bandwidth: number }[];
          getStats(): { estimatedBandwidth: number };
          destroy(): Promise<void>;
        }
        // A dynamic import written as code text: vitest would rewrite an `import()` expression in this function.
        const importPage = new Function('u', 'return import(u)') as (u: string) => Promise<unknown>;
        const { createPlayer } = (await importPage('/dist/web/edgeplay.bundle.mjs')) as { createPlayer: (v: HTMLVideoElement, c: object, k: object) => PagePlayer };
        const video = document.createElement('video');
        video.muted = true;
        document.body.append(video);
        const out = { contexts: 0, estimatesSeen: [] as number[], picks: [] as string[], lowestId: '', samples: 0, checks: 0, currentTime: 0, estimatedBandwidth: 0, errors: [] as string[] };
        const abrStrategy = {
          name: 'lowest',
          chooseTrack(ctx: { tracks: { id: string; bandwidth: number }[]; estimatedBandwidth: number }) {
            out.contexts++;
            out.estimatesSeen.push(ctx.estimatedBandwidth);
            const lowest = ctx.tracks.reduce((a, b) => (b.bandwidth < a.bandwidth ? b : a));
            out.picks.push(lowest.id);
            return { track: lowest, reason: 'test: lowest' };
          },
        };
        const throughputEstimator = { addSample: () => void out.samples++, getEstimate: () => 7_777_777, getConfidence: () => 1, getLatencyEstimate: () => 10, reset: () => undefined };
        const loadErrorPolicy = { checkTransfer: () => (out.checks++, { kind: 'continue' }), checkSegmentFailure: () => ({ kind: 'skip' }) };
        const player = createPlayer(video, {}, { abrStrategy, throughputEstimator, loadErrorPolicy });
        player.on('error', (e) => out.errors.push(`${e.code}/${e.severity}`));
        await player.load(url);
        await video.play().catch(() => undefined);
        const videoTracks = player.getTracks().filter((t) => t.type === 'video');
        out.lowestId = videoTracks.reduce((a, b) => (b.bandwidth < a.bandwidth ? b : a)).id;
        const deadline = performance.now() + 40_000;
        while (video.currentTime < 10 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 250));
        out.currentTime = video.currentTime;
        out.estimatedBandwidth = player.getStats().estimatedBandwidth;
        await player.destroy();
        return out;
      }, `/manifest/vod?format=dash&session=${p.session}&caches=1`);
      const l = log as CompositionLog;
      expect(l.currentTime).toBeGreaterThanOrEqual(10);
      expect(l.errors.filter((e) => e.endsWith('/fatal'))).toEqual([]);
      // The strategy chose every time, always the lowest track, seeing the injected estimator's figure.
      expect(l.contexts).toBeGreaterThan(2);
      expect(new Set(l.picks)).toEqual(new Set([l.lowestId]));
      expect(new Set(l.estimatesSeen)).toEqual(new Set([7_777_777]));
      expect(l.estimatedBandwidth).toBe(7_777_777);
      // The request engine fed the injected estimator; the scheduler consulted the injected policy.
      expect(l.samples).toBeGreaterThan(2);
      expect(l.checks).toBeGreaterThan(0);
      // What the server saw: one video rendition only, the lowest, although the link carries more.
      const video = (await p.requests()).filter((r) => r.path.includes('/video/') && r.path.includes('seg-'));
      expect(video.length).toBeGreaterThan(2);
      expect(new Set(video.map((r) => r.rendition)).size).toBe(1);
    } finally {
      await fetch(`${chromium.server.url}/control/caches/isp-a/faults`, { method: 'DELETE' });
      await p.close();
    }
  }, 90_000);
});
