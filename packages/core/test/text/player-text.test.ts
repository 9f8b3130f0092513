import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, RecordingTextRenderer, vodMpd } from '../player/fakes.js';
import { wvttInit, wvttSample, wvttSegment } from './wvtt-boxes.js';

function mpdWithSubtitles(): string {
  const text = `<AdaptationSet contentType="text" mimeType="text/vtt" lang="fr"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/><Representation id="fr" bandwidth="256"><BaseURL>subs-fr.vtt</BaseURL></Representation></AdaptationSet>`;
  return vodMpd(20, 2).replace('</Period>', `${text}</Period>`);
}

describe('Player text', () => {
  it('keeps text off by default, and a selected sidecar WebVTT track feeds cues to the renderer', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    net.text('manifest.mpd', mpdWithSubtitles());
    net.text('subs-fr.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBonjour\n\n00:00:05.000 --> 00:00:06.000\nSalut\n');
    const renderer = new RecordingTextRenderer();
    const player = new Player({ clock, network: net, sink: new FakeSink(clock), textRenderer: renderer });
    const loading = player.load('https://cdn.example/manifest.mpd');
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(1000);
    expect(net.files().includes('subs-fr.vtt')).toBe(false);
    const tracks = player.getTextTracks();
    expect(tracks.map((t) => t.language)).toEqual(['fr']);
    player.selectText(tracks[0]!.id);
    await clock.advanceAsync(1000);
    expect(renderer.visible).toBe(true);
    expect(renderer.cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [1, 2, 'Bonjour'],
      [5, 6, 'Salut'],
    ]);
    player.selectText(null);
    expect(renderer.visible).toBe(false);
    expect(renderer.cues).toEqual([]);
  });

  it('plays WebVTT in fMP4 (DASH, codecs wvtt): cues land on the presentation timeline; a broken segment is reported once and skipped', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    // Period starts at 0; presentationTimeOffset 100 s of media time, so media 100 s = presentation 0 s.
    const text = `<AdaptationSet contentType="text" mimeType="application/mp4" codecs="wvtt" lang="de"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/><SegmentTemplate timescale="1000" presentationTimeOffset="100000" duration="2000" startNumber="1" initialization="wvtt-init.mp4" media="wvtt-$Number$.m4s"/><Representation id="de" bandwidth="1000"/></AdaptationSet>`;
    net.text('manifest.mpd', vodMpd(20, 2).replace('</Period>', `${text}</Period>`));
    const serve = (suffix: string, body: Uint8Array) => net.routes.push({ match: (u) => u.endsWith(suffix), respond: () => ({ body }) });
    serve('wvtt-init.mp4', wvttInit(1, 1000));
    for (let n = 1; n <= 10; n++) {
      const start = 100_000 + (n - 1) * 2000;
      serve(`wvtt-${n}.m4s`, n === 2 ? new Uint8Array([0, 0, 0, 99, 109, 111, 111, 102]) : wvttSegment(1, start, [{ duration: 1000, data: wvttSample([{ text: `Satz ${n}` }]) }, { duration: 1000, data: wvttSample([]) }]));
    }
    const errors: string[] = [];
    const renderer = new RecordingTextRenderer();
    const player = new Player({ clock, network: net, sink: new FakeSink(clock), textRenderer: renderer });
    player.on('error', (e) => errors.push(`${e.code}:${e.severity}`));
    const loading = player.load('https://cdn.example/manifest.mpd');
    await clock.advanceAsync(50);
    await loading;
    const track = player.getTextTracks().find((t) => t.language === 'de');
    expect(track).toBeDefined();
    player.selectText(track!.id);
    await clock.advanceAsync(5000);
    const cues = renderer.cues.map((c) => [c.start, c.end, c.text]);
    expect(cues.slice(0, 3)).toEqual([
      [0, 1, 'Satz 1'],
      [4, 5, 'Satz 3'],
      [6, 7, 'Satz 4'],
    ]);
    expect(errors).toEqual(['TEXT_INVALID:recoverable']);
    expect(player.state).not.toBe('error');
    // The init segment was fetched once, not per media segment.
    expect(net.requests.filter((r) => r.url.endsWith('wvtt-init.mp4'))).toHaveLength(1);
  });
});
