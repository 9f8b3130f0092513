/**
 * Packed audio (ID3 PRIV timestamp + raw ADTS/MP3/AC-3) and segment probing,
 * against ffmpeg-written elementary streams and ffprobe/mp4box oracles.
 */
import { describe, expect, it } from 'vitest';
import { MediaError } from '../../src/errors/media-error.js';
import { createPackedAudioTransmuxer, probeSegment } from '../../src/transmux/index.js';
import { id3WithTimestamp } from './support/id3-writer.js';
import { ffmpegDecodeErrors, ffmpegWrite, ffprobePackets, FFMPEG_MISSING, lavfiInputs, mp4boxParse, readBytes, writeMp4 } from './support/media-oracle.js';

const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

describe.skipIf(FFMPEG_MISSING)('packed audio', () => {
  it('ADTS with an ID3 PRIV timestamp of 10 s → fMP4 audio at 10 s, every frame, decodable', () => {
    const adts = ffmpegWrite('packed.aac', [...lavfiInputs({ seconds: 2, video: false }), '-c:a', 'aac', '-f', 'adts']);
    const segment = concat(id3WithTimestamp(900000), readBytes(adts));
    const r = createPackedAudioTransmuxer().push(segment);
    expect(r.init![0].mimeType).toBe('audio/mp4; codecs="mp4a.40.2"');
    expect(r.timing!.firstPts).toBeCloseTo(10, 4);
    expect(r.metadata).toHaveLength(1);
    expect(r.metadata[0].pts).toBeCloseTo(10, 6);
    const file = writeMp4('packed-aac.mp4', [r.init![0].data, r.media[0].data]);
    const parsed = mp4boxParse(readBytes(file));
    const probe = ffprobePackets(adts);
    expect(parsed.samples.get(2)!.length).toBe(probe.length);
    expect(parsed.samples.get(2)!.map((s) => s.size)).toEqual(probe.map((p) => p.size - 7));
    expect(parsed.samples.get(2)![0].dts).toBe(480000); // 10 s at 48 kHz
    expect(ffmpegDecodeErrors(file)).toBe('');
  });

  it('MP3 segments continue gaplessly from one to the next; timestamps past 2^33 unwrap', () => {
    const mp3 = readBytes(ffmpegWrite('packed.mp3', [...lavfiInputs({ seconds: 2, video: false, audioRate: 44100 }), '-c:a', 'libmp3lame', '-write_xing', '0', '-id3v2_version', '0', '-f', 'mp3']));
    const t = createPackedAudioTransmuxer();
    const start = 2 ** 33 - 90000; // 1 s before the wrap
    const r1 = t.push(concat(id3WithTimestamp(start), mp3));
    expect(r1.init![0].tracks[0]).toMatchObject({ codecs: 'mp4a.6B', sampleRate: 44100 });
    const end1 = r1.timing!.lastEnd;
    // The second segment's timestamp has wrapped: 1 s + the first segment's duration after the wrap.
    const secondPts = Math.round((end1 - 2 ** 33 / 90000) * 90000);
    const r2 = t.push(concat(id3WithTimestamp(secondPts), mp3));
    expect(r2.init).toBeUndefined();
    expect(r2.timing!.firstDts).toBeCloseTo(end1, 9);
  });
});

describe.skipIf(FFMPEG_MISSING)('probeSegment', () => {
  it('TS: container and the codecs of the transmuxed tracks', () => {
    const ts = readBytes(ffmpegWrite('probe.ts', [...lavfiInputs({ seconds: 1 }), '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-c:a', 'aac', '-f', 'mpegts']));
    const p = probeSegment(ts);
    expect(p.container).toBe('mp2t');
    expect(p.codecs).toEqual([expect.stringMatching(/^avc1\.4d/), 'mp4a.40.2']);
  });

  it('fMP4 init segments written by ffmpeg: avc1, hvc1, mp4a, opus, ac-3 from stsd, matching mp4box', () => {
    const cases: Array<[string, string[]]> = [
      ['avc-aac.mp4', ['-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'aac']],
      ['hevc-opus.mp4', ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-c:a', 'libopus']],
      ['avc-ac3.mp4', ['-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'ac3', '-movflags', '+delay_moov']],
    ];
    for (const [name, codec] of cases) {
      const file = ffmpegWrite(name, [...lavfiInputs({ seconds: 1 }), ...codec, '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4']);
      const bytes = readBytes(file);
      const p = probeSegment(bytes);
      expect(p.container).toBe('fmp4');
      const oracle = mp4boxParse(bytes).tracks.map((t) => t.codec.replace(/^mp4a\.40\.0?/, 'mp4a.40.').replace('Opus', 'opus'));
      expect(p.codecs.map((c) => c.toLowerCase())).toEqual(oracle.map((c) => c.toLowerCase()));
      expect(p.tracks.map((t) => t.type)).toEqual(['video', 'audio']);
    }
  });

  it('packed audio: ADTS and MP3 behind an ID3 tag', () => {
    const adts = readBytes(ffmpegWrite('probe.aac', [...lavfiInputs({ seconds: 1, video: false }), '-c:a', 'aac', '-f', 'adts']));
    expect(probeSegment(concat(id3WithTimestamp(0), adts))).toMatchObject({ container: 'aac', codecs: ['mp4a.40.2'] });
    const mp3 = readBytes(ffmpegWrite('probe.mp3', [...lavfiInputs({ seconds: 1, video: false }), '-c:a', 'libmp3lame', '-write_xing', '0', '-f', 'mp3']));
    expect(probeSegment(mp3)).toMatchObject({ container: 'mp3', codecs: ['mp4a.6B'] });
  });
});

describe('probeSegment without ffmpeg', () => {
  it('unknown bytes → MediaError MEDIA_UNSUPPORTED with container "unknown"', () => {
    let error: unknown;
    try {
      probeSegment(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe('MEDIA_UNSUPPORTED');
    expect((error as MediaError).details.container).toBe('unknown');
  });
  it('WebM and WebVTT by signature', () => {
    expect(probeSegment(Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0])).container).toBe('webm');
    expect(probeSegment(new TextEncoder().encode('WEBVTT\n\n')).container).toBe('webvtt');
  });
});
