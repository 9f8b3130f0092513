/**
 * TTML through the Player on the virtual clock: a DASH sidecar
 * (`application/ttml+xml`, one file) and TTML in fMP4 (`stpp`).
 */
import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { TextCue, TextRenderer } from '../../src/platform/text-renderer.js';
import { VirtualClock } from '../../src/sim/virtual-clock.js';
import { FakeNetwork, FakeSink, vodMpd } from '../player/fakes.js';
import { ebuttd, stppInit } from './stpp-boxes.js';
import { wvttSegment } from './wvtt-boxes.js';

class RecordingRenderer implements TextRenderer {
  cues: TextCue[] = [];
  addCues(cues: readonly TextCue[]): void {
    this.cues.push(...cues);
  }
  clear(): void {
    this.cues = [];
  }
  setVisible(): void {}
}

async function playText(adaptationSet: string, serve: (net: FakeNetwork) => void) {
  const clock = new VirtualClock();
  const net = new FakeNetwork(clock);
  net.text('manifest.mpd', vodMpd(20, 2).replace('</Period>', `${adaptationSet}</Period>`));
  serve(net);
  const renderer = new RecordingRenderer();
  const player = new Player({ clock, network: net, sink: new FakeSink(clock), textRenderer: renderer }, { preferences: { textLanguage: 'en' } });
  const errors: string[] = [];
  player.on('error', (e) => errors.push(`${e.code}: ${e.message}`));
  const loading = player.load('https://cdn.example/manifest.mpd');
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
});
