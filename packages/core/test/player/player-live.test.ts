import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../src/sim/virtual-clock.js';
import { FakeNetwork, FakeSink, liveHlsPlaylist } from './fakes.js';

describe('Player live (HLS media playlist)', () => {
  it('starts behind the live edge, reloads the playlist and keeps playing new segments', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    // Wall time 60 s in: segments 25..29 are in the window (presentation time 0..10 s).
    net.text('live.m3u8', (nowMs) => liveHlsPlaylist(60 + nowMs / 1000, 2, 5));
    net.liveFirstSeq = 25;
    const sink = new FakeSink(clock);
    const player = new Player({ clock, network: net, sink });
    const errors: EdgeplayError[] = [];
    player.on('error', (e) => errors.push(e));
    const loading = player.load('https://live.example/live.m3u8');
    await clock.advanceAsync(50);
    await loading;
    expect(player.getPresentation()!.type).toBe('live');
    // Default delay: 3 target durations behind the edge (10 s).
    expect(sink.seeks[0]).toBeCloseTo(4, 5);
    await clock.advanceAsync(20_000);
    expect(errors).toEqual([]);
    const playlistLoads = net.files().filter((f) => f === 'live.m3u8').length;
    expect(playlistLoads).toBeGreaterThanOrEqual(8); // reloaded about every target duration
    const segs = net.files('segment').map((f) => Number(/seg-live-(\d+)/.exec(f)![1]));
    expect(Math.max(...segs)).toBeGreaterThanOrEqual(37); // segments published after load were fetched
    expect(new Set(segs).size).toBe(segs.length); // no segment fetched twice
    expect(player.state).toBe('playing');
    expect(sink.currentTime()).toBeGreaterThan(22);
    expect(sink.seekable).not.toBeNull();
    expect(sink.seekable![1]).toBeGreaterThanOrEqual(26); // was 10 at load: the window slid with the reloads
  });
});
