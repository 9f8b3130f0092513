/**
 * Redundant variant streams (RFC 8216 §6.3) without PATHWAY-ID: each origin's
 * copy of the variants and its own audio group (`audA` on origin A, `audB` on
 * origin B) become ONE video and ONE audio track with a URL per origin, on the
 * pathways `redundant-1` / `redundant-2`; when origin A starts answering 404
 * mid-play, audio and video continue from B, and `cdnchanged` fires for that
 * switch only — not on every segment.
 */
import { describe, expect, it } from 'vitest';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { assignRedundantPathways } from '../../src/hls/redundant-variants.js';
import { parseHlsManifest } from '../../src/hls/multivariant-parser.js';
import { Player } from '../../src/player/player.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink } from './fakes.js';

const MULTIVARIANT = [
  '#EXTM3U',
  '#EXT-X-INDEPENDENT-SEGMENTS',
  '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audA",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,URI="https://a.example/aen.m3u8"',
  '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audB",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,URI="https://b.example/aen.m3u8"',
  '#EXT-X-STREAM-INF:BANDWIDTH=600000,RESOLUTION=640x360,CODECS="avc1.64001f,mp4a.40.2",AUDIO="audA"',
  'https://a.example/v1.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="audA"',
  'https://a.example/v2.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=600000,RESOLUTION=640x360,CODECS="avc1.64001f,mp4a.40.2",AUDIO="audB"',
  'https://b.example/v1.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="audB"',
  'https://b.example/v2.m3u8',
].join('\n');

function mediaPlaylist(rep: string, count: number, segS: number): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${segS}`, '#EXT-X-PLAYLIST-TYPE:VOD', `#EXT-X-MAP:URI="init-${rep}.mp4"`];
  for (let n = 1; n <= count; n++) lines.push(`#EXTINF:${segS}.000,`, `seg-${rep}-${n}.m4s`);
  return lines.join('\n') + '\n#EXT-X-ENDLIST\n';
}

describe('HLS redundant variants', () => {
  it('assignRedundantPathways: only without PATHWAY-ID and only when a variant repeats', () => {
    const single = [{ key: 'a', pathwayId: '' }, { key: 'b', pathwayId: '' }];
    expect(assignRedundantPathways(single)).toBe(false);
    expect(single.map((v) => v.pathwayId)).toEqual(['', '']);
    const named = [{ key: 'a', pathwayId: 'cdn1' }, { key: 'a', pathwayId: '' }];
    expect(assignRedundantPathways(named)).toBe(false);
    const copies = [{ key: 'a', pathwayId: '' }, { key: 'b', pathwayId: '' }, { key: 'a', pathwayId: '' }, { key: 'b', pathwayId: '' }];
    expect(assignRedundantPathways(copies)).toBe(true);
    expect(copies.map((v) => v.pathwayId)).toEqual(['redundant-1', 'redundant-1', 'redundant-2', 'redundant-2']);
  });

  it('parses each origin’s copy and audio group into one track per rendition with a URL per pathway', () => {
    const p = parseHlsManifest(MULTIVARIANT, { manifestUrl: 'https://a.example/master.m3u8' });
    const tracks = p.periods[0]!.switchingSets.flatMap((s) => s.tracks);
    const audio = tracks.filter((t) => t.type === 'audio');
    const video = tracks.filter((t) => t.type === 'video');
    expect(video).toHaveLength(2);
    expect(audio).toHaveLength(1);
    expect(audio[0]!.baseUrls).toEqual([
      { url: 'https://a.example/aen.m3u8', pathwayId: 'redundant-1' },
      { url: 'https://b.example/aen.m3u8', pathwayId: 'redundant-2' },
    ]);
    for (const v of video) expect(v.baseUrls.map((b) => b.pathwayId)).toEqual(['redundant-1', 'redundant-2']);
  });

  it('origin A fails mid-play: audio and video continue from B, one cdnchanged, no fatal error', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    const outageAt = 6_000;
    // Origin A answers 404 for everything from `outageAt` on (routes are tried in order).
    net.routes.push({ match: (u) => u.startsWith('https://a.example/') && clock.now() >= outageAt, respond: () => null });
    net.text('master.m3u8', MULTIVARIANT);
    for (const host of ['a', 'b']) {
      for (const rep of ['v1', 'v2', 'aen']) net.routes.push({ match: (u) => u === `https://${host}.example/${rep}.m3u8`, respond: () => ({ body: new TextEncoder().encode(mediaPlaylist(rep, 15, 2)) }) });
    }
    const sink = new FakeSink(clock);
    // A 6 s buffer goal: most of the 30 s is still to be fetched when origin A fails.
    const player = new Player({ clock, network: net, sink }, { net: { retry: { fuzz: 0 } }, streaming: { bufferGoal: 6 } });
    const errors: EdgeplayError[] = [];
    const changes: Array<{ from: string | null; to: string; reason: string }> = [];
    player.on('error', (e) => errors.push(e));
    player.on('cdnchanged', (c) => changes.push(c));
    const loading = player.load('https://a.example/master.m3u8');
    await clock.advanceAsync(100);
    await loading;
    await clock.advanceAsync(60_000);
    expect(errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    expect(player.state).toBe('ended');
    expect(sink.currentTime()).toBeCloseTo(30, 3);
    const late = net.requests.filter((r) => r.kind === 'segment' && r.at > outageAt + 3000 && r.status === 200);
    expect(late.some((r) => r.url.includes('seg-aen-'))).toBe(true);
    expect(late.every((r) => r.url.startsWith('https://b.example/'))).toBe(true);
    // One real switch (A → B); before the fix every audio/video alternation between playlist URLs counted as a change.
    expect(changes).toEqual([{ from: 'redundant-1', to: 'redundant-2', reason: 'failure:http-error' }]);
  });
});
