import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, vodMpd } from './fakes.js';

describe('Player ABR', () => {
  it('switches up on a fast network, then abandons a download that cannot finish in time after a collapse', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    net.text('manifest.mpd', vodMpd(120, 2));
    net.throughput = () => 40_000_000;
    const sink = new FakeSink(clock);
    const player = new Player({ clock, network: net, sink }, { streaming: { bufferGoal: 6 } });
    const errors: EdgeplayError[] = [];
    const adaptations: { from: string; to: string; reason: string }[] = [];
    player.on('error', (e) => errors.push(e));
    player.on('adaptation', (a) => adaptations.push({ from: a.from!.id, to: a.to.id, reason: a.reason }));
    const loading = player.load('https://cdn.example/manifest.mpd');
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(20_000);
    expect(adaptations.some((a) => a.to === 'v3')).toBe(true);
    expect(player.getStats().currentBitrate).toBe(4_000_000);

    net.throughput = () => 600_000; // a 1 MB v3 segment now needs ~13 s; the buffer holds ~6 s
    const collapseAt = clock.now();
    await clock.advanceAsync(20_000);
    const afterCollapse = net.requests.filter((r) => r.at >= collapseAt && r.kind === 'segment');
    const abandoned = afterCollapse.filter((r) => r.aborted);
    expect(abandoned.length).toBeGreaterThanOrEqual(1);
    expect(abandoned[0]!.url).toMatch(/seg-v3-\d+\.m4s$/);
    const n = /-(\d+)\.m4s$/.exec(abandoned[0]!.url)![1];
    const retry = afterCollapse.find((r) => !r.aborted && r.url.endsWith(`-${n}.m4s`));
    expect(retry?.url).toMatch(/seg-v[12]-\d+\.m4s$/); // same segment, lower track
    expect(adaptations.some((a) => a.reason === 'abandon')).toBe(true);
    expect(errors).toEqual([]);
  });
});
