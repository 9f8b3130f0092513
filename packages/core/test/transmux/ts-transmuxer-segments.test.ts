/**
 * Cross-segment state of the transmuxer on HLS segments cut by ffmpeg's hls
 * muxer: continuity counters and timing carry over, split mode gives one init
 * and fragment per track type, a discontinuity restarts timestamps without
 * continuity warnings, and a parameter change emits a new init.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTsTransmuxer } from '../../src/transmux/index.js';
import { ffmpegDecodeErrors, ffmpegWrite, ffprobePackets, FFMPEG_MISSING, lavfiInputs, mp4boxParse, readBytes, workDir, writeMp4 } from './support/media-oracle.js';

const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-g', '30', '-pix_fmt', 'yuv420p'];
const AAC = ['-c:a', 'aac', '-b:a', '96k'];

function hlsSegments(name: string, extra: string[], seconds = 6): { segments: Uint8Array[]; whole: string } {
  const args = [...lavfiInputs({ seconds }), ...H264, ...AAC, ...extra];
  const whole = ffmpegWrite(`${name}-whole.ts`, [...args, '-f', 'mpegts']);
  ffmpegWrite(`${name}.m3u8`, [...args, '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_segment_filename', path.join(workDir(), `${name}-%d.ts`)]);
  const files = readdirSync(workDir())
    .filter((f) => f.startsWith(`${name}-`) && /-\d+\.ts$/.test(f))
    .sort((a, b) => Number(/(\d+)\.ts$/.exec(a)![1]) - Number(/(\d+)\.ts$/.exec(b)![1]));
  return { segments: files.map((f) => readBytes(path.join(workDir(), f))), whole };
}

describe.skipIf(FFMPEG_MISSING)('TS transmuxer across segments', () => {
  it('split mode over consecutive HLS segments: one init per type, gapless tracks, every packet present, decodable', () => {
    const { segments, whole } = hlsSegments('seq', []);
    expect(segments.length).toBeGreaterThanOrEqual(3);
    const t = createTsTransmuxer({ mode: 'split' });
    const video: Uint8Array[] = [];
    const audio: Uint8Array[] = [];
    let inits = 0;
    let prevEnd: number | null = null;
    for (const seg of segments) {
      const r = t.push(seg);
      expect(r.warnings).toEqual([]);
      for (const i of r.init ?? []) {
        inits++;
        (i.type === 'video' ? video : audio).push(i.data);
        expect(i.tracks).toHaveLength(1);
      }
      for (const m of r.media) (m.type === 'video' ? video : audio).push(m.data);
      expect(r.media.map((m) => m.type)).toEqual(['video', 'audio']);
      if (prevEnd !== null) expect(Math.abs(r.timing!.firstDts - prevEnd)).toBeLessThan(0.05);
      prevEnd = r.timing!.lastEnd;
    }
    expect(inits).toBe(2);
    const probe = ffprobePackets(whole);
    const v = mp4boxParse(Buffer.concat(video));
    const a = mp4boxParse(Buffer.concat(audio));
    expect(v.samples.get(1)!.length).toBe(probe.filter((p) => p.type === 'video').length);
    expect(a.samples.get(2)!.length).toBe(probe.filter((p) => p.type === 'audio').length);
    // Audio is snapped across segment boundaries: one continuous run of 1024-sample frames.
    const as = a.samples.get(2)!;
    for (let i = 0; i + 1 < as.length; i++) expect(as[i].dts + as[i].duration).toBe(as[i + 1].dts);
    expect(ffmpegDecodeErrors(writeMp4('seq-video.mp4', video))).toBe('');
    expect(ffmpegDecodeErrors(writeMp4('seq-audio.mp4', audio))).toBe('');
  });

  it('a discontinuity to a stream with restarted timestamps and a new resolution: no continuity warning, new init, timing restarts', () => {
    const first = hlsSegments('disc-a', ['-output_ts_offset', '100']).segments;
    const second = ffmpegWrite('disc-b.ts', [...lavfiInputs({ seconds: 2, size: '640x360' }), ...H264, ...AAC, '-f', 'mpegts']);
    const t = createTsTransmuxer();
    const r1 = t.push(first[0]);
    expect(r1.timing!.firstPts).toBeGreaterThan(100);
    const r2 = t.push(readBytes(second), { discontinuity: true });
    expect(r2.warnings).toEqual([]);
    expect(r2.timing!.firstPts).toBeLessThan(2);
    expect(r2.init).toHaveLength(1);
    expect(r2.init![0].tracks[0]).toMatchObject({ width: 640, height: 360 });
    // Same stream again without a discontinuity flag: the continuity counters do not line up → warned, not thrown.
    const r3 = t.push(first[1]);
    expect(r3.warnings.some((w) => w.includes('continuity'))).toBe(true);
  });
});
