/**
 * TTML through the Player on the virtual clock: a DASH sidecar
 * (`application/ttml+xml`, one file) and TTML in fMP4 (`stpp`).
 */
import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, RecordingTextRenderer, vodMpd } from '../player/fakes.js';
import { ebuttd, stppInit } from './stpp-boxes.js';
import { wvttSegment } from './wvtt-boxes.js';

async function playText(adaptationSet: string | null, serve: (net: FakeNetwork) => void, url = 'https://cdn.example/manifest.mpd') {
  const clock = new VirtualClock();
  const net = new FakeNetwork(clock);
  if (adaptationSet !== null) net.text('manifest.mpd', vodMpd(20, 2).replace('</Period>', `${adaptationSet}</Period>`));
  serve(net);
  const renderer = new RecordingTextRenderer();
  const player = new Player({ clock, network: net, sink: new FakeSink(clock), textRenderer: renderer }, { preferences: { textLanguage: 'en' } });
  const errors: string[] = [];
  player.on('error', (e) => errors.push(`${e.code}: ${e.message}`));
  const loading = player.load(url);
  await clock.advanceAsync(50);
  await loading;
  await clock.advanceAsync(8000);
  return { renderer, errors, player };
}

describe('Player: TTML subtitles', () => {
  it('DASH sidecar application/ttml+xml: one file, cues on the timeline with their region', async () => {
    const as = `<AdaptationSet contentType="text" mimeType="application/ttml+xml" lang="en"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/><Representation id="ttml-en" bandwidth="256"><BaseURL>subs-en.ttml</BaseURL></Representation></AdaptationSet>`;
    const { renderer, errors } = await playText(as, (net) =>
      net.text('subs-en.ttml', ebuttd([['00:00:01.000', '00:00:02.000', 'First'], ['00:00:03.000', '00:00:04.500', 'Second']])),
    );
    expect(errors).toEqual([]);
    expect(renderer.cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [1, 2, 'First'],
      [3, 4.5, 'Second'],
    ]);
    expect(renderer.cues[0]!.region).toMatchObject({ id: 'bottom', displayAlign: 'after' });
  });

  it('stpp in fMP4: cues from each segment, no "no wvtt track" error', async () => {
    const as = `<AdaptationSet contentType="text" mimeType="application/mp4" codecs="stpp.ttml.etd1" lang="en"><SegmentTemplate timescale="1000" duration="2000" startNumber="1" initialization="stpp-init.mp4" media="stpp-$Number$.m4s"/><Representation id="stpp-en" bandwidth="1000"/></AdaptationSet>`;
    const enc = new TextEncoder();
    const { renderer, errors } = await playText(as, (net) => {
      net.routes.push({ match: (u) => u.endsWith('stpp-init.mp4'), respond: () => ({ body: stppInit(1, 1000) }) });
      for (let n = 1; n <= 10; n++) {
        const t = (n - 1) * 2;
        const doc = ebuttd([[`00:00:${String(t).padStart(2, '0')}.500`, `00:00:${String(t + 1).padStart(2, '0')}.500`, `Line ${n}`]]);
        net.routes.push({ match: (u) => u.endsWith(`stpp-${n}.m4s`), respond: () => ({ body: wvttSegment(1, t * 1000, [{ duration: 2000, data: enc.encode(doc) }]) }) });
      }
    });
    expect(errors).toEqual([]);
    expect(renderer.cues.slice(0, 3).map((c) => [c.start, c.end, c.text])).toEqual([
      [0.5, 1.5, 'Line 1'],
      [2.5, 3.5, 'Line 2'],
      [4.5, 5.5, 'Line 3'],
    ]);
  });

  it('HLS SUBTITLES with IMSC (CODECS stpp.ttml.im1t, fMP4 segments) and an HLS playlist of TTML files', async () => {
    const enc = new TextEncoder();
    const media = (lines: string[]) => ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:2', '#EXT-X-PLAYLIST-TYPE:VOD', ...lines, '#EXT-X-ENDLIST', ''].join('\n');
    const video = media(['#EXT-X-MAP:URI="init-v1.mp4"', ...Array.from({ length: 10 }, (_, i) => [`#EXTINF:2.000,`, `seg-v1-${i + 1}.m4s`]).flat()]);
    const master = (subs: string) =>
      ['#EXTM3U', `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en",NAME="English",AUTOSELECT=YES,URI="${subs}"`, '#EXT-X-STREAM-INF:BANDWIDTH=600000,RESOLUTION=640x360,CODECS="avc1.64001f,stpp.ttml.im1t",SUBTITLES="subs"', 'v1.m3u8', ''].join('\n');
    const imsc = await playText(null, (net) => {
      net.text('master.m3u8', master('imsc.m3u8'));
      net.text('v1.m3u8', video);
      net.text('imsc.m3u8', media(['#EXT-X-MAP:URI="stpp-init.mp4"', ...Array.from({ length: 10 }, (_, i) => [`#EXTINF:2.000,`, `imsc-${i + 1}.m4s`]).flat()]));
      net.routes.push({ match: (u) => u.endsWith('stpp-init.mp4'), respond: () => ({ body: stppInit(1, 1000) }) });
      for (let n = 1; n <= 10; n++) {
        const t = (n - 1) * 2;
        const doc = ebuttd([[`00:00:${String(t).padStart(2, '0')}.250`, `00:00:${String(t + 1).padStart(2, '0')}.250`, `IMSC ${n}`]]);
        net.routes.push({ match: (u) => u.endsWith(`imsc-${n}.m4s`), respond: () => ({ body: wvttSegment(1, t * 1000, [{ duration: 2000, data: enc.encode(doc) }]) }) });
      }
    }, 'https://hls.example/master.m3u8');
    expect(imsc.errors).toEqual([]);
    expect(imsc.renderer.cues.slice(0, 2).map((c) => [c.start, c.end, c.text])).toEqual([
      [0.25, 1.25, 'IMSC 1'],
      [2.25, 3.25, 'IMSC 2'],
    ]);
    const files = await playText(null, (net) => {
      net.text('master.m3u8', master('ttml.m3u8'));
      net.text('v1.m3u8', video);
      net.text('ttml.m3u8', media(['#EXTINF:10.000,', 'part1.ttml', '#EXTINF:10.000,', 'part2.ttml']));
      net.text('part1.ttml', ebuttd([['00:00:01.000', '00:00:02.000', 'eins']]));
      net.text('part2.ttml', ebuttd([['00:00:11.000', '00:00:12.000', 'zwei']]));
    }, 'https://hls.example/master.m3u8');
    expect(files.errors).toEqual([]);
    expect(files.renderer.cues.map((c) => [c.start, c.text])[0]).toEqual([1, 'eins']);
  });
});
