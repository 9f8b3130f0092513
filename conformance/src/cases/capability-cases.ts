/**
 * Device-capability cases (like YouTube's js_mse_eme): MSE API behaviour,
 * codec probes (isTypeSupported and MediaCapabilities), EME probes per key
 * system, requestVideoFrameCallback. Each table row is one case; add a row to
 * cover one more codec or key system.
 */
import type { ConformanceCase } from '../model/case.js';
import { expand, type CaseTemplate } from '../model/generate.js';

interface MseRow {
  probe: string;
  title: string;
  requirement: 'required' | 'optional';
}

/** MSE behaviours every target must have (ours appends, removes, aborts, changes type…); MMS is optional (iOS/Safari 17+). */
const MSE_ROWS: MseRow[] = [
  { probe: 'mse-present', title: 'MediaSource is available and opens on a video element', requirement: 'required' },
  { probe: 'mse-append', title: 'appendBuffer(init + media) buffers the segment’s time range', requirement: 'required' },
  { probe: 'mse-remove', title: 'remove() drops the removed range from buffered', requirement: 'required' },
  { probe: 'mse-abort', title: 'abort() during an append resets the parser and a new init appends', requirement: 'required' },
  { probe: 'mse-quota', title: 'appending past the quota throws QuotaExceededError (not a crash) and remove() recovers', requirement: 'required' },
  { probe: 'mse-change-type', title: 'SourceBuffer.changeType() accepts a new codec string', requirement: 'optional' },
  { probe: 'mse-timestamp-offset', title: 'timestampOffset shifts the appended range', requirement: 'required' },
  { probe: 'mse-sequence-mode', title: 'mode = "sequence" places segments back to back', requirement: 'required' },
  { probe: 'mse-duration', title: 'setting MediaSource.duration is reflected by the element', requirement: 'required' },
  { probe: 'mse-end-of-stream', title: 'endOfStream() moves readyState to "ended"', requirement: 'required' },
  { probe: 'mse-rejects-bogus-type', title: 'isTypeSupported() rejects an invented codec string', requirement: 'required' },
  { probe: 'mse-managed-media-source', title: 'ManagedMediaSource is present (Safari 17+ / iOS power-efficient MSE)', requirement: 'optional' },
  { probe: 'mse-in-worker', title: 'MediaSource can be used in a dedicated worker (canConstructInDedicatedWorker)', requirement: 'optional' },
  { probe: 'video-playback-quality', title: 'getVideoPlaybackQuality() reports frame counts', requirement: 'required' },
];

const mseTemplate: CaseTemplate<MseRow> = {
  id: 'mse',
  build: (r) => ({ rowId: r.probe.replace(/^mse-/, ''), category: 'mse', kind: 'capability', title: r.title, probe: { probe: r.probe, args: {}, requirement: r.requirement }, budgetMs: 5_000 }),
};

interface CodecRow {
  id: string;
  name: string;
  /** MIME type with codecs parameter. */
  mime: string;
  /** Video or audio configuration for MediaCapabilities. */
  media: 'video' | 'audio';
  /** HDR transfer function when the row is an HDR probe. */
  transfer?: 'pq' | 'hlg';
  /** Our fixtures are H.264 + AAC: those must be there; the rest is capability. */
  required?: boolean;
}

