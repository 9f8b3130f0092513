import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, vodMpd } from './fakes.js';

async function start(autoplay = true) {
  const clock = new VirtualClock();
  const net = new FakeNetwork(clock);
  net.text('manifest.mpd', vodMpd(60, 2));
  const sink = new FakeSink(clock);
  const player = new Player({ clock, network: net, sink }, { streaming: { autoplay } });
  const loading = player.load('https://cdn.example/manifest.mpd');
  await clock.advanceAsync(50);
  await loading;
  return { clock, sink, player };
}

describe('Player pause', () => {
  it('an app pause holds through a seek; play resumes', async () => {
    const { clock, sink, player } = await start();
    await clock.advanceAsync(3000);
    expect(player.state).toBe('playing');
    sink.pause();
    expect(player.state).toBe('paused');
    await player.seek(30);
    await clock.advanceAsync(3000);
    expect(player.state).toBe('paused');
    expect(sink.paused()).toBe(true);
    expect(sink.currentTime()).toBeCloseTo(30, 5);
    await sink.play();
    await clock.advanceAsync(2000);
    expect(player.state).toBe('playing');
    expect(sink.currentTime()).toBeGreaterThan(31);
  });

  it('autoplay: false buffers then waits paused at the start', async () => {
    const { clock, sink, player } = await start(false);
    await clock.advanceAsync(3000);
    expect(player.state).toBe('paused');
    expect(sink.currentTime()).toBe(0);
    expect(sink.buffers.get('video')!.ranges[0]!.end).toBeGreaterThan(2);
  });
});
