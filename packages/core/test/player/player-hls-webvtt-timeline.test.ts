/**
 * Segmented WebVTT next to MPEG-TS whose clock starts at ffmpeg's 1.4 s: the
 * subtitle's `X-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000` says cue time
 * 0 is media time 1.4 s, and the timeline mapping moved that media time to
 * playlist time 0 — so a cue at 00:00:01.000 must show at 1.0 s, not 2.4 s.
 */
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SinkBuffer, SinkBufferType } from '../../src/platform/media-sink.js';
import { Player } from '../../src/player/player.js';
import { simulationSegmentStages } from '../../../sim/src/player-simulation.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, readBytes, workDir } from '../transmux/support/media-oracle.js';
import { FakeBuffer, FakeNetwork, FakeSink, RecordingTextRenderer } from './fakes.js';

/** Takes real bytes (the fakes' buffers parse JSON); ranges are not tracked, which this test does not need. */
class BytesBuffer extends FakeBuffer {
  override async append(): Promise<void> {
    await Promise.resolve();
  }
}
class BytesSink extends FakeSink {
  override addBuffer(type: SinkBufferType, mime: string): SinkBuffer {
    const b = new BytesBuffer(type, mime);
    this.buffers.set(type, b);
    return b;
  }
}
describe.skipIf(FFMPEG_MISSING)('Player: HLS WebVTT on the mapped timeline', () => {
  it('puts X-TIMESTAMP-MAP cues where the 1.4 s TS media was mapped (cue 1.0 s → 1.0 s)', async () => {
    ffmpegWrite('vtt-ts.m3u8', [...lavfiInputs({ seconds: 4 }), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_segment_filename', path.join(workDir(), 'vtt-ts-%d.ts')]);
    const segments = readdirSync(workDir()).filter((f) => /^vtt-ts-\d+\.ts$/.test(f)).sort().map((f) => readBytes(path.join(workDir(), f)));
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    net.text('master.m3u8', ['#EXTM3U', '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,URI="subs.m3u8"', '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=320x240,CODECS="avc1.64000d,mp4a.40.2",SUBTITLES="subs"', 'v.m3u8'].join('\n'));
    net.text('v.m3u8', ['#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-PLAYLIST-TYPE:VOD', ...segments.flatMap((_, i) => ['#EXTINF:2.0,', `v${i}.ts`]), '#EXT-X-ENDLIST'].join('\n'));
    net.text('subs.m3u8', ['#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXTINF:4.0,', 's0.vtt', '#EXT-X-ENDLIST'].join('\n'));
    net.text('s0.vtt', 'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n\n00:00:01.000 --> 00:00:02.000\nHello\n');
    segments.forEach((body, i) => net.routes.push({ match: (u) => u.endsWith(`/v${i}.ts`), respond: () => ({ body }) }));
    const renderer = new RecordingTextRenderer();
    const player = new Player({ clock, network: net, sink: new BytesSink(clock), textRenderer: renderer }, {}, { segmentStages: simulationSegmentStages() });
    const loading = player.load('https://hls.example/master.m3u8');
    await clock.advanceAsync(100);
    await loading;
    await clock.advanceAsync(500);
    player.selectText(player.getTextTracks()[0]!.id);
    await clock.advanceAsync(2000);
    expect(renderer.cues.map((c) => c.text)).toEqual(['Hello']);
    // ffmpeg's first PTS is 1.4 s (126000 ticks) give or take the first frame's composition offset.
    expect(renderer.cues[0]!.start).toBeCloseTo(1, 1);
  });
});
