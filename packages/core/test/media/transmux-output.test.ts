/**
 * Which output an MPEG-audio track gets, against the answers of Debian's
 * headless Chromium 156 (probed with `MediaSource.isTypeSupported` and a real
 * `addSourceBuffer`, see transmux-output.ts), and the container HLS assumes
 * for MP3 variants before their media playlist is loaded.
 */
import { describe, expect, it } from 'vitest';
import { assumedMimeType } from '../../src/hls/container-guess.js';
import type { Track } from '../../src/manifest/model.js';
import { isMpegAudioCodec } from '../../src/manifest/mpeg-audio-codec.js';
import { fmp4Codecs, nativeMp2tType, transmuxOutputKind } from '../../src/media/stages/transmux-output.js';
import { codecsParameter } from '../../src/player/codec-discovery.js';

/** Types that Chromium build really creates a SourceBuffer for (a subset of what it claims). */
const CHROMIUM = new Set(['audio/mpeg', 'video/mp2t; codecs="avc1.4d401e,mp4a.6B"', 'video/mp2t; codecs="avc1.4d401e,mp4a.69"', 'video/mp4; codecs="avc1.4d401e"']);
const chromium = (type: string): boolean => CHROMIUM.has(type);
/** Firefox-like: MP3 in MP4, no MP2T. */
const mp3InMp4 = (type: string): boolean => type.startsWith('video/mp4') || type.startsWith('audio/mp4') || type === 'audio/mpeg';

const track = (mimeType: string, codecs: string): Track => ({ id: 't', type: 'video', mimeType, codecs, bandwidth: 1, baseUrls: [], contentProtection: [] }) as unknown as Track;

describe('transmuxOutputKind', () => {
  it('packed MP3 and audio-only MP3 TS → raw audio/mpeg frames, whatever the platform', () => {
    expect(transmuxOutputKind(track('audio/mpeg', 'mp4a.40.34'), chromium)).toBe('raw-mpeg-audio');
    expect(transmuxOutputKind(track('audio/mpeg', ''))).toBe('raw-mpeg-audio');
    expect(transmuxOutputKind(track('video/mp2t', 'mp4a.40.34'), mp3InMp4)).toBe('raw-mpeg-audio');
  });

  it('H.264 + MP3 in TS → native MP2T where MP3-in-MP4 is refused, fMP4 where it plays or nothing is known', () => {
    expect(transmuxOutputKind(track('video/mp2t', 'avc1.4d401e,mp4a.40.34'), chromium)).toBe('native-mp2t');
    expect(transmuxOutputKind(track('video/mp2t', 'avc1.4d401e,mp4a.40.34'), mp3InMp4)).toBe('fmp4');
    expect(transmuxOutputKind(track('video/mp2t', 'avc1.4d401e,mp4a.40.34'))).toBe('fmp4');
    // Neither works: fMP4, and the track is refused by the platform check of its sink type.
    expect(transmuxOutputKind(track('video/mp2t', 'avc1.4d401e,mp4a.40.34'), () => false)).toBe('fmp4');
  });

  it('other codecs stay on fMP4 (AAC in TS, packed AAC)', () => {
    expect(transmuxOutputKind(track('video/mp2t', 'avc1.4d401e,mp4a.40.2'), chromium)).toBe('fmp4');
    expect(transmuxOutputKind(track('audio/aac', 'mp4a.40.2'), chromium)).toBe('fmp4');
    expect(transmuxOutputKind(track('video/mp2t', ''), chromium)).toBe('fmp4'); // codecs unknown: discovery fills them first
  });

  it('spells MPEG audio as the object types the buffers take', () => {
    expect(nativeMp2tType(track('video/mp2t', 'avc1.4d401e, mp4a.40.34'))).toBe('video/mp2t; codecs="avc1.4d401e,mp4a.6B"');
    expect(nativeMp2tType(track('video/mp2t', 'avc1.4d401e,mp4a.69'))).toBe('video/mp2t; codecs="avc1.4d401e,mp4a.69"');
    expect(fmp4Codecs(track('video/mp2t', 'avc1.4d401e,mp3'))).toBe('avc1.4d401e,mp4a.6B');
  });
});

describe('MPEG audio codec names', () => {
  it('knows the HLS / RFC 6381 spellings and nothing else', () => {
    for (const c of ['mp4a.40.34', 'mp4a.40.33', 'mp4a.40.32', 'mp4a.6B', 'mp4a.6b', 'mp4a.69', 'mp3', ' mp3 ']) expect(isMpegAudioCodec(c), c).toBe(true);
    for (const c of ['mp4a.40.2', 'mp4a.40.5', 'mp4a.40.3', 'mp4a.40.340', 'ac-3', 'mp3x', '']) expect(isMpegAudioCodec(c), c).toBe(false);
  });
});

describe('assumedMimeType (HLS, before the media playlist)', () => {
  it('MP3 variants: packed audio when audio-only, MPEG-TS with video; the rest fMP4', () => {
    expect(assumedMimeType('audio', 'mp4a.40.34')).toBe('audio/mpeg');
    expect(assumedMimeType('video', 'mp4a.40.34')).toBe('audio/mpeg');
    expect(assumedMimeType('video', 'avc1.4d401e,mp4a.40.34')).toBe('video/mp2t');
    expect(assumedMimeType('video', 'avc1.4d401e,mp4a.40.2')).toBe('video/mp4');
    expect(assumedMimeType('audio', 'mp4a.40.2')).toBe('audio/mp4');
    expect(assumedMimeType('video', '')).toBe('video/mp4');
    expect(assumedMimeType('text', 'mp3')).toBe('text/vtt');
  });
});

describe('codecsParameter', () => {
  it('reads codecs=, and the one codec a bare audio/mpeg implies', () => {
    expect(codecsParameter('video/mp4; codecs="avc1.4d401e,mp4a.40.2"')).toBe('avc1.4d401e,mp4a.40.2');
    expect(codecsParameter('audio/mpeg')).toBe('mp3');
    expect(codecsParameter('video/mp2t')).toBeNull();
    expect(codecsParameter(undefined)).toBeNull();
  });
});
