/**
 * mp4 ↔ webm across DASH periods: the Player's buffer changes type (MSE
 * `changeType`) at the boundary instead of appending WebM into an MP4 buffer.
 */
import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink } from './fakes.js';

describe('Player: container switch across periods', () => {
  it('mp4 (avc1) → webm (vp9) → mp4: changeType at each boundary, then plays to the end', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    const period = (id: string, start: number, mime: string, codecs: string, rep: string, startNumber: number) =>
      `<Period id="${id}" start="PT${start}S" duration="PT10S"><AdaptationSet contentType="video" mimeType="${mime}"><SegmentTemplate timescale="1000" duration="2000" startNumber="${startNumber}" initialization="init-$RepresentationID$.mp4" media="seg-$RepresentationID$-$Number$.m4s"/><Representation id="${rep}" bandwidth="800000" width="640" height="360" codecs="${codecs}"/></AdaptationSet></Period>`;
    net.text(
      'switch.mpd',
      `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT30S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">${period('a', 0, 'video/mp4', 'avc1.64001f', 'pa', 1)}${period('b', 10, 'video/webm', 'vp9', 'pb', 6)}${period('c', 20, 'video/mp4', 'avc1.64001f', 'pc', 11)}</MPD>`,
    );
    const sink = new FakeSink(clock);
    const player = new Player({ clock, network: net, sink });
    const errors: EdgeplayError[] = [];
    player.on('error', (e) => errors.push(e));
    const loading = player.load('https://dash.example/switch.mpd');
    await clock.advanceAsync(100);
    await loading;
    await clock.advanceAsync(45_000);
    expect(errors).toEqual([]);
    expect(sink.buffers.get('video')!.types).toEqual(['video/mp4; codecs="avc1.64001f"', 'video/webm; codecs="vp9"', 'video/mp4; codecs="avc1.64001f"']);
    expect(player.state).toBe('ended');
  });
});
