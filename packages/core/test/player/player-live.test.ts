import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, liveHlsPlaylist, liveMpd } from './fakes.js';

/** The HLS live playlist of these tests: wall time 60 s in, segments 25..29 in the window (presentation time 0..10 s). */
function serveLiveHls(net: FakeNetwork): void {
  net.text('live.m3u8', (nowMs) => liveHlsPlaylist(60 + nowMs / 1000, 2, 5));
  net.liveFirstSeq = 25;
}

/** Loads `https://live.example/<file>` into a player on a virtual clock (`wallStart`: its epoch ms), collecting its errors. */
async function loadLive(file: string, serve: (net: FakeNetwork) => void, wallStart?: number) {
  const clock = new VirtualClock(0, wallStart);
  const net = new FakeNetwork(clock);
  serve(net);
  const sink = new FakeSink(clock);
  const player = new Player({ clock, network: net, sink });
  const errors: EdgeplayError[] = [];
  player.on('error', (e) => errors.push(e));
  const loading = player.load(`https://live.example/${file}`);
  await clock.advanceAsync(50);
  await loading;
  return { clock, net, sink, player, errors };
}

describe('Player live (HLS media playlist)', () => {
  it('starts behind the live edge, reloads the playlist and keeps playing new segments', async () => {
    const { clock, net, sink, player, errors } = await loadLive('live.m3u8', serveLiveHls);
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

describe('Player live (dynamic DASH MPD)', () => {
  it('starts suggestedPresentationDelay behind the edge and MPD refreshes extend the index', async () => {
    const wallStart = Date.UTC(2026, 0, 1, 0, 1, 0); // 60 s after availabilityStartTime
    const { clock, net, sink, player, errors } = await loadLive('live.mpd', (n) => n.text('live.mpd', liveMpd('2026-01-01T00:00:00Z', 2)), wallStart);
    const p = player.getPresentation()!;
    expect(p.type).toBe('live');
    const track = p.periods[0]!.switchingSets[0]!.tracks[0]!;
    const endAtLoad = track.segmentIndex!.end;
    expect(endAtLoad).toBeGreaterThan(55);
    expect(endAtLoad).toBeLessThanOrEqual(60.05);
    expect(sink.seeks[0]).toBeCloseTo(endAtLoad - 6, 5);
    await clock.advanceAsync(20_000);
    expect(errors).toEqual([]);
    expect(net.files().filter((f) => f === 'live.mpd').length).toBeGreaterThanOrEqual(8); // every ~2 s
    const current = player.getPresentation()!.periods[0]!.switchingSets[0]!.tracks[0]!;
    expect(current.segmentIndex!.end).toBeGreaterThan(endAtLoad + 15);
    const segs = net.files('segment').map((f) => Number(/-(\d+)\.m4s$/.exec(f)![1]));
    expect(Math.max(...segs)).toBeGreaterThan(Math.round(endAtLoad / 2) + 6); // segments published after load
    expect(player.state).toBe('playing');
    expect(sink.currentTime()).toBeGreaterThan(endAtLoad - 6 + 15);
  });
});

describe('Player live window', () => {
  it('falling behind the DVR window (long pause) reports BEHIND_LIVE_WINDOW and resumes inside the window', async () => {
    const { clock, sink, player, errors } = await loadLive('live.m3u8', serveLiveHls);
    await clock.advanceAsync(3000);
    sink.pause();
    const pausedAt = sink.currentTime();
    await clock.advanceAsync(30_000); // the 10 s window slides 30 s past the playhead
    expect(errors.map((e) => [e.code, e.severity])).toContainEqual(['BEHIND_LIVE_WINDOW', 'recoverable']);
    const seekable = sink.seekable!;
    expect(sink.currentTime()).toBeGreaterThanOrEqual(seekable[0]);
    expect(sink.currentTime()).toBeGreaterThan(pausedAt + 20);
    await sink.play();
    await clock.advanceAsync(5000);
    expect(player.state).toBe('playing');
    expect(errors.filter((e) => e.severity === 'fatal')).toEqual([]);
  });
});
