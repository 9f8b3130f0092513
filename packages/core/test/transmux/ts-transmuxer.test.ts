/**
 * The transmuxer against independent oracles: ffmpeg writes the TS, ffprobe
 * lists its packets, mp4box parses our fMP4, and ffmpeg decodes both — the
 * decoded frames must hash the same, sample for sample.
 */
import { describe, expect, it } from 'vitest';
import { createTsTransmuxer, MPEG_TS_WRAP, type TransmuxResult } from '../../src/transmux/index.js';
import {
  decodedFrameHashes,
  ffmpegDecodeErrors,
  ffmpegWrite,
  ffprobePackets,
  FFMPEG_MISSING,
  lavfiInputs,
  mp4boxParse,
  readBytes,
  writeMp4,
  type ProbePacket,
} from './support/media-oracle.js';

const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-g', '30', '-pix_fmt', 'yuv420p'];
const AAC = ['-c:a', 'aac', '-b:a', '96k'];

function fileOf(r: TransmuxResult): Uint8Array[] {
  return [...(r.init ?? []).map((i) => i.data), ...r.media.map((m) => m.data)];
}

/** Every ffprobe packet of `type` must be an mp4 sample with the same DTS/PTS (up to one 2^33 shift) and key flag. */
function expectSamplesMatch(ours: ReturnType<typeof mp4boxParse>, trackId: number, probe: ProbePacket[], type: 'video' | 'audio') {
  const samples = ours.samples.get(trackId)!;
  const packets = probe.filter((p) => p.type === type);
  expect(samples.length).toBe(packets.length);
  const scale = samples[0].timescale;
  const shift = Math.round((samples[0].dts * 90000) / scale - packets[0].dts);
  expect([0, MPEG_TS_WRAP]).toContain(shift);
  for (let i = 0; i < packets.length; i++) {
    const p = packets[i];
    const s = samples[i];
    // Audio timescale is the sample rate: allow the 90 kHz → sample-rate rounding (< 1 tick of 90 kHz = 2 ticks at 48 kHz... 1 sample).
    const tol = type === 'audio' ? 90000 / scale + 1e-6 : 0;
    expect(Math.abs((s.dts * 90000) / scale - shift - p.dts)).toBeLessThanOrEqual(tol);
    expect(Math.abs((s.cts * 90000) / scale - shift - p.pts)).toBeLessThanOrEqual(tol);
    expect(s.key).toBe(type === 'audio' ? true : p.key);
  }
  // Durations are DTS deltas, so the timeline has no gaps or overlaps inside a segment.
  for (let i = 0; i + 1 < samples.length; i++) expect(samples[i].dts + samples[i].duration).toBe(samples[i + 1].dts);
}

