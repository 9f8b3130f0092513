import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { PlayerConfig, DeepPartial } from '../../src/player/config.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, vodMpd } from './fakes.js';

const URL_MPD = 'https://cdn.example/v/manifest.mpd';

function setup(config: DeepPartial<PlayerConfig> = {}, durationS = 40) {
  const clock = new VirtualClock();
  const net = new FakeNetwork(clock);
  net.text('manifest.mpd', vodMpd(durationS, 2));
  const sink = new FakeSink(clock);
  const player = new Player({ clock, network: net, sink }, config);
  const errors: EdgeplayError[] = [];
  const buffering: boolean[] = [];
  player.on('error', (e) => errors.push(e));
  player.on('buffering', (e) => buffering.push(e.buffering));
  return { clock, net, sink, player, errors, buffering };
}

const video = (sink: FakeSink) => sink.buffers.get('video')!;

describe('Player VOD', () => {
  it('starts: loads the manifest, appends an init then segment 1, and plays', async () => {
    const { clock, net, sink, player, errors } = setup();
    const states: string[] = [];
    player.on('statechange', (s) => states.push(s.to));
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(3000);
    expect(errors).toEqual([]);
    expect(states.slice(0, 3)).toEqual(['loading', 'buffering', 'playing']);
    const files = net.files();
    expect(files[0]).toBe('manifest.mpd');
    expect(files[1]).toMatch(/^init-v\d\.mp4$/);
    expect(files[2]).toMatch(/^seg-v\d-1\.m4s$/);
    expect(video(sink).appended[0]!.kind).toBe('init');
    expect(sink.currentTime()).toBeGreaterThan(1);
    const stats = player.getStats();
    expect(stats.startupTimeMs).toBeGreaterThan(0);
    expect(stats.startupTimeMs).toBeLessThan(3000);
    expect(stats.stalls).toBe(0);
  });

  it('with a full buffer, the next request leaves as the buffer dips below the goal (no polling delay)', async () => {
    const { clock, net, sink, player } = setup({ streaming: { bufferGoal: 10 } }, 120);
    const aheadAtRequest: number[] = [];
    const request = net.request.bind(net);
    net.request = (req, observer) => {
      const ranges = sink.buffers.get('video')?.ranges ?? [];
      if (/seg-v\d-\d+\.m4s/.test(req.url) && clock.now() > 15_000) aheadAtRequest.push(ranges[ranges.length - 1]!.end - sink.currentTime());
      return request(req, observer);
    };
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(40_000);
    expect(aheadAtRequest.length).toBeGreaterThan(10);
    // Polling every 250 ms would leave up to 0.25 s (0.125 s on average) after the dip.
    for (const ahead of aheadAtRequest) {
      expect(ahead).toBeLessThan(10);
      expect(ahead).toBeGreaterThan(10 - 0.02);
    }
  });

  it('respects the buffer goal', async () => {
    const { clock, sink, player } = setup({ streaming: { bufferGoal: 10 } }, 120);
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(50);
    await loading;
    for (let i = 0; i < 20; i++) {
      await clock.advanceAsync(500);
      const t = sink.currentTime();
      const ranges = video(sink).ranges;
      const end = ranges[ranges.length - 1]!.end;
      // At most one segment beyond the goal (the one fetched when just under it).
      expect(end - t).toBeLessThanOrEqual(10 + 2 + 1e-6);
    }
    const t = sink.currentTime();
    const end = video(sink).ranges.at(-1)!.end;
    expect(end - t).toBeGreaterThanOrEqual(8);
  });

  it('seeking into an unbuffered region aborts the download in flight and fetches the segment covering the target', async () => {
    const { clock, net, sink, player, errors } = setup({ abr: { enabled: false } }, 120);
    net.throughput = () => 2_000_000; // v1 segment (125 KB) takes ~0.5 s
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(1200);
    const inFlightBefore = net.requests.filter((r) => r.status === 0 && r.kind === 'segment');
    expect(inFlightBefore.length).toBe(1);
    await player.seek(61);
    await clock.advanceAsync(10);
    expect(inFlightBefore[0]!.aborted).toBe(true);
    const after = net.requests.filter((r) => r.at >= inFlightBefore[0]!.at && r.kind === 'segment' && !r.aborted).map((r) => r.url.split('/').pop());
    expect(after[0]).toMatch(/^seg-v\d-31\.m4s$/); // 61 s / 2 s → 31st segment (numbering from 1)
    await clock.advanceAsync(3000);
    expect(sink.currentTime()).toBeGreaterThan(61);
    expect(player.state).toBe('playing');
    expect(errors).toEqual([]);
  });

  it('a manual track switch appends the new init segment and disables ABR', async () => {
    const { clock, net, sink, player } = setup({}, 120);
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(4000);
    const changes: string[] = [];
    player.on('trackchanged', (e) => changes.push(e.track?.id ?? 'none'));
    const lastRep = video(sink).appended.at(-1)!.rep;
    const target = lastRep === 'v2' ? 'v3' : 'v2';
    const before = net.requests.length;
    const appendedBefore = video(sink).appended.length;
    player.selectTrack(target);
    await clock.advanceAsync(3000);
    const newFiles = net.files().slice(before);
    expect(newFiles).toContain(`init-${target}.mp4`);
    expect(newFiles.filter((f) => f.startsWith('seg-')).every((f) => f.startsWith(`seg-${target}-`))).toBe(true);
    const appended = video(sink).appended.slice(appendedBefore);
    // The first append after the switch is the new track's init, then only its segments.
    expect(appended[0]).toEqual({ kind: 'init', rep: target });
    expect(appended.slice(1).every((a) => a.kind === 'segment' && a.rep === target)).toBe(true);
    expect(changes).toContain(target);
    expect(player.getStats().currentBitrate).toBe(target === 'v2' ? 1_500_000 : 4_000_000);
    // ABR is off after a manual pick: the track stays even with a fast network.
    await clock.advanceAsync(20_000);
    expect(video(sink).appended.at(-1)!.rep).toBe(target);
  });

  it('a manual switch while the buffer removal is slow leaves no hole ahead of the playhead', async () => {
    // A loaded device's SourceBuffer.remove takes a while: the next request must be planned from
    // what stays buffered, not from the buffered end read before the removal finished.
    const { clock, sink, player, errors } = setup({ abr: { enabled: false } }, 120);
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(6000);
    const buf = video(sink);
    expect(buf.ranges.at(-1)!.end - sink.currentTime()).toBeGreaterThan(6);
    const remove = buf.remove.bind(buf);
    buf.remove = (start, end) => new Promise((resolve, reject) => clock.setTimeout(() => remove(start, end).then(resolve, reject), 300));
    player.selectTrack(buf.appended.at(-1)!.rep === 'v2' ? 'v3' : 'v2');
    await clock.advanceAsync(12_000);
    const now = sink.currentTime();
    const ahead = buf.ranges.filter((r) => r.end > now);
    expect(ahead).toHaveLength(1);
    expect(ahead[0]!.start).toBeLessThanOrEqual(now);
    expect(player.getStats().stalls).toBe(0);
    expect(errors).toEqual([]);
  });

  it('jumps a small gap in the buffered media', async () => {
    const { clock, net, sink, player } = setup({ streaming: { gapJumpThreshold: 0.5 } }, 30);
    net.holes.set(3, 0.3); // segment 3 covers [4.3, 6): a 0.3 s hole at 4 s
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(9000);
    expect(video(sink).ranges.some((r) => Math.abs(r.start - 4.3) < 1e-9)).toBe(true);
    expect(sink.seeks.some((s) => s > 4.29 && s < 4.4)).toBe(true);
    expect(sink.currentTime()).toBeGreaterThan(6);
  });

  it('a throughput collapse stalls playback: buffering events and a stall in stats', async () => {
    const { clock, net, sink, player, buffering } = setup({ streaming: { bufferGoal: 6 }, abr: { enabled: false } }, 60);
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(4000);
    expect(player.state).toBe('playing');
    net.throughput = () => 50_000; // 125 KB segment now takes 20 s
    await clock.advanceAsync(15_000);
    expect(buffering).toEqual([true, false, true]);
    expect(player.state).toBe('buffering');
    const stats = player.getStats();
    expect(stats.stalls).toBe(1);
    expect(stats.stallTime).toBeGreaterThan(0);
    expect(sink.currentTime()).toBeLessThan(12);
  });

  it('recovers from QuotaExceededError: evicts, lowers the goal and keeps playing', async () => {
    const { clock, sink, player, errors } = setup({ streaming: { bufferGoal: 30, backBuffer: 30 } }, 60);
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(30);
    await loading;
    video(sink).quotaS = 12;
    await clock.advanceAsync(70_000);
    expect(video(sink).quotaErrors).toBeGreaterThan(0);
    expect(errors.every((e) => e.severity === 'recoverable')).toBe(true);
    expect(player.state).toBe('ended');
    expect(sink.currentTime()).toBeGreaterThan(59.5);
  });

  it('signals end of stream once and ends at the end', async () => {
    const { clock, net, sink, player, errors } = setup({}, 20);
    let ended = 0;
    player.on('ended', () => ended++);
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(25_000);
    expect(errors).toEqual([]);
    expect(sink.endOfStreamCalls).toBe(1);
    expect(ended).toBe(1);
    expect(player.state).toBe('ended');
    expect(sink.currentTime()).toBeCloseTo(20, 5);
    const segs = net.files('segment');
    expect(new Set(segs.map((s) => s.replace(/^seg-v\d-/, ''))).size).toBe(10);
  });

  it('a corrupt segment is reported as recoverable SEGMENT_CORRUPT and skipped, not a hang', async () => {
    const { clock, net, sink, player, errors } = setup({}, 20);
    net.corrupt.add(4);
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(30_000);
    expect(errors.map((e) => [e.code, e.severity])).toEqual([['SEGMENT_CORRUPT', 'recoverable']]);
    expect(player.state).toBe('ended');
    expect(sink.currentTime()).toBeCloseTo(20, 5);
  });

  it('a 404 manifest rejects load with a typed NetworkError after retries', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    const sink = new FakeSink(clock);
    const player = new Player({ clock, network: net, sink }, { net: { retry: { maxAttempts: 3, baseDelayMs: 100 } } });
    const errors: EdgeplayError[] = [];
    player.on('error', (e) => errors.push(e));
    const loading = player.load('https://cdn.example/missing.mpd').catch((e: unknown) => e);
    await clock.advanceAsync(5000);
    const err = (await loading) as EdgeplayError;
    expect(err.category).toBe('network');
    expect(err.code).toBe('HTTP_ERROR');
    expect(err.details.status).toBe(404);
    expect(err.severity).toBe('fatal');
    expect(net.requests.length).toBe(3);
    expect(player.state).toBe('error');
    expect(errors).toHaveLength(1);
  });

  it('a segment that 404s after retries leaves a hole the playhead skips (recoverable, URL named), not a fatal error (issue 13.5)', async () => {
    const { clock, net, player, errors } = setup({ abr: { enabled: false }, net: { retry: { maxAttempts: 2, baseDelayMs: 100 } } }, 20);
    for (const v of ['v1', 'v2', 'v3']) net.failing.add(`seg-${v}-3.m4s`);
    const loading = player.load(URL_MPD);
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(10_000);
    expect(errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    // Every rendition of that time was asked before the hole was given up.
    expect(['v1', 'v2', 'v3'].every((v) => net.files().includes(`seg-${v}-3.m4s`))).toBe(true);
    const hole = errors.filter((e) => e.code === 'SEGMENT_UNAVAILABLE');
    expect(hole).toHaveLength(1);
    expect(String(hole[0]!.details.uri)).toMatch(/seg-v\d-3\.m4s$/);
    expect(errors.filter((e) => e.code !== 'SEGMENT_UNAVAILABLE').every((e) => e.code === 'HTTP_ERROR' && e.severity === 'recoverable')).toBe(true);
    expect(net.files().some((f) => /^seg-v\d-4\.m4s$/.test(f))).toBe(true);
    expect(player.state).not.toBe('error');
  });
});
