/**
 * Per-segment sizes in the ABR context (issue 14: "the ladder with per-segment
 * sizes where known"): the real Player on the virtual clock fills
 * `AbrContext.segmentBytes` from the manifest's byte ranges (a VBR encode
 * listing each segment's `@mediaRange`), and claims none when the manifest
 * gives no sizes (`SegmentTemplate`).
 * The sizes the strategy is told are checked against what the simulated
 * network then serves for those very segments.
 */
import { describe, expect, it } from 'vitest';
import { Player, createDefaultAbrStrategy, type AbrContext, type AbrDecision, type AbrStrategy, type Track } from '@edgeplay/core';
import { SimulatedMediaSink, TraceNetworkClient, VirtualClock, installAbrStrategy, runSimulation, syntheticPresentation } from '../../packages/sim/src/index.js';

interface Told {
  /** Presentation time of the segment decided (the next one not buffered). */
  time: number;
  /** What segmentBytes answered, per rung, for that segment (ahead 0) and the one after (ahead 1). */
  sizes: { id: string; ahead0: number | undefined; ahead1: number | undefined }[];
}

/** The default strategy decides; every context it is given is kept. */
class Recording implements AbrStrategy {
  readonly name = 'recording';
  readonly told: Told[] = [];
  private readonly inner = createDefaultAbrStrategy();

  chooseTrack(context: AbrContext): AbrDecision {
    if (!context.inFlight && context.segmentBytes) {
      const played = context.remainingS === undefined ? NaN : 48 - context.remainingS;
      this.told.push({ time: played, sizes: context.tracks.map((t: Track) => ({ id: t.id, ahead0: context.segmentBytes!(t, 0), ahead1: context.segmentBytes!(t, 1) })) });
    }
    return this.inner.chooseTrack(context) as AbrDecision;
  }

  shouldAbandon(context: AbrContext): AbrDecision | null {
    return this.inner.shouldAbandon?.(context) ?? null;
  }
}

async function play(segmentSizesInManifest: boolean) {
  const clock = new VirtualClock();
  const content = syntheticPresentation({ ladder: [400e3, 1e6, 2.5e6], duration: 48, segmentDuration: 4, vbr: 0.5, segmentSizesInManifest });
  const network = new TraceNetworkClient({ clock, trace: [{ time_s: 0, mbps: 3 }], content, rttMs: 40 });
  const sink = new SimulatedMediaSink({ clock });
  const player = new Player({ clock, network, sink }, { streaming: { bufferGoal: 12 } });
  const strategy = new Recording();
  installAbrStrategy(player, strategy);
  const fatal: string[] = [];
  player.on('error', (e) => e.severity === 'fatal' && fatal.push(e.code));
  await Promise.all([player.load(content.manifestUrl).catch((e: unknown) => fatal.push(String(e))), runSimulation(clock, () => sink.ended || player.state === 'error', 400_000)]);
  await player.destroy();
  const served = (id: string, n: number) => content.resolve(`${content.manifestUrl.replace(/manifest\.mpd$/, '')}video/${id}/seg-${n}.m4s`)!.bytes;
  return { fatal, told: strategy.told, served, sink };
}

describe('segment sizes in the ABR context', () => {
  it('an indexed VBR encode: every rung’s size for the segment decided and the next is the one the network serves', async () => {
    const r = await play(true);
    expect(r.fatal).toEqual([]);
    expect(r.sink.ended).toBe(true);
    expect(r.told.length).toBeGreaterThan(8);
    let checked = 0;
    for (const t of r.told) {
      const n = Math.round(t.time / 4) + 1; // $Number$ of the segment decided
      for (const s of t.sizes) {
        expect(s.ahead0).toBe(r.served(s.id, n));
        if (n < 12) expect(s.ahead1).toBe(r.served(s.id, n + 1));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(24);
    // VBR ±50 %: the sizes told differ from the declared bandwidth × 4 s (else this proves nothing).
    const declared = r.told.flatMap((t) => t.sizes.map((s) => ({ s, nominal: (Number(s.id.slice(1)) * 4) / 8 })));
    expect(declared.some(({ s, nominal }) => Math.abs(s.ahead0! - nominal) > 0.1 * nominal)).toBe(true);
  });

  it('a SegmentTemplate encode: no sizes are claimed (the strategy uses the declared rate)', async () => {
    const r = await play(false);
    expect(r.fatal).toEqual([]);
    expect(r.sink.ended).toBe(true);
    expect(r.told.length).toBeGreaterThan(8);
    expect(r.told.every((t) => t.sizes.every((s) => s.ahead0 === undefined && s.ahead1 === undefined))).toBe(true);
  });
});