const CODEC_ROWS: CodecRow[] = [
  { id: 'h264-baseline-3.0', name: 'H.264 Constrained Baseline 3.0', mime: 'video/mp4; codecs="avc1.42E01E"', media: 'video', required: true },
  { id: 'h264-main-3.1', name: 'H.264 Main 3.1', mime: 'video/mp4; codecs="avc1.4D401F"', media: 'video', required: true },
  { id: 'h264-high-4.0', name: 'H.264 High 4.0', mime: 'video/mp4; codecs="avc1.640028"', media: 'video', required: true },
  { id: 'h264-high-5.1', name: 'H.264 High 5.1 (4K)', mime: 'video/mp4; codecs="avc1.640033"', media: 'video' },
  { id: 'hevc-main', name: 'HEVC Main (hvc1)', mime: 'video/mp4; codecs="hvc1.1.6.L93.B0"', media: 'video' },
  { id: 'hevc-main-hev1', name: 'HEVC Main (hev1)', mime: 'video/mp4; codecs="hev1.1.6.L93.B0"', media: 'video' },
  { id: 'hevc-main10', name: 'HEVC Main 10', mime: 'video/mp4; codecs="hvc1.2.4.L120.B0"', media: 'video' },
  { id: 'vp9-p0-mp4', name: 'VP9 profile 0 in MP4', mime: 'video/mp4; codecs="vp09.00.10.08"', media: 'video' },
  { id: 'vp9-p0-webm', name: 'VP9 profile 0 in WebM', mime: 'video/webm; codecs="vp09.00.10.08"', media: 'video' },
  { id: 'vp9-p2-10bit', name: 'VP9 profile 2 10-bit', mime: 'video/mp4; codecs="vp09.02.10.10"', media: 'video' },
  { id: 'av1-main-8bit', name: 'AV1 Main 8-bit', mime: 'video/mp4; codecs="av01.0.05M.08"', media: 'video' },
  { id: 'av1-main-10bit', name: 'AV1 Main 10-bit', mime: 'video/mp4; codecs="av01.0.08M.10"', media: 'video' },
  { id: 'hdr10-hevc', name: 'HDR10 (HEVC Main 10, PQ)', mime: 'video/mp4; codecs="hvc1.2.4.L120.B0"', media: 'video', transfer: 'pq' },
  { id: 'hdr-vp9-pq', name: 'HDR VP9 profile 2 (PQ)', mime: 'video/mp4; codecs="vp09.02.10.10.01.09.16.09.01"', media: 'video', transfer: 'pq' },
  { id: 'hlg-hevc', name: 'HLG (HEVC Main 10)', mime: 'video/mp4; codecs="hvc1.2.4.L120.B0"', media: 'video', transfer: 'hlg' },
  { id: 'dolby-vision-p5', name: 'Dolby Vision profile 5', mime: 'video/mp4; codecs="dvh1.05.06"', media: 'video', transfer: 'pq' },
  { id: 'aac-lc', name: 'AAC-LC', mime: 'audio/mp4; codecs="mp4a.40.2"', media: 'audio', required: true },
  { id: 'he-aac', name: 'HE-AAC v1', mime: 'audio/mp4; codecs="mp4a.40.5"', media: 'audio' },
  { id: 'he-aac-v2', name: 'HE-AAC v2', mime: 'audio/mp4; codecs="mp4a.40.29"', media: 'audio' },
  { id: 'opus-mp4', name: 'Opus in MP4', mime: 'audio/mp4; codecs="opus"', media: 'audio' },
  { id: 'opus-webm', name: 'Opus in WebM', mime: 'audio/webm; codecs="opus"', media: 'audio' },
  { id: 'ac-3', name: 'AC-3 (Dolby Digital)', mime: 'audio/mp4; codecs="ac-3"', media: 'audio' },
  { id: 'e-ac-3', name: 'E-AC-3 (Dolby Digital Plus)', mime: 'audio/mp4; codecs="ec-3"', media: 'audio' },
  { id: 'flac-mp4', name: 'FLAC in MP4', mime: 'audio/mp4; codecs="flac"', media: 'audio' },
  { id: 'mp3-mp4', name: 'MP3 in MP4', mime: 'audio/mp4; codecs="mp4a.69"', media: 'audio' },
];

const isTypeSupportedTemplate: CaseTemplate<CodecRow> = {
  id: 'codec-mse',
  build: (r) => ({
    rowId: r.id, category: 'codec', kind: 'capability', title: `MediaSource.isTypeSupported: ${r.name}`,
    probe: { probe: 'codec-is-type-supported', args: { mime: r.mime }, requirement: r.required ? 'required' : 'optional' }, budgetMs: 2_000,
  }),
};

