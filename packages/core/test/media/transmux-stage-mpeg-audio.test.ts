/**
 * The transmux stage's MPEG audio outputs on ffmpeg-written media: packed MP3
 * and audio-only MP3 TS become raw frames for an `audio/mpeg` buffer, each
 * append placed by a `timestampOffset` equal to the playlist time of its
 * first frame (MSE generates the frames' timestamps from it); H.264 + MP3 TS
 * on a platform without MP3-in-MP4 is passed through for the native MP2T
 * buffer, its offset from the first PTS (ffmpeg's mpegts muxer starts at 1.4 s).
 */
import { describe, expect, it } from 'vitest';
import type { SegmentReference, Track } from '../../src/manifest/model.js';
import type { StageContext } from '../../src/media/segment-pipeline.js';
import { createTransmuxStage } from '../../src/media/stages/transmux-stage.js';
import { TimelineMapper } from '../../src/timeline/timeline-mapper.js';
import * as transmux from '../../src/transmux/index.js';
import { parseMpegAudioHeader } from '../../src/transmux/mpeg-audio.js';
import { id3WithTimestamp } from '../transmux/support/id3-writer.js';
import { ffmpegWrite, ffprobePackets, FFMPEG_MISSING, lavfiInputs, readBytes } from '../transmux/support/media-oracle.js';

const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));
const track = (mimeType: string, codecs: string): Track => ({ id: `t-${mimeType}-${codecs}`, type: 'video', mimeType, codecs, bandwidth: 1, baseUrls: [], contentProtection: [] }) as unknown as Track;
const context = (timeline: TimelineMapper, discontinuity = 0): StageContext => ({ fetchKey: () => Promise.reject(new Error('no keys')), discontinuity, signal: new AbortController().signal, timeline, format: 'hls' });
const ref = (n: number, start: number, end: number, discontinuity = 0): SegmentReference => ({ start, end, uri: `s-${n}`, init: null, timestampOffset: 0, sequence: n, discontinuity });
/** Chromium 156 (Debian): raw audio/mpeg and MP2T with mp4a.6B, no MP3 in MP4. */
const chromium = (type: string): boolean => type === 'audio/mpeg' || type.startsWith('video/mp2t; codecs="avc1') || type === 'video/mp4; codecs="avc1.64000d"';

/** Frame sizes of a raw MPEG audio buffer, walking its headers from byte 0 (throws on a byte that is not a frame start). */
function frameSizes(b: Uint8Array): number[] {
  const sizes: number[] = [];
  for (let at = 0; at < b.length; ) {
    const h = parseMpegAudioHeader(b, at);
    if (!h) throw new Error(`no MPEG audio frame at ${at}`);
    sizes.push(h.frameLength);
    at += h.frameLength;
  }
  return sizes;
}

describe.skipIf(FFMPEG_MISSING)('transmux stage: MPEG audio', () => {
  it('packed MP3 → raw audio/mpeg; every append starts at its segment playlist time, discontinuity or not', async () => {
    const file = ffmpegWrite('stage-packed.mp3', [...lavfiInputs({ seconds: 2, video: false, audioRate: 44100 }), '-c:a', 'libmp3lame', '-write_xing', '0', '-id3v2_version', '0', '-f', 'mp3']);
    const mp3 = readBytes(file);
    const frames = ffprobePackets(file);
    const stage = createTransmuxStage({ load: () => transmux });
    const timeline = new TimelineMapper();
    const t = track('audio/mpeg', 'mp4a.40.34');
    expect(stage.outputType!(t, 'audio/mpeg; codecs="mp4a.40.34"')).toBe('audio/mpeg');
    const duration = (frames.length * 1152) / 44100;
    // Segment 0 at media time 10 s, segment 1 continuing it, segment 2 after a discontinuity restarting at 0 s.
    const pts = [900_000, 900_000 + Math.round(duration * 90_000), 0];
    const starts = [0, duration, 2 * duration];
    for (const [i, p] of pts.entries()) {
      const d = i === 2 ? 1 : 0;
      const out = await stage.process({ kind: 'media', data: concat(id3WithTimestamp(p), mp3), track: t, ref: ref(i, starts[i]!, starts[i]! + duration, d), mimeCodecs: 'audio/mpeg' }, context(timeline, d));
      expect(out.mimeCodecs).toBe('audio/mpeg');
      expect(frameSizes(out.data)).toEqual(frames.map((f) => f.size)); // the whole stream, frame for frame, no ID3, no fMP4
      expect(out.timestampOffset).toBeCloseTo(starts[i]!, 3);
    }
  });

  it('audio-only MP3 TS → raw audio/mpeg at the playlist start (first PTS 1.4 s mapped away)', async () => {
    const ts = readBytes(ffmpegWrite('stage-mp3-audio.ts', [...lavfiInputs({ seconds: 2, video: false, audioRate: 44100 }), '-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mpegts']));
    const stage = createTransmuxStage({ load: () => transmux, canPlay: chromium });
    const t = track('video/mp2t', 'mp4a.40.34');
    expect(stage.outputType!(t, 'video/mp2t')).toBe('audio/mpeg');
    const out = await stage.process({ kind: 'media', data: ts, track: t, ref: ref(0, 0, 2) }, context(new TimelineMapper()));
    expect(out.mimeCodecs).toBe('audio/mpeg');
    expect(frameSizes(out.data).length).toBeGreaterThan(70); // 2 s / 26.1 ms
    expect(out.timestampOffset).toBeCloseTo(0, 3);
  });

  it('H.264 + MP3 TS where MP3-in-MP4 is refused → the TS itself for the MP2T buffer, offset from its first PTS', async () => {
    const ts = readBytes(ffmpegWrite('stage-mp3-av.ts', [...lavfiInputs({ seconds: 2, audioRate: 44100 }), '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'baseline', '-level', '1.3', '-pix_fmt', 'yuv420p', '-c:a', 'libmp3lame', '-f', 'mpegts']));
    const t = track('video/mp2t', 'avc1.42c00d,mp4a.40.34');
    const native = createTransmuxStage({ load: () => transmux, canPlay: chromium });
    expect(native.outputType!(t, 'video/mp2t')).toBe('video/mp2t; codecs="avc1.42c00d,mp4a.6B"');
    const out = await native.process({ kind: 'media', data: ts, track: t, ref: ref(0, 5, 7) }, context(new TimelineMapper()));
    expect(out.data).toBe(ts);
    expect(out.mimeCodecs).toBe('video/mp2t; codecs="avc1.42c00d,mp4a.6B"');
    expect(out.timestampOffset).toBeGreaterThan(5 - 1.5); // ffmpeg's first PTS is ~1.4 s: 5 s playlist start - 1.4
    expect(out.timestampOffset).toBeLessThan(5 - 1.3);
    // Without the platform's answers (Node, simulator): fMP4 with the transmuxer's MP3 sample entry.
    const fmp4 = await createTransmuxStage({ load: () => transmux }).process({ kind: 'media', data: ts, track: t, ref: ref(0, 5, 7) }, context(new TimelineMapper()));
    expect(fmp4.mimeCodecs).toBe('video/mp4; codecs="avc1.42c00d,mp4a.6B"');
  });
});
