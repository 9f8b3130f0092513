/**
 * Issue 15 "Done means": the Player never hangs on hostile manifests — a load
 * of an amplification input ends (model, typed error or playback) within its
 * bound, on the virtual clock and in wall time.
 */
import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import { isEdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink } from '../player/fakes.js';
import { FAMILIES } from './amplification-families.js';

const manifestFamilies = Object.keys(FAMILIES).filter((name) => name.startsWith('xml') || name.startsWith('hls'));

describe('Player loads of hostile manifests settle (issue 15 #11-13)', () => {
  it.each(manifestFamilies)('%s at 1 MB: load settles with a typed outcome within 3 s of wall time', async (name) => {
    const input = FAMILIES[name]!(1024 * 1024);
    const ext = input.parser === 'dash' ? '.mpd' : '.m3u8';
    const clock = new VirtualClock(0, Date.UTC(2026, 0, 1));
    const net = new FakeNetwork(clock);
    net.text(`manifest${ext}`, input.input as string);
    const player = new Player({ clock, network: net, sink: new FakeSink(clock) }, { net: { retry: { maxAttempts: 1 } } });
    const errors: unknown[] = [];
    player.on('error', (e) => errors.push(e));
    const started = performance.now();
    let outcome: unknown = 'ok';
    let settled = false;
    const loading = player.load(`https://hostile.example/${name}/manifest${ext}`).then(
      () => (settled = true),
      (e: unknown) => {
        settled = true;
        outcome = e;
      },
    );
    await clock.advanceAsync(5000);
    await player.destroy();
    await clock.advanceAsync(10);
    await loading;
    expect(settled).toBe(true);
    expect(performance.now() - started).toBeLessThan(3000);
    if (outcome !== 'ok') expect(isEdgeplayError(outcome), String(outcome)).toBe(true);
    for (const e of errors) expect(isEdgeplayError(e)).toBe(true);
  });

  it('a javascript: BaseURL is a typed error and never reaches the network', async () => {
    const clock = new VirtualClock(0, Date.UTC(2026, 0, 1));
    const net = new FakeNetwork(clock);
    net.text('manifest.mpd', '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT4S" minBufferTime="PT2S"><BaseURL>javascript:alert(1)//</BaseURL><Period><AdaptationSet mimeType="video/mp4" contentType="video"><SegmentTemplate media="s$Number$.m4s" initialization="i.mp4" duration="2" timescale="1"/><Representation id="v" bandwidth="100000" codecs="avc1.64001f" width="640" height="360"/></AdaptationSet></Period></MPD>');
    const player = new Player({ clock, network: net, sink: new FakeSink(clock) }, { net: { retry: { maxAttempts: 1 } } });
    const loading = player.load('https://hostile.example/manifest.mpd').then(() => null, (e: unknown) => e);
    await clock.advanceAsync(3000);
    const outcome = await loading;
    await player.destroy();
    expect(outcome).toMatchObject({ code: 'MANIFEST_URI_REFUSED' });
    expect(net.requests.map((r) => r.url).filter((u) => !u.startsWith('https://'))).toEqual([]);
  });
});
