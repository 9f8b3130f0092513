import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { TextCue, TextRenderer } from '../../src/platform/text-renderer.js';
import { VirtualClock } from '../../src/sim/virtual-clock.js';
import { FakeNetwork, FakeSink, vodMpd } from '../player/fakes.js';

class RecordingRenderer implements TextRenderer {
  cues: TextCue[] = [];
  visible = false;
  addCues(cues: readonly TextCue[]): void {
    this.cues.push(...cues);
  }
  clear(): void {
    this.cues = [];
  }
  setVisible(v: boolean): void {
    this.visible = v;
  }
}

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
    const renderer = new RecordingRenderer();
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
});
