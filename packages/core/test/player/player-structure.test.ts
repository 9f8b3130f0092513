import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink } from './fakes.js';

function mediaPlaylist(rep: string, count: number, segS: number): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${segS}`, '#EXT-X-PLAYLIST-TYPE:VOD', `#EXT-X-MAP:URI="init-${rep}.mp4"`];
  for (let n = 1; n <= count; n++) lines.push(`#EXTINF:${segS}.000,`, `seg-${rep}-${n}.m4s`);
  return lines.join('\n') + '\n#EXT-X-ENDLIST\n';
}

describe('Player structure', () => {
  it('HLS multivariant: loads the chosen variant and audio rendition playlists lazily; selectAudio switches language', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    net.text(
      'master.m3u8',
      [
        '#EXTM3U',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,URI="a-en.m3u8"',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="de",NAME="Deutsch",AUTOSELECT=YES,URI="a-de.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=600000,RESOLUTION=640x360,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aud"',
        'v1.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aud"',
        'v2.m3u8',
      ].join('\n') + '\n',
    );
    for (const rep of ['v1', 'v2', 'aen', 'ade']) net.text(`${rep.startsWith('a') ? `a-${rep.slice(1)}` : rep}.m3u8`, mediaPlaylist(rep, 10, 2));
    const sink = new FakeSink(clock);
    const player = new Player({ clock, network: net, sink }, { preferences: { audioLanguage: 'en' } });
    const errors: EdgeplayError[] = [];
    player.on('error', (e) => errors.push(e));
    const loading = player.load('https://hls.example/master.m3u8');
    await clock.advanceAsync(100);
    await loading;
    await clock.advanceAsync(4000);
    expect(errors).toEqual([]);
    const playlists = net.files().filter((f) => f.endsWith('.m3u8'));
    expect(playlists).toContain('a-en.m3u8');
    expect(playlists).not.toContain('a-de.m3u8');
    expect(sink.buffers.get('audio')!.appended.filter((a) => a.kind === 'segment').every((a) => a.rep === 'aen')).toBe(true);
    expect(player.getAudioLanguages().sort()).toEqual(['de', 'en']);
    player.selectAudio('de');
    await clock.advanceAsync(4000);
    expect(net.files()).toContain('a-de.m3u8');
    expect(sink.buffers.get('audio')!.appended.at(-1)!.rep).toBe('ade');
    await clock.advanceAsync(30_000);
    expect(player.state).toBe('ended');
    expect(sink.currentTime()).toBeCloseTo(20, 5);
  });

  it('multi-period DASH: crosses the period boundary onto the next period’s tracks and ends', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    const period = (id: string, start: number, rep: string, startNumber: number) =>
      `<Period id="${id}" start="PT${start}S" duration="PT10S"><AdaptationSet contentType="video" mimeType="video/mp4"><SegmentTemplate timescale="1000" duration="2000" startNumber="${startNumber}" initialization="init-$RepresentationID$.mp4" media="seg-$RepresentationID$-$Number$.m4s"/><Representation id="${rep}" bandwidth="800000" width="640" height="360" codecs="avc1.64001f"/></AdaptationSet></Period>`;
    net.text(
      'mp.mpd',
      `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT20S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">${period('a', 0, 'pa', 1)}${period('b', 10, 'pb', 6)}</MPD>`,
    );
    const sink = new FakeSink(clock);
    const player = new Player({ clock, network: net, sink });
    const errors: EdgeplayError[] = [];
    player.on('error', (e) => errors.push(e));
    const loading = player.load('https://dash.example/mp.mpd');
    await clock.advanceAsync(100);
    await loading;
    await clock.advanceAsync(30_000);
    expect(errors).toEqual([]);
    expect(net.files('segment')).toEqual(['seg-pa-1.m4s', 'seg-pa-2.m4s', 'seg-pa-3.m4s', 'seg-pa-4.m4s', 'seg-pa-5.m4s', 'seg-pb-6.m4s', 'seg-pb-7.m4s', 'seg-pb-8.m4s', 'seg-pb-9.m4s', 'seg-pb-10.m4s']);
    const inits = sink.buffers.get('video')!.appended.filter((a) => a.kind === 'init').map((a) => a.rep);
    expect(inits).toEqual(['pa', 'pb']);
    expect(player.state).toBe('ended');
    expect(sink.currentTime()).toBeCloseTo(20, 5);
  });
});