const mediaCapabilitiesTemplate: CaseTemplate<CodecRow> = {
  id: 'codec-mc',
  build: (r) => ({
    rowId: r.id, category: 'codec', kind: 'capability', title: `MediaCapabilities.decodingInfo (media-source): ${r.name}`,
    probe: { probe: 'codec-media-capabilities', args: { mime: r.mime, media: r.media, ...(r.transfer ? { transfer: r.transfer } : {}) }, requirement: r.required ? 'required' : 'optional' }, budgetMs: 3_000,
  }),
  };

interface EmeRow {
  id: string;
  keySystem: string;
  title: string;
  probe: 'eme-access' | 'eme-robustness' | 'eme-persistent' | 'eme-scheme' | 'eme-clearkey-license';
  args?: Record<string, string>;
  required?: boolean;
}

const KEY_SYSTEMS = [
  { id: 'clearkey', ks: 'org.w3.clearkey' },
  { id: 'widevine', ks: 'com.widevine.alpha' },
  { id: 'playready', ks: 'com.microsoft.playready' },
  { id: 'playready-rec', ks: 'com.microsoft.playready.recommendation' },
  { id: 'fairplay', ks: 'com.apple.fps' },
];

const EME_ROWS: EmeRow[] = [
  ...KEY_SYSTEMS.flatMap(({ id, ks }): EmeRow[] => [
    { id: `${id}-access`, keySystem: ks, title: `${ks}: requestMediaKeySystemAccess + createMediaKeys`, probe: 'eme-access', required: id === 'clearkey' },
    { id: `${id}-persistent`, keySystem: ks, title: `${ks}: persistent-license sessions`, probe: 'eme-persistent' },
    { id: `${id}-cenc`, keySystem: ks, title: `${ks}: encryption scheme cenc`, probe: 'eme-scheme', args: { scheme: 'cenc' } },
    { id: `${id}-cbcs`, keySystem: ks, title: `${ks}: encryption scheme cbcs`, probe: 'eme-scheme', args: { scheme: 'cbcs' } },
  ]),
  ...['SW_SECURE_CRYPTO', 'SW_SECURE_DECODE', 'HW_SECURE_CRYPTO', 'HW_SECURE_DECODE', 'HW_SECURE_ALL'].map((level): EmeRow => ({
    id: `widevine-${level.toLowerCase().replace(/_/g, '-')}`, keySystem: 'com.widevine.alpha', title: `com.widevine.alpha robustness ${level}`, probe: 'eme-robustness', args: { robustness: level },
  })),
  ...['150', '2000', '3000'].map((level): EmeRow => ({
    id: `playready-sl${level}`, keySystem: 'com.microsoft.playready.recommendation', title: `PlayReady SL${level}`, probe: 'eme-robustness', args: { robustness: level },
  })),
  { id: 'clearkey-license', keySystem: 'org.w3.clearkey', title: 'org.w3.clearkey: a session accepts a JWK licence and reports key status usable', probe: 'eme-clearkey-license', required: true },
];

const emeTemplate: CaseTemplate<EmeRow> = {
  id: 'eme',
  build: (r) => ({
    rowId: r.id, category: 'eme', kind: 'capability', title: r.title,
    probe: { probe: r.probe, args: { keySystem: r.keySystem, ...(r.args ?? {}) }, requirement: r.required ? 'required' : 'optional' }, budgetMs: 5_000,
  }),
};

const FRAME_ROWS = [{ id: 'request-video-frame-callback', title: 'requestVideoFrameCallback delivers presented-frame metadata during playback' }];
const frameTemplate: CaseTemplate<(typeof FRAME_ROWS)[number]> = {
  id: 'video-frame',
  build: (r) => ({ rowId: r.id, category: 'video-frame', kind: 'capability', title: r.title, probe: { probe: 'rvfc', args: {}, requirement: 'optional' }, budgetMs: 8_000 }),
};

/** Every device-capability case. */
export function capabilityCases(): ConformanceCase[] {
  return [
    ...expand(mseTemplate, MSE_ROWS),
    ...expand(isTypeSupportedTemplate, CODEC_ROWS),
    ...expand(mediaCapabilitiesTemplate, CODEC_ROWS),
    ...expand(emeTemplate, EME_ROWS),
    ...expand(frameTemplate, FRAME_ROWS),
  ];
}
