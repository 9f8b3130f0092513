/**
 * Each profile quirk reaches the component that acts on it, judged by what
 * that component then does (a real core/web component, not a mock of ours):
 * codec switching → the ABR strategy's choice; sequence mode, capability and
 * HDR corrections → the web MediaSource sink's `isTypeSupported`; seek delay
 * → the sink's corrective seek; gap padding and stall skip → the core's
 * playhead supervisor; key systems and robustness → the core's key-system
 * candidates and EME configuration; resolution → the core's ABR caps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ThroughputAbrStrategy, defaultPlayerConfig, mergeConfig, validateConfig, type AbrContext, type PlayerConfig, type Track } from '@edgeplay/core';
import { MseMediaSink } from '../../web/src/mse-media-sink.js';
import { supervisePlayhead, type PlayheadObservation } from '../../core/src/player/playhead-supervisor.js';
import { buildConfiguration, candidateKeySystems } from '../../core/src/drm/key-system-selection.js';
import { applyCaps } from '../../core/src/abr/abr-caps.js';
import { componentsForProfile, PLATFORM_PROFILES, playerConfigForProfile, sinkQuirksForProfile, type PlatformId, type PlatformProfile } from '../src/pure.js';

const profile = (id: PlatformId): PlatformProfile => PLATFORM_PROFILES.find((p) => p.id === id)!;
/** The configuration a Player given the profile's config runs with: merged over the defaults and validated, as `new Player` does. */
const resolvedConfig = (id: PlatformId): PlayerConfig => validateConfig(mergeConfig<PlayerConfig>(defaultPlayerConfig(), playerConfigForProfile(profile(id))));
const track = (id: string, bandwidth: number, codecs: string, extra: Partial<Track> = {}): Track =>
  ({ id, type: 'video', bandwidth, codecs, mimeType: 'video/mp4', roles: [], width: 1920, height: 1080, ...extra }) as Track;

describe('codec switching → ABR', () => {
  const ladder = [track('avc-1', 1e6, 'avc1.64001f'), track('hevc-2', 2e6, 'hvc1.1.6.L120.90'), track('avc-3', 3e6, 'avc1.640028'), track('hevc-6', 6e6, 'hvc1.1.6.L150.90')];
  const context = (current: Track | null): AbrContext => ({
    tracks: ladder, current, estimatedBandwidth: 20e6, confidence: 1, bufferLevel: 20, bufferGoal: 30, segmentDuration: 4, playbackRate: 1, startingUp: false, rebuffering: false, now: 0,
  });
  const strategyFor = (id: PlatformId) => {
    const c = componentsForProfile(profile(id), { abrStrategy: new ThroughputAbrStrategy() }).abrStrategy!;
    return typeof c === 'function' ? c({} as never) : c;
  };

  it('desktop (changeType) switches AVC → HEVC when HEVC is the best fit', async () => {
    expect((await strategyFor('desktop').chooseTrack(context(ladder[0]!))).track.id).toBe('hevc-6');
  });

  it.each(['tizen', 'webos', 'playstation5', 'hbbtv'] as const)('%s (same-codec-only) stays within AVC while playing AVC, and within HEVC while playing HEVC', async (id) => {
    expect((await strategyFor(id).chooseTrack(context(ladder[0]!))).track.id).toBe('avc-3');
    expect((await strategyFor(id).chooseTrack(context(ladder[1]!))).track.id).toBe('hevc-6');
  });

  it('HDR tracks the panel cannot show are not chosen (HbbTV lists no HDR); Tizen (PQ/HLG) takes them', async () => {
    const hdrLadder = [track('sdr', 1e6, 'avc1.64001f'), track('pq', 5e6, 'avc1.640028', { hdr: 'PQ' })];
    const ctx = { ...context(null), tracks: hdrLadder };
    const pick = async (id: PlatformId) => {
      const c = componentsForProfile(profile(id), { abrStrategy: new ThroughputAbrStrategy() }).abrStrategy!;
      return (await (typeof c === 'function' ? c({} as never) : c).chooseTrack(ctx)).track.id;
    };
    expect(await pick('hbbtv')).toBe('sdr');
    expect(await pick('tizen')).toBe('pq');
  });
});

