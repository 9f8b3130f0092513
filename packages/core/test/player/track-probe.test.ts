import { describe, expect, it } from 'vitest';
import { probeTracks, probeTracksWithCapabilities, type DecodingConfiguration, type MediaTypeProbe } from '../../src/player/track-probe.js';
import type { Track } from '../../src/manifest/model.js';

function track(id: string, type: Track['type'], mimeType: string, codecs: string, extra: Partial<Track> = {}): Track {
  return { id, type, mimeType, codecs, bandwidth: 1_000_000, roles: [], baseUrls: [], contentProtection: [], segmentIndex: null, indexSource: { kind: 'inline' }, essentialProperties: [], supplementalProperties: [], ...extra };
}

/** A platform like Chromium without HEVC: these exact strings are supported. */
const SUPPORTED = new Set(['video/mp4; codecs="avc1.64001f"', 'audio/mp4; codecs="mp4a.40.2"', 'video/webm; codecs="vp9"', 'audio/webm; codecs="opus"', 'video/mp4', 'audio/mp4', 'video/webm']);
const chromium: MediaTypeProbe = { isTypeSupported: (t) => SUPPORTED.has(t) };

describe('probeTracks', () => {
  const tracks = [
    track('avc', 'video', 'video/mp4', 'avc1.64001f'),
    track('hevc', 'video', 'video/mp4', 'hvc1.1.6.L93.B0'),
    track('nocodec-mp4', 'audio', 'audio/mp4', ''),
    track('nocodec-weird', 'video', 'video/x-unknown', ''),
    track('nothing', 'video', '', ''),
    track('vp9', 'video', 'video/webm', 'vp9'),
    track('vtt', 'text', 'text/vtt', ''),
    track('ttml', 'text', 'application/ttml+xml', ''),
    track('stpp', 'text', 'application/mp4', 'stpp.ttml.im1t'),
    track('tx3g', 'text', 'application/mp4', 'tx3g'),
    track('thumbs', 'image', 'image/jpeg', ''),
  ];

  it('keeps what the platform and the text pipeline take, and says why each other track was dropped', () => {
    const { playable, dropped } = probeTracks(tracks, chromium);
    expect(playable.map((t) => t.id)).toEqual(['avc', 'nocodec-mp4', 'vp9', 'vtt', 'ttml', 'stpp', 'thumbs']);
    expect(dropped.map((d) => [d.track.id, d.reason, d.contentType])).toEqual([
      ['hevc', 'UNSUPPORTED_CODEC', 'video/mp4; codecs="hvc1.1.6.L93.B0"'],
      ['nocodec-weird', 'UNSUPPORTED_CONTAINER', 'video/x-unknown'],
      ['nothing', 'MISSING_CODECS', ''],
      ['tx3g', 'UNSUPPORTED_TEXT_FORMAT', 'application/mp4'],
    ]);
    expect(dropped[0]!.message).toMatch(/track hevc: .*hvc1.*not supported/);
  });

  it('asks about the type the media will be appended as (e.g. TS transmuxed to fMP4)', () => {
    const ts = track('ts', 'video', 'video/mp2t', 'avc1.64001f');
    expect(probeTracks([ts], chromium).dropped[0]!.reason).toBe('UNSUPPORTED_CODEC');
    const transmuxed = probeTracks([ts], chromium, { contentTypeOf: (t) => `video/mp4; codecs="${t.codecs}"` });
    expect(transmuxed.playable.map((t) => t.id)).toEqual(['ts']);
  });
});

describe('probeTracksWithCapabilities', () => {
  it('drops a supported codec at a configuration MediaCapabilities refuses, one query per configuration; errors keep the track', async () => {
    const asked: DecodingConfiguration[] = [];
    const probe: MediaTypeProbe = {
      ...chromium,
      decodingInfo: async (c) => {
        asked.push(c);
        if (c.video && c.video.height > 2160) throw new TypeError('bad configuration');
        return { supported: !(c.video && c.video.height > 1080) };
      },
    };
    const tracks = [
      track('720', 'video', 'video/mp4', 'avc1.64001f', { width: 1280, height: 720, frameRate: 25 }),
      track('720b', 'video', 'video/mp4', 'avc1.64001f', { width: 1280, height: 720, frameRate: 25 }),
      track('2160', 'video', 'video/mp4', 'avc1.64001f', { width: 3840, height: 2160, frameRate: 25 }),
      track('4320', 'video', 'video/mp4', 'avc1.64001f', { width: 7680, height: 4320, frameRate: 25 }),
      track('hevc', 'video', 'video/mp4', 'hvc1.1.6.L93.B0'),
      track('aac', 'audio', 'audio/mp4', 'mp4a.40.2', { channels: 2, sampleRate: 48000, bandwidth: 128_000 }),
    ];
    const { playable, dropped } = await probeTracksWithCapabilities(tracks, probe);
    expect(playable.map((t) => t.id)).toEqual(['720', '720b', '4320', 'aac']);
    expect(dropped.map((d) => [d.track.id, d.reason])).toEqual([
      ['hevc', 'UNSUPPORTED_CODEC'],
      ['2160', 'UNSUPPORTED_CONFIGURATION'],
    ]);
    expect(dropped[1]!.message).toMatch(/3840x2160@25 fps/);
    expect(asked).toHaveLength(4); // 720 asked once for two tracks; hevc never reached MediaCapabilities
    expect(asked.find((c) => c.audio)!.audio).toEqual({ contentType: 'audio/mp4; codecs="mp4a.40.2"', bitrate: 128_000, channels: '2', samplerate: 48000 });
  });

  it('without decodingInfo it is probeTracks', async () => {
    const tracks = [track('avc', 'video', 'video/mp4', 'avc1.64001f'), track('hevc', 'video', 'video/mp4', 'hvc1.1.6.L93.B0')];
    expect(await probeTracksWithCapabilities(tracks, chromium)).toEqual(probeTracks(tracks, chromium));
  });
});
