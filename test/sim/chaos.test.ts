/**
 * Randomised cache faults over many simulated playbacks (seeded, so
 * deterministic): each run picks fault windows on cache a and b (refused
 * connections, 5xx, extra latency, hangs without a first byte, mid-body
 * stalls, throttling below the lowest rendition) that never cover both
 * caches at once. Every playback must finish without a fatal error; the
 * stall ratio is printed and must stay at zero.
 */
import { describe, expect, it } from 'vitest';
import {
  TraceNetworkClient,
  VirtualClock,
  runSimulation,
  syntheticPresentation,
  type NetworkFault,
} from '../../packages/sim/src/index.js';
import { simulatedPlayer } from './support/sim-player.js';

/** Small seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Window {
  pathway: 'a' | 'b';
  from: number;
  to: number;
  fault: NetworkFault;
}

function faultWindows(random: () => number): Window[] {
  const windows: Window[] = [];
  let t = 5_000 + random() * 10_000;
  while (t < 90_000) {
    const length = 3_000 + random() * 15_000;
    const r = random();
    const fault: NetworkFault =
      r < 0.2
        ? { kind: 'refuse' }
        : r < 0.4
          ? { kind: 'status', status: 500 + Math.floor(random() * 4) }
          : r < 0.55
            ? { kind: 'delay', ms: 200 + random() * 800 }
            : r < 0.7
              ? { kind: 'hang' }
              : r < 0.85
                ? { kind: 'stall', afterBytes: Math.floor(random() * 200_000) }
                : { kind: 'throttle', mbps: 0.05 + random() * 0.3 };
    windows.push({ pathway: random() < 0.6 ? 'a' : 'b', from: t, to: t + length, fault });
    t += length + 2_000 + random() * 10_000; // windows never overlap, so one cache is always healthy
  }
  return windows;
}

/** Playbacks per run: each is 90 s of media with several fault windows (~40 ms of wall time each). */
const RUNS = 100;

describe('chaos: random cache faults', () => {
  it(`${RUNS} seeded playbacks finish without a fatal error and without a stall; stall ratio reported`, async () => {
    const content = syntheticPresentation({ ladder: [400e3, 1e6, 2.5e6], duration: 90, segmentDuration: 2 });
    let stallMs = 0;
    let playedMs = 0;
    let failedRequests = 0;
    let cdnChanges = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const random = rng(seed);
      const windows = faultWindows(random);
      const clock = new VirtualClock();
      const network = new TraceNetworkClient({
        clock,
        trace: [{ time_s: 0, mbps: 3 + random() * 10 }],
        content,
        rttMs: 30 + random() * 100,
        faults: (req, { now, pathwayId }) => (req.kind === 'manifest' ? null : (windows.find((w) => w.pathway === pathwayId && now >= w.from && now < w.to)?.fault ?? null)),
      });
      const { player, sink } = simulatedPlayer(clock, network);
      const fatal: string[] = [];
      player.on('error', (e) => {
        if (e.severity === 'fatal') fatal.push(`${e.code}: ${e.message}`);
      });
      player.load(content.manifestUrl).catch((e: unknown) => fatal.push(String(e)));
      await runSimulation(clock, () => sink.ended || fatal.length > 0, 400_000);
      expect({ seed, fatal }).toEqual({ seed, fatal: [] });
      expect(sink.ended).toBe(true);
      stallMs += sink.stallMs;
      playedMs += sink.playedS * 1000;
      failedRequests += network.log.filter((l) => l.outcome !== 'ok').length;
      cdnChanges += player.getStats().cdnChanges;
      await player.destroy();
    }
    const ratio = stallMs / (stallMs + playedMs);
    console.log(`chaos: ${RUNS} playbacks, ${failedRequests} failed or abandoned requests, ${cdnChanges} CDN changes, stall ratio ${(ratio * 100).toFixed(3)}% (${(stallMs / 1000).toFixed(1)} s stalled)`);
    expect(cdnChanges).toBeGreaterThan(RUNS);
    expect(ratio).toBe(0);
  }, 30_000);
});