describe.skipIf(FFMPEG_MISSING)('TS → fMP4 transmuxer (ffmpeg/ffprobe/mp4box oracle)', () => {
  it('H.264 with B-frames + AAC, default mpegts start (1.4 s): samples, timestamps, codecs and decoded frames match', () => {
    const ts = ffmpegWrite('bframes.ts', [...lavfiInputs({ seconds: 4 }), ...H264, ...AAC, '-f', 'mpegts']);
    const r = createTsTransmuxer({ mode: 'muxed' }).push(readBytes(ts));
    expect(r.warnings).toEqual([]);
    expect(r.init).toHaveLength(1);
    const reference = mp4boxParse(readBytes(ffmpegWrite('bframes-ref.mp4', ['-i', ts, '-c', 'copy', '-f', 'mp4'])));
    expect(r.init![0].tracks.map((t) => t.codecs)).toEqual(reference.tracks.map((t) => t.codec));
    expect(r.init![0].mimeType).toBe(`video/mp4; codecs="${r.init![0].tracks[0].codecs},mp4a.40.2"`);
    const mp4 = writeMp4('bframes.mp4', fileOf(r));
    const parsed = mp4boxParse(readBytes(mp4));
    expect(parsed.tracks.map((t) => [t.codec, t.width ?? t.channels])).toEqual([
      [r.init![0].tracks[0].codecs, 320],
      ['mp4a.40.2', 1],
    ]);
    const probe = ffprobePackets(ts);
    expectSamplesMatch(parsed, 1, probe, 'video');
    expectSamplesMatch(parsed, 2, probe, 'audio');
    // B-frames really are there: some samples have a composition offset.
    expect(parsed.samples.get(1)!.some((s) => s.cts !== s.dts)).toBe(true);
    // ADTS headers (7 bytes, no CRC) are stripped; the raw AAC frame is kept byte for byte.
    const audioSizes = probe.filter((p) => p.type === 'audio').map((p) => p.size - 7);
    expect(parsed.samples.get(2)!.map((s) => s.size)).toEqual(audioSizes);
    const firstVideo = probe.find((p) => p.type === 'video')!;
    expect(r.timing!.firstDts).toBeCloseTo(Math.min(firstVideo.dts, probe.find((p) => p.type === 'audio')!.dts) / 90000, 6);
    expect(r.timing!.firstPts).toBeGreaterThan(1.39);
    expect(ffmpegDecodeErrors(mp4)).toBe('');
    expect(decodedFrameHashes(mp4, 'v')).toEqual(decodedFrameHashes(ts, 'v'));
    expect(decodedFrameHashes(mp4, 'a')).toEqual(decodedFrameHashes(ts, 'a'));
  });

  it('PTS starting at 10 s (-output_ts_offset 10): tfdt carries the source time', () => {
    const ts = ffmpegWrite('offset10.ts', [...lavfiInputs({ seconds: 2 }), ...H264, ...AAC, '-output_ts_offset', '10', '-f', 'mpegts']);
    const r = createTsTransmuxer().push(readBytes(ts));
    expect(r.timing!.firstPts).toBeGreaterThanOrEqual(10);
    expect(r.timing!.firstPts).toBeLessThan(11.5);
    const parsed = mp4boxParse(readBytes(writeMp4('offset10.mp4', fileOf(r))));
    expectSamplesMatch(parsed, 1, ffprobePackets(ts), 'video');
  });

  it('a stream crossing 2^33 (-output_ts_offset 95440) is unwrapped: decode times keep increasing past 2^33 ticks', () => {
    const ts = ffmpegWrite('wrap.ts', [...lavfiInputs({ seconds: 8 }), ...H264, ...AAC, '-output_ts_offset', '95440', '-f', 'mpegts']);
    const r = createTsTransmuxer().push(readBytes(ts));
    const parsed = mp4boxParse(readBytes(writeMp4('wrap.mp4', fileOf(r))));
    const video = parsed.samples.get(1)!;
    expect(video[0].dts).toBeLessThan(MPEG_TS_WRAP);
    expect(video[video.length - 1].dts).toBeGreaterThan(MPEG_TS_WRAP);
    const probe = ffprobePackets(ts);
    expectSamplesMatch(parsed, 1, probe, 'video');
    expectSamplesMatch(parsed, 2, probe, 'audio');
    expect(r.timing!.lastEnd - r.timing!.firstDts).toBeGreaterThan(7.9);
    expect(r.timing!.lastEnd - r.timing!.firstDts).toBeLessThan(8.2);
  });

  it('audio-only AAC TS, and MP3 in TS (mp4a.6B)', () => {
    const aac = ffmpegWrite('audio-only.ts', [...lavfiInputs({ seconds: 3, video: false }), ...AAC, '-f', 'mpegts']);
    const ra = createTsTransmuxer().push(readBytes(aac));
    expect(ra.init![0].mimeType).toBe('audio/mp4; codecs="mp4a.40.2"');
    const pa = mp4boxParse(readBytes(writeMp4('audio-only.mp4', fileOf(ra))));
    expectSamplesMatch(pa, 2, ffprobePackets(aac), 'audio');

    const mp3 = ffmpegWrite('mp3.ts', [...lavfiInputs({ seconds: 3, audioRate: 44100 }), ...H264, '-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mpegts']);
    const rm = createTsTransmuxer().push(readBytes(mp3));
    expect(rm.init![0].tracks.map((t) => t.codecs)).toEqual([expect.stringMatching(/^avc1\./), 'mp4a.6B']);
    const file = writeMp4('mp3.mp4', fileOf(rm));
    const pm = mp4boxParse(readBytes(file));
    const probe = ffprobePackets(mp3);
    expectSamplesMatch(pm, 2, probe, 'audio');
    expect(pm.samples.get(2)!.map((s) => s.size)).toEqual(probe.filter((p) => p.type === 'audio').map((p) => p.size));
    expect(ffmpegDecodeErrors(file)).toBe('');
    expect(decodedFrameHashes(file, 'a')).toEqual(decodedFrameHashes(mp3, 'a'));
  });

  it('MP3 with rawMpegAudio in split mode: an audio/mpeg buffer of the raw frames, decoding like the TS audio', () => {
    const mp3 = ffmpegWrite('mp3-raw.ts', [...lavfiInputs({ seconds: 2, audioRate: 44100 }), ...H264, '-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mpegts']);
    const r = createTsTransmuxer({ mode: 'split', rawMpegAudio: true }).push(readBytes(mp3));
    const audioInit = r.init!.find((i) => i.type === 'audio')!;
    expect(audioInit.mimeType).toBe('audio/mpeg');
    expect(audioInit.data.length).toBe(0);
    expect(r.init!.find((i) => i.type === 'video')!.mimeType).toMatch(/^video\/mp4; codecs="avc1\./);
    const audio = r.media.find((m) => m.type === 'audio')!.data;
    const probe = ffprobePackets(mp3).filter((p) => p.type === 'audio');
    expect(audio.length).toBe(probe.reduce((n, p) => n + p.size, 0));
    const file = writeMp4('mp3-raw.mp3', [audio]);
    expect(ffmpegDecodeErrors(file)).toBe('');
    expect(decodedFrameHashes(file, 'a')).toEqual(decodedFrameHashes(mp3, 'a'));
  });

  it('large keyframes (lossless 1280x720, hundreds of TS packets per PES) decode to the same pictures', () => {
    const ts = ffmpegWrite('large.ts', [...lavfiInputs({ seconds: 1, size: '1280x720', audio: false }), '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-g', '10', '-f', 'mpegts']);
    const r = createTsTransmuxer().push(readBytes(ts));
    const file = writeMp4('large.mp4', fileOf(r));
    const parsed = mp4boxParse(readBytes(file));
    const probe = ffprobePackets(ts);
    // > 50 kB: a keyframe PES spread over > 270 TS packets.
    expect(Math.max(...probe.map((p) => p.size))).toBeGreaterThan(50_000);
    expectSamplesMatch(parsed, 1, probe, 'video');
    expect(decodedFrameHashes(file, 'v')).toEqual(decodedFrameHashes(ts, 'v'));
  });

  it('HEVC + AC-3 in TS: hvc1 codec string from the SPS, ac-3 sample entry; ffmpeg decodes both to the same frames', () => {
    const ts = ffmpegWrite('hevc.ts', [...lavfiInputs({ seconds: 2 }), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error:bframes=2', '-c:a', 'ac3', '-f', 'mpegts']);
    const r = createTsTransmuxer().push(readBytes(ts));
    // The codec string oracle: mp4box reading the hvcC ffmpeg itself writes for the same stream.
    const reference = mp4boxParse(readBytes(ffmpegWrite('hevc-ref.mp4', ['-i', ts, '-c', 'copy', '-tag:v', 'hvc1', '-f', 'mp4'])));
    expect(r.init![0].tracks.map((t) => t.codecs)).toEqual([reference.tracks[0].codec, 'ac-3']);
    const file = writeMp4('hevc.mp4', fileOf(r));
    const parsed = mp4boxParse(readBytes(file));
    const probe = ffprobePackets(ts);
    expectSamplesMatch(parsed, 1, probe, 'video');
    expectSamplesMatch(parsed, 2, probe, 'audio');
    expect(ffmpegDecodeErrors(file)).toBe('');
    expect(decodedFrameHashes(file, 'v')).toEqual(decodedFrameHashes(ts, 'v'));
    expect(decodedFrameHashes(file, 'a')).toEqual(decodedFrameHashes(ts, 'a'));
  });
});