describe('sequence mode, capability and HDR corrections → the web sink', () => {
  const g = globalThis as unknown as { MediaSource?: unknown };
  const saved = g.MediaSource;
  afterEach(() => {
    g.MediaSource = saved;
  });
  /** A MediaSource that says yes to everything: what the corrections override. */
  const sinkOn = (id: PlatformId, version: string | null) => {
    g.MediaSource = { isTypeSupported: () => true };
    return new MseMediaSink({} as HTMLVideoElement, sinkQuirksForProfile(profile(id), version, () => 0));
  };

  it('Tizen < 5 is refused Opus it claims; Tizen 6 and desktop keep it', () => {
    expect(sinkOn('tizen', '4.0').isTypeSupported('audio/mp4; codecs="opus"')).toBe(false);
    expect(sinkOn('tizen', null).isTypeSupported('audio/webm; codecs="opus"')).toBe(false); // unknown version: corrected
    expect(sinkOn('tizen', '6.0').isTypeSupported('audio/mp4; codecs="opus"')).toBe(true);
    expect(sinkOn('desktop', null).isTypeSupported('audio/mp4; codecs="opus"')).toBe(true);
  });

  it('no sequence mode: the generate-timestamps byte streams (raw AAC/MP3) are refused, fMP4 is not', () => {
    expect(sinkOn('webos', null).isTypeSupported('audio/aac')).toBe(false);
    expect(sinkOn('playstation4', null).isTypeSupported('audio/mpeg')).toBe(false);
    expect(sinkOn('webos', null).isTypeSupported('audio/mp4; codecs="mp4a.40.2"')).toBe(true);
    expect(sinkOn('desktop', null).isTypeSupported('audio/aac')).toBe(true);
  });

  it('HDR codec strings the panel cannot show are refused (AV1/VP9 transfer 16 = PQ, Dolby Vision)', () => {
    const av1pq = 'video/mp4; codecs="av01.0.08M.10.0.110.09.16.09.0"';
    const vp9hlg = 'video/mp4; codecs="vp09.02.10.10.01.09.18.09.00"';
    expect(sinkOn('hbbtv', null).isTypeSupported(av1pq)).toBe(false);
    expect(sinkOn('vizio', null).isTypeSupported(vp9hlg)).toBe(false); // Vizio: PQ only
    expect(sinkOn('vizio', null).isTypeSupported(av1pq)).toBe(true);
    expect(sinkOn('playstation4', null).isTypeSupported('video/mp4; codecs="dvh1.05.06"')).toBe(false);
    expect(sinkOn('tizen', null).isTypeSupported(vp9hlg)).toBe(true);
  });

  it('a platform no keeps its no', () => {
    g.MediaSource = { isTypeSupported: () => false };
    expect(new MseMediaSink({} as HTMLVideoElement, sinkQuirksForProfile(profile('tizen'), '6.0', () => 0)).isTypeSupported('video/mp4; codecs="avc1.640028"')).toBe(false);
  });
});

