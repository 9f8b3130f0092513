/**
 * Adapters for the peer players served by the reference server under
 * /vendor/… (shaka-player, hls.js, dash.js), so the player-behaviour cases
 * compare them with Edgeplay on the same device. The players are loaded as
 * their UMD builds; the typings below are the few members used. Config is
 * mapped where a player has an equivalent (buffer goal, ClearKey keys).
 */
import { loadScript, nearestByBandwidth, type AdapterError, type AdapterFactory, type PlayerAdapter } from './player-adapter.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the UMD players are untyped globals here; each use is guarded. */
type Config = Record<string, unknown> | undefined;
const bufferGoal = (c: Config) => (c?.streaming as { bufferGoal?: number } | undefined)?.bufferGoal;
const clearKeys = (c: Config) => (c?.drm as { clearKeys?: Record<string, string> } | undefined)?.clearKeys;
const hexToB64url = (hex: string) => btoa(String.fromCharCode(...hex.match(/../g)!.map((h) => parseInt(h, 16)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const g = globalThis as any;

/** Common parts: errors list, element seek. */
function base(name: string, formats: PlayerAdapter['formats'], video: HTMLVideoElement) {
  const errors: AdapterError[] = [];
  return {
    name, formats, errors: () => errors, push: (e: AdapterError) => errors.push(e),
    seek: async (t: number) => void (video.currentTime = t),
  };
}

/** shaka-player (`shaka.Player`). */
export const shakaAdapter: AdapterFactory = async (video) => {
  await loadScript('/vendor/shaka-player/dist/shaka-player.compiled.js');
  g.shaka.polyfill?.installAll?.();
  const b = base('shaka', ['dash', 'hls'], video);
  let p: any = null;
  return {
    ...b,
    async load(url, { startTime, config }) {
      p = new g.shaka.Player();
      await p.attach(video);
      const goal = bufferGoal(config);
      const keys = clearKeys(config);
      p.configure({ ...(goal ? { streaming: { bufferingGoal: goal } } : {}), ...(keys ? { drm: { clearKeys: keys } } : {}) });
      p.addEventListener('error', (e: any) => b.push({ code: `shaka-${e.detail?.code}`, severity: e.detail?.severity === 2 ? 'fatal' : 'recoverable', message: String(e.detail?.message ?? e.detail?.code) }));
      try {
        await p.load(url, startTime);
      } catch (e: any) {
        b.push({ code: `shaka-${e?.code}`, severity: 'fatal', message: String(e?.message ?? e) });
        return;
      }
      void video.play().catch(() => undefined);
    },
    selectVideo(r) {
      p.configure({ abr: { enabled: false } });
      const t = nearestByBandwidth(p.getVariantTracks() as any[], (x) => x.videoBandwidth ?? x.bandwidth, r);
      if (t) p.selectVariantTrack(t, true);
    },
    selectAudio(language) {
      // shaka 5 dropped selectAudioLanguage: pick the audio track (older versions: the language call).
      const t = (p.getAudioTracks?.() as any[] | undefined)?.find((x) => String(x.language).split('-')[0] === language);
      if (t) p.selectAudioTrack(t);
      else p.selectAudioLanguage?.(language);
    },
    selectText(language) {
      const visible = (on: boolean) => (p.setTextTrackVisibility ? p.setTextTrackVisibility(on) : p.getTextDisplayer?.()?.setTextVisibility?.(on));
      if (language === null) return void visible(false);
      const t = (p.getTextTracks() as any[]).find((x) => language === '*' || String(x.language).split('-')[0] === language);
      if (t) p.selectTextTrack(t);
      visible(true);
    },
    async destroy() {
      await p?.destroy();
      p = null;
    },
  };
};

/** hls.js (`Hls`), HLS only. */
export const hlsjsAdapter: AdapterFactory = async (video) => {
  await loadScript('/vendor/hls.js/dist/hls.min.js');
  const b = base('hlsjs', ['hls'], video);
  let h: any = null;
  return {
    ...b,
    async load(url, { startTime, config }) {
      const goal = bufferGoal(config);
      const keys = clearKeys(config);
      h = new g.Hls({ ...(goal ? { maxBufferLength: goal } : {}), ...(startTime === undefined ? {} : { startPosition: startTime }), ...(keys ? { emeEnabled: true, drmSystems: { 'org.w3.clearkey': {} } } : {}) });
      h.on(g.Hls.Events.ERROR, (_e: unknown, d: any) => b.push({ code: `hlsjs-${d.details}`, severity: d.fatal ? 'fatal' : 'recoverable', message: `${d.type}/${d.details}` }));
      h.loadSource(url);
      h.attachMedia(video);
      void video.play().catch(() => undefined);
    },
    selectVideo(r) {
      const levels = h.levels as any[];
      const target = nearestByBandwidth(levels, (l) => l.bitrate, r);
      h.currentLevel = levels.indexOf(target);
    },
    selectAudio(language) {
      const i = (h.audioTracks as any[]).findIndex((t) => String(t.lang).split('-')[0] === language);
      if (i >= 0) h.audioTrack = i;
    },
    selectText(language) {
      const i = language === null ? -1 : (h.subtitleTracks as any[]).findIndex((t) => language === '*' || String(t.lang).split('-')[0] === language);
      // No subtitle track for '*': captions (608) are rendered natively as text tracks, leave them on.
      if (language === '*' && i < 0) return;
      h.subtitleDisplay = i >= 0;
      h.subtitleTrack = i;
    },
    async destroy() {
      h?.destroy();
      h = null;
    },
  };
};

/** dash.js (`dashjs.MediaPlayer`), DASH only. */
export const dashjsAdapter: AdapterFactory = async (video) => {
  await loadScript('/vendor/dashjs/dist/modern/umd/dash.all.min.js');
  const b = base('dashjs', ['dash'], video);
  let p: any = null;
  return {
    ...b,
    async load(url, { startTime, config }) {
      p = g.dashjs.MediaPlayer().create();
      const goal = bufferGoal(config);
      if (goal) p.updateSettings({ streaming: { buffer: { bufferTimeDefault: goal, bufferTimeAtTopQuality: goal } } });
      const keys = clearKeys(config);
      if (keys) p.setProtectionData({ 'org.w3.clearkey': { clearkeys: Object.fromEntries(Object.entries(keys).map(([k, v]) => [hexToB64url(k), hexToB64url(v)])) } });
      p.on(g.dashjs.MediaPlayer.events.ERROR, (e: any) => b.push({ code: `dashjs-${e.error?.code}`, severity: 'fatal', message: String(e.error?.message) }));
      p.initialize(video, startTime === undefined ? url : `${url}#t=${startTime}`, true);
    },
    selectVideo(r) {
      p.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
      const reps = (p.getRepresentationsByType?.('video') ?? []) as any[];
      const t = nearestByBandwidth(reps, (x) => x.bandwidth, r);
      if (t) p.setRepresentationForTypeById('video', t.id, true);
    },
    selectAudio(language) {
      const t = (p.getTracksFor('audio') as any[]).find((x) => String(x.lang).split('-')[0] === language);
      if (t) p.setCurrentTrack(t);
    },
    selectText(language) {
      const tracks = p.getTracksFor('text') as any[];
      const i = language === null ? -1 : tracks.findIndex((x) => language === '*' || String(x.lang).split('-')[0] === language);
      p.enableText?.(i >= 0);
      p.setTextTrack(i);
    },
    async destroy() {
      p?.reset();
      p = null;
    },
  };
};