describe('seek delay → the sink re-seeks a landing that is off target', () => {
  /** A video element whose pipeline snaps the next `snaps` seeks to the previous 2 s keyframe (then the decoder has it). */
  class SnappingVideo extends EventTarget {
    readonly sets: number[] = [];
    private t = 0;
    snaps = 1;
    get currentTime(): number {
      return this.t;
    }
    set currentTime(v: number) {
      this.sets.push(v);
      this.t = this.snaps-- > 0 ? Math.floor(v / 2) * 2 : v;
      queueMicrotask(() => this.dispatchEvent(new Event('seeked')));
    }
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('Tizen (seekDelay 0.5): a seek to 31.5 that lands at 30 is re-issued once; at most once per 0.5 s', async () => {
    let now = 0;
    const video = new SnappingVideo();
    const sink = new MseMediaSink(video as unknown as HTMLVideoElement, sinkQuirksForProfile(profile('tizen'), null, () => now));
    sink.seek(31.5);
    await settle();
    await settle();
    expect(video.sets).toEqual([31.5, 31.5]);
    expect(video.currentTime).toBe(31.5);
    video.snaps = 1;
    now = 100; // within 0.5 s of the last correction: no second one
    sink.seek(41.5);
    await settle();
    await settle();
    expect(video.sets).toEqual([31.5, 31.5, 41.5]);
    expect(video.currentTime).toBe(40);
    video.snaps = 1;
    now = 700; // later than 0.5 s: corrected again
    sink.seek(51.5);
    await settle();
    await settle();
    expect(video.sets).toEqual([31.5, 31.5, 41.5, 51.5, 51.5]);
  });

  it('desktop (seekDelay 0) never re-seeks', async () => {
    const video = new SnappingVideo();
    const sink = new MseMediaSink(video as unknown as HTMLVideoElement, sinkQuirksForProfile(profile('desktop'), null, () => 0));
    sink.seek(31.5);
    await settle();
    await settle();
    expect(video.sets).toEqual([31.5]);
  });
});

describe('gap padding and stall skip → the core playhead supervisor', () => {
  const observe = (id: PlatformId, o: Partial<PlayheadObservation>) => {
    const s = resolvedConfig(id).streaming;
    // Playing after the start (started), one media type: rangesByType holds the same ranges as `ranges`.
    const ranges = o.ranges ?? [{ start: 0, end: 15 }];
    return supervisePlayhead({
      state: 'playing', playhead: 10, ahead: 5, ranges, rangesByType: [ranges], started: true, msWithoutProgress: 0, startTimeoutMs: s.startTimeoutMs,
      presentationEnd: 60, skipped: [], ended: false, userPaused: false, liveWindow: null, maxSegmentDuration: 4, resumeGoal: 2, stall: 'ok',
      gapJumpThreshold: s.gapJumpThreshold, gapPadding: s.gapPadding, stallSkip: s.stallSkip, ...o,
    });
  };

  it('a gap jump lands gapPadding inside the next range: 0.1 s on Tizen, 0.01 s on desktop', () => {
    const gap = { playhead: 10, ahead: 0, ranges: [{ start: 0, end: 10 }, { start: 10.3, end: 20 }] };
    expect(observe('tizen', gap)).toEqual({ kind: 'jump', to: 10.4 });
    expect(observe('desktop', gap)).toEqual({ kind: 'jump', to: 10.31 });
  });

  it('a decoder stuck with data is nudged on desktop and Xbox, never on the no-skip pipelines (their ladder pauses/plays)', () => {
    expect(observe('desktop', { stall: 'stuck-with-data' })).toEqual({ kind: 'nudge', to: 10.1 });
    expect(observe('xbox', { stall: 'stuck-with-data' })).toEqual({ kind: 'nudge', to: 10.1 });
    for (const id of ['tizen', 'webos', 'vidaa', 'chromecast', 'hbbtv', 'webkit-stb'] as const) {
      expect(observe(id, { stall: 'stuck-with-data' })).toEqual({ kind: 'none' });
      expect(profile(id).stallRecovery.some((s) => s.kind === 'seek')).toBe(false);
    }
  });
});

describe('key systems and robustness → the core key-system selection', () => {
  const protections = [
    { schemeIdUri: 'urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', keySystem: 'com.widevine.alpha', defaultKeyIds: [], pssh: [], licenseUrl: 'https://lic/wv' },
    { schemeIdUri: 'urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95', keySystem: 'com.microsoft.playready', defaultKeyIds: [], pssh: [], licenseUrl: 'https://lic/pr' },
  ];
  const order = (id: PlatformId) => candidateKeySystems(protections, resolvedConfig(id).drm);

  it('TVs and consoles try PlayReady first; Chromecast, Fire TV and desktop Widevine', () => {
    for (const id of ['tizen', 'webos', 'xbox', 'playstation5', 'hbbtv'] as const) expect(order(id)[0]).toMatch(/^com\.microsoft\.playready/);
    for (const id of ['chromecast', 'firetv', 'desktop'] as const) expect(order(id)[0]).toBe('com.widevine.alpha');
  });

  it('Xbox asks PlayReady SL3000 video / SL2000 audio robustness in the EME configuration', () => {
    const cfg = buildConfiguration('com.microsoft.playready.recommendation', { video: ['video/mp4; codecs="avc1.640028"'], audio: ['audio/mp4; codecs="mp4a.40.2"'] }, 'cenc', resolvedConfig('xbox').drm);
    expect(cfg.videoCapabilities?.map((c) => c.robustness)).toEqual(['3000']);
    expect(cfg.audioCapabilities?.map((c) => c.robustness)).toEqual(['2000']);
  });
});

describe('resolution cap → the core ABR caps', () => {
  it('HbbTV (1080p cap) excludes a 2160p rendition; desktop keeps it', () => {
    const tracks = [track('hd', 4e6, 'avc1.640028'), track('uhd', 15e6, 'hvc1.2.4.L153', { width: 3840, height: 2160 })];
    const capFor = (id: PlatformId) => applyCaps(tracks, { maxResolution: resolvedConfig(id).abr.maxResolution }).allowed.map((t) => t.id);
    expect(capFor('hbbtv')).toEqual(['hd']);
    expect(capFor('desktop')).toEqual(['hd', 'uhd']);
  });
});
